/**
 * NAS-Bench-101-style spaces: operator-as-node modules (upper-triangular adjacency, ops[0] = input,
 * last = output, at most 7 nodes and 9 edges), pruned and hashed exactly as nasbench's ModelSpec
 * and graph_util.hash_module do, and costed on the benchmark's network.
 */
import { createHash } from 'node:crypto';
import type { CellCost, Nb101Cell, OpGraph, Operator, Rng } from '../types';
import { INPUT, NB101_OPS, OUTPUT } from './vocabulary';
import { CostCounter, applyOp, type FlopsConvention, type Shape } from './cost';
import type { SearchSpace, SpaceOperator } from './space';
import { describeOps, pickNeighbour } from './space';
import { CANONICAL_HASH_MAX_NODES } from '../limits';

/** Keeps the vertices on some input->output path (nasbench ModelSpec._prune); undefined if none. */
export function pruneModule(matrix: number[][], ops: string[]): { matrix: number[][]; ops: string[] } | undefined {
  const n = matrix.length;
  const reach = (start: number, forward: boolean): Set<number> => {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      for (let w = 0; w < n; w++) {
        const edge = forward ? matrix[v][w] : matrix[w][v];
        if (edge && !seen.has(w)) {
          seen.add(w);
          stack.push(w);
        }
      }
    }
    return seen;
  };
  const fromIn = reach(0, true);
  const toOut = reach(n - 1, false);
  const keep = [...Array(n).keys()].filter((v) => fromIn.has(v) && toOut.has(v));
  if (!keep.includes(0) || !keep.includes(n - 1)) return undefined;
  return { matrix: keep.map((i) => keep.map((j) => (matrix[i][j] ? 1 : 0))), ops: keep.map((v) => ops[v]) };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * nasbench graph_util.hash_module: Weisfeiler-Lehman-style md5 hashing of (out-degree, in-degree,
 * label) refined over neighbours, equal for isomorphic labelled graphs. The string forms mimic
 * Python's str() of a tuple and of a list so the hashes equal the benchmark's module hashes.
 * Above CANONICAL_HASH_MAX_NODES nodes it is the exact key of `hashGraph` (see there).
 */
export function hashModule(matrix: number[][], labels: number[]): string {
  const edges: Array<[number, number]> = [];
  matrix.forEach((row, i) => row.forEach((x, j) => x && edges.push([i, j])));
  return hashGraph(labels, edges);
}

/**
 * hashModule over an edge list (no duplicate edges): node v has label labels[v]. Up to
 * CANONICAL_HASH_MAX_NODES nodes it is nasbench's isomorphism-invariant hash, computed over adjacency
 * lists (n rounds of O(n + e) hashing); above, where those n rounds would cost O(n·(n + e)), it is an md5
 * of the labels and the sorted edge list in the given node order: exact (equal only for equal labelled
 * graphs as numbered) but no longer equal for differently numbered isomorphic graphs.
 */
export function hashGraph(labels: readonly number[], edges: ReadonlyArray<readonly [number, number]>): string {
  const n = labels.length;
  if (n > CANONICAL_HASH_MAX_NODES) {
    const sorted = edges.map(([a, b]) => [a, b] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    return md5(`exact|${labels.join(',')}|${sorted.map(([a, b]) => `${a}>${b}`).join(',')}`);
  }
  const ins: number[][] = Array.from({ length: n }, () => []);
  const outs: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    outs[a].push(b);
    ins[b].push(a);
  }
  let hashes = labels.map((l, v) => md5(`(${outs[v].length}, ${ins[v].length}, ${l})`));
  for (let iter = 0; iter < n; iter++) {
    const prev = hashes;
    hashes = prev.map((h, v) => {
      const i = ins[v].map((w) => prev[w]).sort();
      const o = outs[v].map((w) => prev[w]).sort();
      return md5(`${i.join('')}|${o.join('')}|${h}`);
    });
  }
  return md5(`[${[...hashes].sort().map((h) => `'${h}'`).join(', ')}]`);
}

/** nasbench compute_vertex_channels: splits the module's output channels over the vertices feeding the output. */
export function vertexChannels(inputChannels: number, outputChannels: number, matrix: number[][]): number[] {
  const n = matrix.length;
  const ch = new Array<number>(n).fill(0);
  ch[0] = inputChannels;
  ch[n - 1] = outputChannels;
  if (n === 2) return ch;
  const inDegOut = matrix.slice(1).reduce((s, row) => s + (row[n - 1] ? 1 : 0), 0);
  const interior = Math.floor(outputChannels / inDegOut);
  let correction = outputChannels % inDegOut;
  for (let v = 1; v < n - 1; v++) {
    if (matrix[v][n - 1]) {
      ch[v] = interior;
      if (correction) {
        ch[v]++;
        correction--;
      }
    }
  }
  for (let v = n - 3; v > 0; v--) {
    if (!matrix[v][n - 1]) {
      for (let dst = v + 1; dst < n - 1; dst++) if (matrix[v][dst]) ch[v] = Math.max(ch[v], ch[dst]);
    }
  }
  return ch;
}

/**
 * Params/FLOPs (FLOPs in `flops`, default 'naslib'; cost.ts) of the NAS-Bench-101 network around a pruned module: stem conv3x3-BN-ReLU
 * (128 ch), 3 stacks of 3 modules, 2x2 max-pool and channel doubling between stacks, global average
 * pool, dense to 10 classes. Inside a module: a conv-BN-ReLU 1x1 projection of the module input into
 * every vertex it feeds (and into the output when it feeds the output), truncation (free) elsewhere,
 * vertex ops at their vertex channel count. BN counts gamma and beta (TF batch_normalization defaults).
 */
export function nb101NetworkCost(
  matrix: number[][],
  ops: string[],
  hints?: (name: string) => SpaceOperator | undefined,
  o: { stemChannels?: number; stacks?: number; modulesPerStack?: number; classes?: number; resolution?: number } = {},
  flops: FlopsConvention = 'naslib',
): CellCost | undefined {
  const k = new CostCounter(flops);
  const n = matrix.length;
  let x: Shape = { c: 3, h: o.resolution ?? 32, w: o.resolution ?? 32 };
  const stem = o.stemChannels ?? 128;
  x = k.relu(k.bn(k.conv(x, stem, 3, { padding: 1 })));
  let channels = stem;
  const projection = (inp: Shape, c: number) => k.relu(k.bn(k.conv(inp, c, 1)));
  for (let stack = 0; stack < (o.stacks ?? 3); stack++) {
    if (stack > 0) {
      x = k.pool(x, 2, 2, 0);
      channels *= 2;
    }
    for (let m = 0; m < (o.modulesPerStack ?? 3); m++) {
      const ch = vertexChannels(x.c, channels, matrix);
      for (let t = 1; t < n - 1; t++) {
        if (matrix[0][t]) projection(x, ch[t]);
        if (!applyOp(k, ops[t], { c: ch[t], h: x.h, w: x.w }, 1, hints?.(ops[t])?.cost)) return undefined;
      }
      if (matrix[0][n - 1]) projection(x, channels);
      x = { c: channels, h: x.h, w: x.w };
    }
  }
  k.linear(k.globalPool(x).c, o.classes ?? 10);
  return k.result();
}

/** Lexicographically smallest relabelling of the interior vertices that keeps the matrix upper-triangular. */
function minimalRelabel(matrix: number[][], ops: string[]): { matrix: number[][]; ops: string[] } {
  const n = matrix.length;
  const inner = Array.from({ length: n - 2 }, (_, i) => i + 1);
  let best: { matrix: number[][]; ops: string[]; text: string } | undefined;
  const order: number[] = [];
  const used = new Set<number>();
  const rec = () => {
    if (order.length === inner.length) {
      const perm = [0, ...order, n - 1]; // new position -> old vertex
      const m = perm.map((i) => perm.map((j) => matrix[i][j]));
      const o = perm.map((v) => ops[v]);
      const text = `${o.join(',')}|${m.map((r) => r.join('')).join('')}`;
      if (!best || text < best.text) best = { matrix: m, ops: o, text };
      return;
    }
    for (const v of inner) {
      // Topological: every predecessor of v already placed.
      if (used.has(v) || inner.some((u) => matrix[u][v] && !used.has(u))) continue;
      used.add(v);
      order.push(v);
      rec();
      order.pop();
      used.delete(v);
    }
  };
  rec();
  return { matrix: best!.matrix, ops: best!.ops };
}

export interface Nb101SpaceOptions {
  id: string;
  label: string;
  operators: readonly SpaceOperator[];
  maxNodes?: number;
  maxEdges?: number;
  size?: number;
  limits?: { maxParamsM?: number; maxFlopsM?: number };
}

export class Nb101Space implements SearchSpace<Nb101Cell> {
  readonly topology = 'nb101' as const;
  readonly cellKind = 'nb101' as const;
  readonly inputOperator: Operator = INPUT;
  readonly outputOperator: Operator = OUTPUT;
  readonly id: string;
  readonly label: string;
  readonly operators: readonly SpaceOperator[];
  readonly size: number | undefined;
  readonly maxNodes: number;
  readonly maxEdges: number;
  readonly limits?: { maxParamsM?: number; maxFlopsM?: number };
  readonly flopsConvention: FlopsConvention = 'naslib';
  private readonly byName: Map<string, SpaceOperator>;
  private readonly names: string[];

  constructor(o: Nb101SpaceOptions) {
    this.id = o.id;
    this.label = o.label;
    this.operators = o.operators;
    this.names = o.operators.map((x) => x.name);
    this.byName = new Map(o.operators.map((x) => [x.name, x]));
    this.maxNodes = o.maxNodes ?? 7;
    this.maxEdges = o.maxEdges ?? 9;
    this.size = o.size;
    this.limits = o.limits;
  }

  operator(name: string): Operator | undefined {
    if (name === 'input') return INPUT;
    if (name === 'output') return OUTPUT;
    return this.byName.get(name);
  }

  validate(cell: Nb101Cell | { kind: string }): string[] {
    if (cell.kind !== 'nb101') return [`${this.id} holds nb101-style cells, got a ${cell.kind} cell`];
    const { matrix, ops } = cell as Nb101Cell;
    const n = ops.length;
    const errors: string[] = [];
    if (n < 2) return ['a module needs at least an input and an output vertex'];
    if (n > this.maxNodes) errors.push(`${n} vertices; ${this.id} allows at most ${this.maxNodes}`);
    if (matrix.length !== n || matrix.some((r) => r.length !== n)) {
      return [...errors, `adjacency must be ${n}x${n} for ${n} operators`];
    }
    if (ops[0] !== 'input') errors.push(`the first vertex must be 'input', got '${ops[0]}'`);
    if (ops[n - 1] !== 'output') errors.push(`the last vertex must be 'output', got '${ops[n - 1]}'`);
    ops.slice(1, -1).forEach((op, i) => {
      if (!this.byName.has(op)) errors.push(`vertex ${i + 1}: '${op}' is not an operator of ${this.id} (${describeOps(this.operators)})`);
    });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = matrix[i][j];
        if (v !== 0 && v !== 1) errors.push(`adjacency[${i}][${j}] must be 0 or 1`);
        else if (v && j <= i) errors.push(`edge ${i}->${j} breaks the upper-triangular order (edges must go to later vertices)`);
      }
    }
    if (errors.length) return errors;
    const pruned = pruneModule(matrix, ops);
    if (!pruned) return ['no path from input to output'];
    const edges = pruned.matrix.flat().reduce((s, x) => s + x, 0);
    if (edges > this.maxEdges) errors.push(`${edges} edges; ${this.id} allows at most ${this.maxEdges}`);
    return errors;
  }

  /** The module nasbench builds: vertices on an input->output path only. */
  prune(cell: Nb101Cell): Nb101Cell {
    const p = pruneModule(cell.matrix, cell.ops);
    if (!p) throw new Error('no path from input to output');
    return { kind: 'nb101', ...p };
  }

  canonical(cell: Nb101Cell): Nb101Cell {
    return { kind: 'nb101', ...minimalRelabel(this.prune(cell).matrix, this.prune(cell).ops) };
  }

  /** nasbench module hash of the pruned module (labels: input -1, output -2, else operator index). */
  key(cell: Nb101Cell): string {
    const p = this.prune(cell);
    const labels = p.ops.map((op, i) => (i === 0 ? -1 : i === p.ops.length - 1 ? -2 : this.names.indexOf(op)));
    return hashModule(p.matrix, labels);
  }

  toGraphs(cell: Nb101Cell): OpGraph[] {
    const p = this.prune(cell);
    return [{ ops: p.ops, adj: p.matrix }];
  }

  /** nasbench random_spec: random upper-triangular 0/1 matrix and interior ops at full size, until valid. */
  sample(rng: Rng): Nb101Cell {
    const n = this.maxNodes;
    for (;;) {
      const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j > i && rng.next() < 0.5 ? 1 : 0)));
      const ops = ['input', ...Array.from({ length: n - 2 }, () => this.names[rng.int(this.names.length)]), 'output'];
      const cell: Nb101Cell = { kind: 'nb101', matrix, ops };
      if (this.validate(cell).length === 0) return cell;
    }
  }

  /** One interior op changed or one edge flipped (on the cell as given), valid and de-duplicated by hash. */
  neighbours(cell: Nb101Cell): Nb101Cell[] {
    const n = cell.ops.length;
    const seen = new Set([this.key(cell)]);
    const out: Nb101Cell[] = [];
    const consider = (c: Nb101Cell) => {
      if (this.validate(c).length) return;
      const k = this.key(c);
      if (seen.has(k)) return;
      seen.add(k);
      out.push(c);
    };
    for (let v = 1; v < n - 1; v++) {
      for (const op of this.names) {
        if (op === cell.ops[v]) continue;
        const ops = [...cell.ops];
        ops[v] = op;
        consider({ kind: 'nb101', matrix: cell.matrix.map((r) => [...r]), ops });
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const matrix = cell.matrix.map((r) => [...r]);
        matrix[i][j] = 1 - matrix[i][j];
        consider({ kind: 'nb101', matrix, ops: [...cell.ops] });
      }
    }
    return out;
  }

  mutate(cell: Nb101Cell, rng: Rng): Nb101Cell {
    return pickNeighbour(this, cell, rng);
  }

  /** CIFAR-10 network of NAS-Bench-101 (the only setting the benchmark trained). */
  cost(cell: Nb101Cell, _dataset?: string, flops: FlopsConvention = this.flopsConvention): CellCost | undefined {
    const p = this.prune(cell);
    return nb101NetworkCost(p.matrix, p.ops, (n) => this.byName.get(n), {}, flops);
  }
}

export const nb101Space = new Nb101Space({
  id: 'nb101',
  label: 'NAS-Bench-101',
  operators: NB101_OPS,
  size: 423624,
});
