/**
 * DARTS space (Liu et al. 2019): normal + reduction cell, each 4 intermediate nodes with two
 * (op, input) pairs; inputs 0/1 are the two previous cells, the cell output concatenates nodes 2..5.
 */
import type { CellCost, DartsCell, DartsPairs, OpGraph, Operator, Rng } from '../types';
import { DARTS_OPS, INPUT, OUTPUT } from './vocabulary';
import { CostCounter, applyOp, factorizedReduce, reluConvBn, type FlopsConvention, type Shape } from './cost';
import type { EdgeSlot, SearchSpace, SpaceOperator } from './space';
import { describeOps, pickNeighbour } from './space';

export type DartsHalf = 'normal' | 'reduce';

/**
 * Operator-as-node DAG of one cell half (tgnas-method.md §2): nodes 0,1 = the two cell inputs,
 * 2.. = one node per (op, input) pair, last = output. Pair i -> node i+2; an input k >= 2 is fed by
 * the two pair-nodes producing intermediate node k (2k-2, 2k-1). Pair-nodes of concatenated
 * intermediate nodes feed the output (all of them for DARTS genotypes, concat = 2..5).
 */
export function dartsGraph(pairs: DartsPairs, concat: readonly number[]): OpGraph {
  const n = pairs.length + 3;
  const out = n - 1;
  const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  pairs.forEach(([, src], i) => {
    if (src < 2) adj[src][i + 2] = 1;
    else {
      adj[2 * src - 2][i + 2] = 1;
      adj[2 * src - 1][i + 2] = 1;
    }
    if (concat.includes(2 + Math.floor(i / 2))) adj[i + 2][out] = 1;
  });
  return { ops: ['input', 'input', ...pairs.map(([op]) => op), 'output'], adj };
}

/**
 * Depth of a cell half: the most operators on a path from a cell input to the concatenated output
 * ('none' pairs do not count as a path). Searches use it to bias or constrain cell shape.
 */
export function dartsCellDepth(pairs: DartsPairs, concat: readonly number[] = [2, 3, 4, 5]): number {
  const depth = [0, 0];
  for (let k = 0; k < pairs.length / 2; k++) {
    const live = pairs.slice(2 * k, 2 * k + 2).filter(([op]) => op !== 'none');
    depth.push(live.length ? 1 + Math.max(...live.map(([, src]) => depth[src] ?? 0)) : 0);
  }
  return Math.max(0, ...concat.map((c) => depth[c] ?? 0));
}

/** Problems of one cell half against an operator set (8 pairs, inputs in range, concat sane). */
function validateHalf(half: DartsHalf, pairs: DartsPairs, concat: number[], ops: Set<string>, opList: string): string[] {
  const errors: string[] = [];
  if (!Array.isArray(pairs) || pairs.length !== 8) {
    errors.push(`${half} cell: expected 8 (op, input) pairs (two per node 2..5), got ${pairs?.length ?? 0}`);
    return errors;
  }
  pairs.forEach(([op, src], i) => {
    const node = 2 + Math.floor(i / 2);
    if (!ops.has(op)) errors.push(`${half} cell, pair ${i + 1}: '${op}' is not a DARTS operator (${opList})`);
    if (!Number.isInteger(src) || src < 0 || src >= node) {
      errors.push(`${half} cell, pair ${i + 1}: input ${src} out of range for node ${node} (0..${node - 1})`);
    }
  });
  for (const c of concat ?? []) {
    if (!Number.isInteger(c) || c < 2 || c > 5) errors.push(`${half} cell: concat node ${c} is not an intermediate node (2..5)`);
  }
  if (!concat || concat.length === 0) errors.push(`${half} cell: empty concat`);
  return errors;
}

function* permutations(n: number): Generator<number[]> {
  const a = Array.from({ length: n }, (_, i) => i);
  const rec = function* (k: number): Generator<number[]> {
    if (k === n) yield [...a];
    for (let i = k; i < n; i++) {
      [a[k], a[i]] = [a[i], a[k]];
      yield* rec(k + 1);
      [a[k], a[i]] = [a[i], a[k]];
    }
  };
  yield* rec(0);
}

function pairStr([op, src]: [string, number]): string {
  return `${op}~${src}`;
}

/**
 * Canonical cell half: pairs sorted within each node, concat sorted and de-duplicated, and the
 * intermediate nodes relabelled (any topological relabelling) to the lexicographically smallest
 * serialisation — renumbering independent nodes only permutes concatenated channels.
 */
type CanonicalHalf = { pairs: DartsPairs; concat: number[]; text: string };

/**
 * Searches meet the same half-cells thousands of times and the relabelling below tries every
 * node order, so results are memoised by the raw half (bounded; cleared when full).
 */
const halfCache = new Map<string, CanonicalHalf>();
const HALF_CACHE_LIMIT = 50_000;

export function canonicalHalf(pairs: DartsPairs, concat: readonly number[]): CanonicalHalf {
  const raw = `${pairs.map(([op, src]) => `${op}@${src}`).join(',')}|${concat.join(',')}`;
  const hit = halfCache.get(raw);
  if (hit) return { pairs: hit.pairs.map(([op, src]) => [op, src] as [string, number]), concat: [...hit.concat], text: hit.text };
  const result = canonicalHalfUncached(pairs, concat);
  if (halfCache.size >= HALF_CACHE_LIMIT) halfCache.clear();
  halfCache.set(raw, result);
  return { pairs: result.pairs.map(([op, src]) => [op, src] as [string, number]), concat: [...result.concat], text: result.text };
}

function canonicalHalfUncached(pairs: DartsPairs, concat: readonly number[]): CanonicalHalf {
  const m = pairs.length / 2;
  let best: { pairs: DartsPairs; concat: number[]; text: string } | undefined;
  for (const perm of permutations(m)) {
    // perm[old node index - 2] = new node index - 2
    const map = (src: number) => (src < 2 ? src : perm[src - 2] + 2);
    let ok = true;
    for (let k = 0; k < m && ok; k++) {
      for (const [, src] of pairs.slice(2 * k, 2 * k + 2)) if (src >= 2 && map(src) >= perm[k] + 2) ok = false;
    }
    if (!ok) continue;
    const nodes: Array<Array<[string, number]>> = new Array(m);
    for (let k = 0; k < m; k++) {
      const two = pairs.slice(2 * k, 2 * k + 2).map(([op, src]) => [op, map(src)] as [string, number]);
      two.sort((a, b) => (pairStr(a) < pairStr(b) ? -1 : pairStr(a) > pairStr(b) ? 1 : 0));
      nodes[perm[k]] = two;
    }
    const flat = nodes.flat() as DartsPairs;
    const cc = [...new Set(concat.map(map))].sort((a, b) => a - b);
    const text = `${flat.map(pairStr).join(',')}|${cc.join(',')}`;
    if (!best || text < best.text) best = { pairs: flat, concat: cc, text };
  }
  return best!;
}

export type DartsSetting = 'cifar10' | 'cifar100' | 'imagenet';

export interface DartsNetworkOptions {
  /** 'cifar10' (default; 20 cells, C=36), 'cifar100' (same, 100 classes), 'imagenet' (mobile: 14 cells, C=48, 224 input). */
  dataset?: string;
  layers?: number;
  channels?: number;
  /** FLOPs convention (default DARTS_FLOPS). */
  convention?: FlopsConvention;
  hints?: (name: string) => SpaceOperator | undefined;
}

/**
 * FLOPs convention DARTS-topology spaces show by default: 'naslib'. The papers' ImageNet (mobile
 * setting) "multiply-adds" come from counters that differ from paper to paper and none is published
 * with its code (quark0/darts issue #46: conv + FC counts give 523M for DARTS-V2, ptflops 545M, not 574M). 'naslib'
 * reproduces P-DARTS (557M: 557.67) and PC-DARTS (597M: 597.35) to 0.12% and is 5.0% under DARTS-V2's
 * 574M (545.29); 'mult-adds' (conv + linear only, the MobileNet / NASNet definition) is 2.5-7.7% under
 * all three (529.91 for DARTS-V2). test/unit/spaces-flops.test.ts holds these figures.
 */
export const DARTS_FLOPS: FlopsConvention = 'naslib';

/**
 * Params/FLOPs of the DARTS evaluation network (NetworkCIFAR / NetworkImageNet of the DARTS repo,
 * auxiliary head excluded) built from a genotype, FLOPs in `o.convention` (default DARTS_FLOPS).
 * Works for any pair count (NASNet-style genotypes too).
 */
export function dartsNetworkCost(cell: DartsCell, o: DartsNetworkOptions = {}): CellCost | undefined {
  const ds = (o.dataset ?? 'cifar10').toLowerCase().replace(/[-_]/g, '');
  const imagenet = ds === 'imagenet' || ds === 'imagenet1k';
  if (!imagenet && !['cifar10', 'c10', 'cifar100', 'c100'].includes(ds)) {
    throw new Error(`unknown DARTS setting '${o.dataset}' (cifar10, cifar100, imagenet)`);
  }
  const classes = imagenet ? 1000 : ds.endsWith('100') ? 100 : 10;
  const layers = o.layers ?? (imagenet ? 14 : 20);
  const C = o.channels ?? (imagenet ? 48 : 36);
  const k = new CostCounter(o.convention ?? DARTS_FLOPS);
  let s0: Shape;
  let s1: Shape;
  let reductionPrev: boolean;
  let cCurr: number;
  if (imagenet) {
    let x: Shape = { c: 3, h: 224, w: 224 };
    x = k.bn(k.conv(x, C / 2, 3, { stride: 2, padding: 1 }));
    x = k.bn(k.conv(k.relu(x), C, 3, { stride: 2, padding: 1 }));
    s0 = x;
    s1 = k.bn(k.conv(k.relu(x), C, 3, { stride: 2, padding: 1 }));
    reductionPrev = true;
    cCurr = C;
  } else {
    const stem = k.bn(k.conv({ c: 3, h: 32, w: 32 }, 3 * C, 3, { padding: 1 }));
    s0 = s1 = stem;
    reductionPrev = false;
    cCurr = C;
  }
  for (let i = 0; i < layers; i++) {
    const reduction = i === Math.floor(layers / 3) || i === Math.floor((2 * layers) / 3);
    if (reduction) cCurr *= 2;
    const [pairs, concat] = reduction ? [cell.reduce, cell.reduceConcat] : [cell.normal, cell.normalConcat];
    const p0 = reductionPrev ? factorizedReduce(k, s0, cCurr) : reluConvBn(k, s0, cCurr, 1);
    const p1 = reluConvBn(k, s1, cCurr, 1);
    const states: Shape[] = [p0, p1];
    for (let n = 0; n < pairs.length / 2; n++) {
      let out: Shape | undefined;
      for (const [op, src] of pairs.slice(2 * n, 2 * n + 2)) {
        const stride = reduction && src < 2 ? 2 : 1;
        const y = applyOp(k, op, states[src], stride, o.hints?.(op)?.cost);
        if (!y) return undefined;
        out = y;
      }
      states.push(out!);
    }
    const out = { c: concat.length * cCurr, h: states[2].h, w: states[2].w };
    s0 = s1;
    s1 = out;
    reductionPrev = reduction;
  }
  // NetworkCIFAR: AdaptiveAvgPool2d(1); NetworkImageNet: AvgPool2d(7) on the 7x7 map; both then Linear.
  const pooled = imagenet ? k.pool(s1, 7, 7, 0) : k.globalPool(s1);
  k.linear(pooled.c, classes);
  return k.result();
}

export interface DartsSpaceOptions {
  id: string;
  label: string;
  /** Searchable operators; 'none' (if listed) is allowed on pruning edges and in genotypes but never sampled. */
  operators: readonly SpaceOperator[];
  limits?: { maxParamsM?: number; maxFlopsM?: number };
}

export class DartsSpace implements SearchSpace<DartsCell> {
  readonly topology = 'darts' as const;
  readonly cellKind = 'darts' as const;
  readonly inputOperator: Operator = INPUT;
  readonly outputOperator: Operator = OUTPUT;
  readonly id: string;
  readonly label: string;
  readonly operators: readonly SpaceOperator[];
  readonly size: bigint;
  readonly limits?: { maxParamsM?: number; maxFlopsM?: number };
  readonly flopsConvention: FlopsConvention = DARTS_FLOPS;
  private readonly byName: Map<string, SpaceOperator>;
  /** Operators cells are sampled and mutated over ('none' excluded, as DARTS derivation excludes it). */
  private readonly live: string[];

  constructor(o: DartsSpaceOptions) {
    this.id = o.id;
    this.label = o.label;
    this.operators = o.operators;
    this.byName = new Map(o.operators.map((x) => [x.name, x]));
    this.live = o.operators.map((x) => x.name).filter((n) => n !== 'none');
    // Per cell: node k picks 2 distinct inputs of k (unordered) and an op for each.
    const nOps = BigInt(this.live.length);
    let half = 1n;
    for (let node = 2; node <= 5; node++) half *= BigInt((node * (node - 1)) / 2) * nOps * nOps;
    this.size = half * half;
    this.limits = o.limits;
  }

  operator(name: string): Operator | undefined {
    if (name === 'input') return INPUT;
    if (name === 'output') return OUTPUT;
    return this.byName.get(name);
  }

  validate(cell: DartsCell | { kind: string }): string[] {
    if (cell.kind !== 'darts') return [`${this.id} holds DARTS genotypes, got a ${cell.kind} cell`];
    const c = cell as DartsCell;
    const ops = new Set(this.byName.keys());
    const list = describeOps(this.operators);
    return [
      ...validateHalf('normal', c.normal, c.normalConcat, ops, list),
      ...validateHalf('reduce', c.reduce, c.reduceConcat, ops, list),
    ];
  }

  canonical(cell: DartsCell): DartsCell {
    const n = canonicalHalf(cell.normal, cell.normalConcat);
    const r = canonicalHalf(cell.reduce, cell.reduceConcat);
    return { kind: 'darts', normal: n.pairs, normalConcat: n.concat, reduce: r.pairs, reduceConcat: r.concat };
  }

  key(cell: DartsCell): string {
    return `normal:${canonicalHalf(cell.normal, cell.normalConcat).text};reduce:${canonicalHalf(cell.reduce, cell.reduceConcat).text}`;
  }

  /** Two graphs: [normal, reduce] — the reduction cell is scored too (tgnas-method.md §5). */
  toGraphs(cell: DartsCell): OpGraph[] {
    return [dartsGraph(cell.normal, cell.normalConcat), dartsGraph(cell.reduce, cell.reduceConcat)];
  }

  private sampleHalf(rng: Rng): DartsPairs {
    const pairs: DartsPairs = [];
    for (let node = 2; node <= 5; node++) {
      const a = rng.int(node);
      let b = rng.int(node - 1);
      if (b >= a) b++;
      pairs.push([this.live[rng.int(this.live.length)], a], [this.live[rng.int(this.live.length)], b]);
    }
    return pairs;
  }

  sample(rng: Rng): DartsCell {
    return { kind: 'darts', normal: this.sampleHalf(rng), normalConcat: [2, 3, 4, 5], reduce: this.sampleHalf(rng), reduceConcat: [2, 3, 4, 5] };
  }

  /** Change one op, or move one pair to another input (kept distinct from its sibling's input). */
  neighbours(cell: DartsCell): DartsCell[] {
    const seen = new Set([this.key(cell)]);
    const out: DartsCell[] = [];
    const push = (c: DartsCell) => {
      const k = this.key(c);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(c);
      }
    };
    for (const half of ['normal', 'reduce'] as const) {
      const pairs = cell[half];
      pairs.forEach(([op, src], i) => {
        const node = 2 + Math.floor(i / 2);
        const sibling = pairs[i ^ 1][1];
        const withPair = (p: [string, number]): DartsCell => {
          const next = pairs.map((q) => [...q] as [string, number]);
          next[i] = p;
          return { ...cell, [half]: next };
        };
        for (const o of this.live) if (o !== op) push(withPair([o, src]));
        for (let s = 0; s < node; s++) if (s !== src && s !== sibling) push(withPair([op, s]));
      });
    }
    return out.filter((c) => this.validate(c).length === 0);
  }

  mutate(cell: DartsCell, rng: Rng): DartsCell {
    return pickNeighbour(this, cell, rng);
  }

  /** dataset: 'cifar10' (default), 'cifar100' or 'imagenet' (mobile setting); FLOPs in `flops` (default 'naslib'). */
  cost(cell: DartsCell, dataset?: string, flops: FlopsConvention = this.flopsConvention): CellCost | undefined {
    return dartsNetworkCost(cell, { dataset, convention: flops, hints: (n) => this.byName.get(n) });
  }

  /** 14 candidate edges per cell type (node k <- inputs 0..k-1), normal first, each with every operator. */
  edges(): EdgeSlot[] {
    const names = this.operators.map((o) => o.name);
    const slots: EdgeSlot[] = [];
    for (const cellType of ['normal', 'reduce'] as const) {
      for (let to = 2; to <= 5; to++) {
        for (let from = 0; from < to; from++) slots.push({ index: slots.length, cellType, from, to, ops: [...names] });
      }
    }
    return slots;
  }

  /** 28 ops (one per slot of `edges()`); 'none' = edge absent; every node must keep exactly two edges. */
  cellFromEdges(ops: string[]): DartsCell {
    const slots = this.edges();
    if (ops.length !== slots.length) throw new Error(`expected ${slots.length} edge ops, got ${ops.length}`);
    const halves: Record<DartsHalf, DartsPairs> = { normal: [], reduce: [] };
    for (const cellType of ['normal', 'reduce'] as const) {
      for (let to = 2; to <= 5; to++) {
        const kept = slots.filter((s) => s.cellType === cellType && s.to === to && ops[s.index] !== 'none');
        if (kept.length !== 2) throw new Error(`${cellType} node ${to} keeps ${kept.length} edges; a DARTS node takes exactly 2`);
        for (const s of kept) halves[cellType].push([ops[s.index], s.from]);
      }
    }
    const cell: DartsCell = { kind: 'darts', normal: halves.normal, normalConcat: [2, 3, 4, 5], reduce: halves.reduce, reduceConcat: [2, 3, 4, 5] };
    const errors = this.validate(cell);
    if (errors.length) throw new Error(errors.join('; '));
    return cell;
  }
}

export const dartsSpace = new DartsSpace({ id: 'darts', label: 'DARTS (CIFAR-10 / ImageNet mobile)', operators: DARTS_OPS });
