/**
 * Generic operator-as-node DAGs (the `.arch` graph notation): any DAG whose first node is the input
 * and last node the output, scored as given (no pruning of the GCN input).
 */
import type { CellCost, GraphCell, OpGraph, Operator, Rng } from '../types';
import { INPUT, OUTPUT, builtinOperators } from './vocabulary';
import { hashGraph, nb101NetworkCost, pruneModule } from './nb101';
import type { FlopsConvention } from './cost';
import type { SearchSpace, SpaceOperator } from './space';
import { pickNeighbour } from './space';
import { MinHeap } from '../heap';

/** Node order with input first, output last, every edge forward (stable Kahn); undefined on a cycle. */
export function topologicalOrder(cell: GraphCell): number[] | undefined {
  const n = cell.ops.length;
  const indeg = new Array<number>(n).fill(0);
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of cell.edges) {
    succ[a].push(b);
    indeg[b]++;
  }
  const order: number[] = [];
  // The smallest ready index first (a heap, not a sort per step: wide graphs stay O(e + n log n)).
  const ready = new MinHeap();
  for (let v = 0; v < n; v++) if (indeg[v] === 0 && v !== n - 1) ready.push(v);
  while (ready.size) {
    const v = ready.pop()!;
    order.push(v);
    for (const w of succ[v]) if (--indeg[w] === 0 && w !== n - 1) ready.push(w);
  }
  if (indeg[n - 1] === 0) order.push(n - 1);
  return order.length === n && order[0] === 0 && indeg.every((d) => d === 0) ? order : undefined;
}

/** Adjacency in topological order (as a list of ops + matrix). */
export function graphMatrix(cell: GraphCell): { ops: string[]; matrix: number[][] } | undefined {
  const order = topologicalOrder(cell);
  if (!order) return undefined;
  const pos = new Map(order.map((v, i) => [v, i]));
  const n = order.length;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [a, b] of cell.edges) matrix[pos.get(a)!][pos.get(b)!] = 1;
  return { ops: order.map((v) => cell.ops[v]), matrix };
}

export interface GraphSpaceOptions {
  id: string;
  label: string;
  operators: readonly SpaceOperator[];
  /** Bounds used by validation (when given) and by sampling (default 7 nodes). */
  maxNodes?: number;
  maxEdges?: number;
  limits?: { maxParamsM?: number; maxFlopsM?: number };
}

export class GraphSpace implements SearchSpace<GraphCell> {
  readonly topology = 'graph' as const;
  readonly cellKind = 'graph' as const;
  readonly inputOperator: Operator = INPUT;
  readonly outputOperator: Operator = OUTPUT;
  readonly size = undefined;
  readonly id: string;
  readonly label: string;
  readonly operators: readonly SpaceOperator[];
  readonly limits?: { maxParamsM?: number; maxFlopsM?: number };
  readonly flopsConvention: FlopsConvention = 'naslib';
  private readonly byName: Map<string, SpaceOperator>;
  private readonly names: string[];
  private readonly index: Map<string, number>;
  private readonly maxNodes?: number;
  private readonly maxEdges?: number;

  constructor(o: GraphSpaceOptions) {
    this.id = o.id;
    this.label = o.label;
    this.operators = o.operators;
    this.names = o.operators.map((x) => x.name);
    this.index = new Map(this.names.map((x, i) => [x, i]));
    this.byName = new Map(o.operators.map((x) => [x.name, x]));
    this.maxNodes = o.maxNodes;
    this.maxEdges = o.maxEdges;
    this.limits = o.limits;
  }

  operator(name: string): Operator | undefined {
    if (name === 'input') return INPUT;
    if (name === 'output') return OUTPUT;
    return this.byName.get(name);
  }

  validate(cell: GraphCell | { kind: string }): string[] {
    if (cell.kind !== 'graph') return [`${this.id} holds graph cells, got a ${cell.kind} cell`];
    const { ops, edges } = cell as GraphCell;
    const n = ops.length;
    const errors: string[] = [];
    if (n < 2) return ['a graph needs at least an input and an output node'];
    if (ops[0] !== 'input') errors.push(`the first node must be 'input', got '${ops[0]}'`);
    if (ops[n - 1] !== 'output') errors.push(`the last node must be 'output', got '${ops[n - 1]}'`);
    ops.slice(1, -1).forEach((op, i) => {
      if (!this.byName.has(op)) errors.push(`node ${i + 1}: unknown operator '${op}' (declare it with a description in a custom space)`);
    });
    if (this.maxNodes !== undefined && n > this.maxNodes) errors.push(`${n} nodes; at most ${this.maxNodes} allowed`);
    const seen = new Set<string>();
    for (const [a, b] of edges) {
      if (![a, b].every((v) => Number.isInteger(v) && v >= 0 && v < n)) errors.push(`edge ${a}->${b}: node out of range 0..${n - 1}`);
      else if (a === b) errors.push(`edge ${a}->${b}: self-loop`);
      else if (b === 0) errors.push(`edge ${a}->${b}: nothing may feed the input`);
      else if (a === n - 1) errors.push(`edge ${a}->${b}: the output feeds nothing`);
      else if (seen.has(`${a},${b}`)) errors.push(`edge ${a}->${b} given twice`);
      seen.add(`${a},${b}`);
    }
    if (this.maxEdges !== undefined && seen.size > this.maxEdges) errors.push(`${seen.size} edges; at most ${this.maxEdges} allowed`);
    if (errors.length) return errors;
    const m = graphMatrix(cell as GraphCell);
    if (!m) return ['the graph has a cycle'];
    if (!pruneModule(m.matrix, m.ops)) errors.push('no path from input to output');
    return errors;
  }

  /** Nodes in topological order (input first, output last), edges sorted. */
  canonical(cell: GraphCell): GraphCell {
    const m = graphMatrix(cell);
    if (!m) throw new Error('the graph has a cycle');
    const edges: Array<[number, number]> = [];
    m.matrix.forEach((row, i) => row.forEach((x, j) => x && edges.push([i, j])));
    return { kind: 'graph', ops: m.ops, edges };
  }

  /**
   * Isomorphism-invariant hash of the graph as given (dead nodes included, since they are scored); above
   * CANONICAL_HASH_MAX_NODES nodes an exact hash of the topologically numbered graph (hashGraph).
   */
  key(cell: GraphCell): string {
    const order = topologicalOrder(cell);
    if (!order) throw new Error('the graph has a cycle');
    const pos = new Array<number>(order.length);
    order.forEach((v, i) => (pos[v] = i));
    const n = order.length;
    const labels = order.map((v, i) => (i === 0 ? -1 : i === n - 1 ? -2 : (this.index.get(cell.ops[v]) ?? -1)));
    const seen = new Set<number>();
    const edges: Array<[number, number]> = [];
    for (const [a, b] of cell.edges) {
      const e: [number, number] = [pos[a], pos[b]];
      if (seen.has(e[0] * n + e[1])) continue;
      seen.add(e[0] * n + e[1]);
      edges.push(e);
    }
    return hashGraph(labels, edges);
  }

  toGraphs(cell: GraphCell): OpGraph[] {
    const m = graphMatrix(cell);
    if (!m) throw new Error('the graph has a cycle');
    return [{ ops: m.ops, adj: m.matrix }];
  }

  sample(rng: Rng): GraphCell {
    const n = this.maxNodes ?? 7;
    for (;;) {
      const edges: Array<[number, number]> = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.next() < 0.5) edges.push([i, j]);
      const ops = ['input', ...Array.from({ length: n - 2 }, () => this.names[rng.int(this.names.length)]), 'output'];
      const cell: GraphCell = { kind: 'graph', ops, edges };
      if (this.validate(cell).length === 0) return cell;
    }
  }

  /** One interior op changed or one forward edge flipped, valid and de-duplicated by key. */
  neighbours(cell: GraphCell): GraphCell[] {
    const base = this.canonical(cell);
    const n = base.ops.length;
    const seen = new Set([this.key(base)]);
    const out: GraphCell[] = [];
    const consider = (c: GraphCell) => {
      if (this.validate(c).length) return;
      const k = this.key(c);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(c);
      }
    };
    for (let v = 1; v < n - 1; v++) {
      for (const op of this.names) {
        if (op === base.ops[v]) continue;
        const ops = [...base.ops];
        ops[v] = op;
        consider({ kind: 'graph', ops, edges: base.edges.map((e) => [...e] as [number, number]) });
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const has = base.edges.some(([a, b]) => a === i && b === j);
        const edges = has ? base.edges.filter(([a, b]) => !(a === i && b === j)) : [...base.edges, [i, j] as [number, number]];
        consider({ kind: 'graph', ops: [...base.ops], edges });
      }
    }
    return out;
  }

  mutate(cell: GraphCell, rng: Rng): GraphCell {
    return pickNeighbour(this, cell, rng);
  }

  /**
   * Graph cells have no macro skeleton of their own; they are costed as an NB101 module (sum of
   * inputs per node, concatenation at the output, NB101 network) after dropping dead nodes.
   * Undefined when an operator has neither a known cost model nor a cost hint.
   */
  cost(cell: GraphCell, _dataset?: string, flops: FlopsConvention = this.flopsConvention): CellCost | undefined {
    const m = graphMatrix(cell);
    const p = m && pruneModule(m.matrix, m.ops);
    if (!p) return undefined;
    return nb101NetworkCost(p.matrix, p.ops, (n) => this.byName.get(n), {}, flops);
  }
}

/** Every built-in operator (all vocabularies) may appear in a generic graph. */
export const graphSpace = new GraphSpace({
  id: 'graph',
  label: 'Generic operator graph',
  operators: [...builtinOperators().values()].filter((o) => o.name !== 'input' && o.name !== 'output'),
});
