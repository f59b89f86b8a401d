/**
 * "Improve this cell": the best single edits of a cell (change one operator, or rewire one input)
 * by predicted score, from the space's neighbours scored in one batch, and a greedy hill-climb of a
 * few such edits. Edits over the limits (the file's `space` block merged with the caller's) are left
 * out. A DARTS cell has ~150 neighbours: one batched score of a few milliseconds.
 */
import { tryCost, type SearchSpace } from '../spaces/space';
import type { Cell, CellCost } from '../types';
import { mergeLimits } from './limits';
import type { Scorer, SearchLimits } from './types';

export interface CellEdit<C extends Cell = Cell> {
  /** The cell after the edit (in the space's own form, node order of the original kept where the space allows). */
  cell: C;
  /** What changed, in words: "normal node 3, input 1: sep_conv_3x3 -> dil_conv_3x3". */
  description: string;
  /** Raw proxy score after the edit, and the gain over the original (same units). */
  score: number;
  gain: number;
  /** Network cost after the edit, and its change (M params / M FLOPs in the space's convention); undefined without a cost model. */
  cost?: CellCost;
  deltaParamsM?: number;
  deltaFlopsM?: number;
}

export interface ImproveOptions {
  /** How many edits to return (default 5). */
  top?: number;
  /** Limits merged with the space's own (the tighter wins). */
  limits?: SearchLimits;
  /** Dataset of the cost model (NB201: cifar10, ...). */
  dataset?: string;
}

export interface Improvement<C extends Cell = Cell> {
  /** Score of the cell as it is. */
  score: number;
  cost?: CellCost;
  /** Best single edits, best first; only those that raise the score. */
  edits: CellEdit<C>[];
  /** Neighbours looked at (after the limits). */
  considered: number;
}

function withinLimits(cost: CellCost | undefined, limits: SearchLimits): boolean {
  if (limits.maxParamsM !== undefined && cost && cost.params_M > limits.maxParamsM) return false;
  if (limits.maxFlopsM !== undefined && cost && cost.flops_M > limits.maxFlopsM) return false;
  return true;
}

/**
 * The best single edits of `cell`. `scorer` scores a batch of cells of `space` (the proxy's raw
 * score, higher is better); edits that do not raise the score are dropped. Errors: none of its own
 * (the scorer's propagate).
 */
export async function improveCell<C extends Cell>(space: SearchSpace<C>, cell: C, scorer: Scorer<C>, options: ImproveOptions = {}): Promise<Improvement<C>> {
  const limits = mergeLimits(space.limits, options.limits);
  const constrained = limits.maxParamsM !== undefined || limits.maxFlopsM !== undefined;
  const seen = new Set([space.key(cell)]);
  const candidates: Array<{ cell: C; cost?: CellCost }> = [];
  for (const n of space.neighbours(cell)) {
    const key = space.key(n);
    if (seen.has(key)) continue;
    seen.add(key);
    // Costs only where a limit needs them now; the returned few get theirs below.
    const cost = constrained ? tryCost(space, n, options.dataset) : undefined;
    if (constrained && !withinLimits(cost, limits)) continue;
    candidates.push({ cell: n, cost });
  }
  const scores = await scorer([cell, ...candidates.map((c) => c.cell)]);
  const base = scores[0];
  const baseCost = tryCost(space, cell, options.dataset);
  const ranked = candidates
    .map((c, i) => ({ ...c, score: scores[i + 1] }))
    .filter((c) => c.score > base)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.top ?? 5);
  const edits = ranked.map((c): CellEdit<C> => {
    const cost = c.cost ?? tryCost(space, c.cell, options.dataset);
    return {
      cell: c.cell, score: c.score, gain: c.score - base, description: describeEdit(cell, c.cell),
      cost,
      ...(cost && baseCost ? { deltaParamsM: cost.params_M - baseCost.params_M, deltaFlopsM: cost.flops_M - baseCost.flops_M } : {}),
    };
  });
  return { score: base, cost: baseCost, edits, considered: candidates.length };
}

/**
 * A greedy hill-climb: apply the best single edit, then the best edit of the result, `steps` times
 * (stops early when no edit raises the score). Returns each step, so the editor can preview the path.
 */
export async function hillClimb<C extends Cell>(space: SearchSpace<C>, cell: C, scorer: Scorer<C>, steps = 3, options: ImproveOptions = {}): Promise<CellEdit<C>[]> {
  const path: CellEdit<C>[] = [];
  let current = cell;
  for (let k = 0; k < steps; k++) {
    const { edits } = await improveCell(space, current, scorer, { ...options, top: 1 });
    if (edits.length === 0) break;
    path.push(edits[0]);
    current = edits[0].cell;
  }
  return path;
}

/** In words, what turned `before` into `after` (one operator or one input; a list when more changed). */
export function describeEdit(before: Cell, after: Cell): string {
  const changes: string[] = [];
  if (before.kind === 'nb201' && after.kind === 'nb201') {
    const edges = ['0→1', '0→2', '1→2', '0→3', '1→3', '2→3'];
    before.ops.forEach((op, i) => {
      if (op !== after.ops[i]) changes.push(`edge ${edges[i]}: ${op} → ${after.ops[i]}`);
    });
  } else if (before.kind === 'darts' && after.kind === 'darts') {
    for (const half of ['normal', 'reduce'] as const) {
      before[half].forEach(([op, input], i) => {
        const [op2, input2] = after[half][i] ?? [];
        const where = `${half} node ${2 + Math.floor(i / 2)}`;
        if (op !== op2 && input === input2) changes.push(`${where}, input ${input}: ${op} → ${op2}`);
        else if (op === op2 && input !== input2) changes.push(`${where}, ${op}: input ${input} → ${input2}`);
        else if (op !== op2) changes.push(`${where}: (${op}, ${input}) → (${op2}, ${input2})`);
      });
    }
  } else if ((before.kind === 'nb101' || before.kind === 'graph') && after.kind === before.kind) {
    const b = before as Extract<Cell, { kind: 'nb101' | 'graph' }>;
    const a = after as Extract<Cell, { kind: 'nb101' | 'graph' }>;
    if (b.ops.length === a.ops.length) {
      b.ops.forEach((op, i) => {
        if (op !== a.ops[i]) changes.push(`node ${i}: ${op} → ${a.ops[i]}`);
      });
    }
    if (changes.length === 0) changes.push('one connection rewired');
  }
  return changes.length ? changes.join('; ') : 'one change';
}
