/**
 * NAS-Bench-201-topology spaces: NB201 itself, TransNAS-Bench-101 micro, and custom spaces declared
 * on the same 4-node / 6-edge cell with their own operator list.
 */
import type { CellCost, Nb201Cell, OpGraph, Operator, Rng } from '../types';
import { INPUT, NB201_OPS, OUTPUT, TNB101_OPS } from './vocabulary';
import { CostCounter, applyOp, type FlopsConvention, type Shape } from './cost';
import { PyRandom } from './pyrandom';
import type { EdgeSlot, SearchSpace, SpaceOperator } from './space';
import { describeOps, pickNeighbour } from './space';

/** Edges of the cell in arch-string order, as [from, to] of the 4 cell nodes. */
export const NB201_EDGES: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
];

/** `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` for six ops in arch-string edge order. */
export function nb201ArchString(ops: readonly string[]): string {
  const [a, b, c, d, e, f] = ops;
  return `|${a}~0|+|${b}~0|${c}~1|+|${d}~0|${e}~1|${f}~2|`;
}

/**
 * Operator-as-node DAG (tgnas-method.md §2): node 0 input, nodes 1..6 the edge ops in arch-string
 * order, node 7 output. An edge-op i->j is fed by every edge-op that ends in cell node i (or by the
 * input when i = 0); ops ending in cell node 3 feed the output. `none` ops stay as nodes.
 */
/** The NB201 cell DAG's adjacency; one array shared (read-only) by every NB201 graph, so preparation is done once. */
const NB201_ADJ: number[][] = (() => {
  const n = 8;
  const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  NB201_EDGES.forEach(([from], e) => {
    if (from === 0) adj[0][e + 1] = 1;
    else NB201_EDGES.forEach(([, to], p) => to === from && (adj[p + 1][e + 1] = 1));
  });
  NB201_EDGES.forEach(([, to], e) => to === 3 && (adj[e + 1][7] = 1));
  return adj;
})();

export function nb201Graph(ops: readonly string[]): OpGraph {
  return { ops: ['input', ...ops, 'output'], adj: NB201_ADJ };
}

/**
 * The equivalent cell without unreachable ops: an op whose source node receives no input, or whose
 * destination node has no outgoing non-none edge, computes nothing that reaches the output and is
 * set to 'none'; repeated until stable. Reproduces the csv column equiv_valid_naslib_tuple.
 */
export function nb201WithoutUnreachable(ops: readonly string[]): string[] {
  const out = [...ops];
  for (let changed = true; changed; ) {
    changed = false;
    const live = (e: number) => out[e] !== 'none';
    const receives = (node: number) => node === 0 || NB201_EDGES.some(([, to], e) => to === node && live(e));
    const emits = (node: number) => node === 3 || NB201_EDGES.some(([from], e) => from === node && live(e));
    NB201_EDGES.forEach(([from, to], e) => {
      if (live(e) && (!receives(from) || !emits(to))) {
        out[e] = 'none';
        changed = true;
      }
    });
  }
  return out;
}

export interface Nb201Dataset {
  id: 'cifar10' | 'cifar100' | 'ImageNet16-120';
  classes: number;
  resolution: number;
}

const NB201_DATASETS: Record<string, Nb201Dataset> = {
  cifar10: { id: 'cifar10', classes: 10, resolution: 32 },
  cifar100: { id: 'cifar100', classes: 100, resolution: 32 },
  'imagenet16-120': { id: 'ImageNet16-120', classes: 120, resolution: 16 },
};
const NB201_DATASET_ALIASES: Record<string, string> = {
  c10: 'cifar10', 'cifar-10': 'cifar10', c100: 'cifar100', 'cifar-100': 'cifar100',
  in16: 'imagenet16-120', imagenet16: 'imagenet16-120', imagenet: 'imagenet16-120', 'imagenet16-120': 'imagenet16-120',
};

export function nb201Dataset(dataset = 'cifar10'): Nb201Dataset {
  const k = dataset.toLowerCase();
  const ds = NB201_DATASETS[NB201_DATASET_ALIASES[k] ?? k];
  if (!ds) throw new Error(`unknown NB201 dataset '${dataset}' (cifar10, cifar100, ImageNet16-120)`);
  return ds;
}

/**
 * FLOPs convention NB201-topology spaces show by default: 'mult-adds', the NB201 / NATS-Bench API's
 * `get_cost_info(...)['flops']` (conv + linear only; see `FlopsConvention` in cost.ts).
 */
export const NB201_FLOPS: FlopsConvention = 'mult-adds';

/**
 * Params/FLOPs of the NB201 network built from six cell ops (NATS-Bench TSS macro skeleton, C=16, N=5).
 * `flops` 'mult-adds' (default) gives the NB201 API's figures; 'naslib' reproduces the shared csv's
 * flops_M_{c10,c100,in16} (NASLib) exactly. Params (either way) equal the csv's params_M_{...}.
 * Dead ops (cut off by 'none') are counted: the benchmark networks contain them.
 * `hints` gives cost models for operators outside the known table; undefined if one is missing.
 */
export function nb201NetworkCost(
  ops: readonly string[],
  dataset?: string,
  hints?: (name: string) => SpaceOperator | undefined,
  flops: FlopsConvention = NB201_FLOPS,
): CellCost | undefined {
  const ds = nb201Dataset(dataset);
  const k = new CostCounter(flops);
  let x: Shape = { c: 3, h: ds.resolution, w: ds.resolution };
  x = k.bn(k.conv(x, 16, 3, { padding: 1 }));
  const channels = [16, 32, 64];
  for (let stage = 0; stage < 3; stage++) {
    const c = channels[stage];
    if (stage > 0) {
      // ResNetBasicblock stride 2: conv_a, conv_b, shortcut AvgPool(2) + Conv1x1 (no BN, no bias).
      const a = k.bn(k.conv(k.relu(x), c, 3, { stride: 2, padding: 1 }));
      k.bn(k.conv(k.relu(a), c, 3, { padding: 1 }));
      k.conv(k.pool(x, 2, 2, 0), c, 1);
      x = a;
    }
    for (let cell = 0; cell < 5; cell++) {
      for (const op of ops) {
        if (!applyOp(k, op, x, 1, hints?.(op)?.cost)) return undefined;
      }
    }
  }
  x = k.relu(k.bn(x));
  k.linear(k.globalPool(x).c, ds.classes);
  return k.result();
}

export interface Nb201SpaceOptions {
  id: string;
  label: string;
  operators: readonly SpaceOperator[];
  /** 'nb201': the benchmark's index order (Python random.seed(88) shuffle of the product); else product order. */
  order?: 'nb201' | 'product' | 'naslib';
  /** Cost model: the NB201 network, or none (TNB101's task networks have no derived formula here). */
  cost?: 'nb201' | 'none';
  /** FLOPs convention shown by default (NB201_FLOPS when absent). */
  flops?: FlopsConvention;
  limits?: { maxParamsM?: number; maxFlopsM?: number };
}

/** TransNAS-Bench-101's own micro op codes, as NASLib stores them in its tuples. */
export const TNB101_NATIVE_CODES: readonly string[] = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3'];

export class Nb201Space implements SearchSpace<Nb201Cell> {
  readonly topology = 'nb201' as const;
  readonly cellKind = 'nb201' as const;
  readonly inputOperator: Operator = INPUT;
  readonly outputOperator: Operator = OUTPUT;
  readonly id: string;
  readonly label: string;
  readonly operators: readonly SpaceOperator[];
  readonly size: number;
  readonly limits?: { maxParamsM?: number; maxFlopsM?: number };
  readonly flopsConvention: FlopsConvention;
  private readonly names: string[];
  private readonly byName: Map<string, SpaceOperator>;
  private readonly order: 'nb201' | 'product' | 'naslib';
  private readonly costModel: 'nb201' | 'none';
  private all?: Nb201Cell[];

  constructor(o: Nb201SpaceOptions) {
    this.id = o.id;
    this.label = o.label;
    this.operators = o.operators;
    this.names = o.operators.map((x) => x.name);
    this.byName = new Map(o.operators.map((x) => [x.name, x]));
    this.size = this.names.length ** 6;
    this.order = o.order ?? 'product';
    this.costModel = o.cost ?? 'nb201';
    this.flopsConvention = o.flops ?? NB201_FLOPS;
    this.limits = o.limits;
  }

  operator(name: string): Operator | undefined {
    if (name === 'input') return INPUT;
    if (name === 'output') return OUTPUT;
    return this.byName.get(name);
  }

  validate(cell: Nb201Cell | { kind: string }): string[] {
    if (cell.kind !== 'nb201') return [`${this.id} holds nb201-style cells, got a ${cell.kind} cell`];
    const ops = (cell as Nb201Cell).ops;
    const errors: string[] = [];
    if (ops.length !== 6) errors.push(`a ${this.id} cell has 6 edge operators, got ${ops.length}`);
    ops.forEach((op, i) => {
      if (!this.byName.has(op)) {
        errors.push(`edge ${i + 1} (${NB201_EDGES[i]?.join('>') ?? '?'}): '${op}' is not an operator of ${this.id} (${describeOps(this.operators)})`);
      }
    });
    return errors;
  }

  /** No op cut off by 'none' edges (the 9,445 "valid" NB201 cells). */
  isValid(cell: Nb201Cell): boolean {
    const eq = nb201WithoutUnreachable(cell.ops);
    return eq.every((op, i) => op === cell.ops[i]);
  }

  withoutUnreachable(cell: Nb201Cell): Nb201Cell {
    return { kind: 'nb201', ops: nb201WithoutUnreachable(cell.ops) };
  }

  /** The arch string is the canonical form: NB201 cells are identified by it (isomorphism is not folded). */
  canonical(cell: Nb201Cell): Nb201Cell {
    return { kind: 'nb201', ops: [...cell.ops] };
  }

  key(cell: Nb201Cell): string {
    return nb201ArchString(cell.ops);
  }

  toGraphs(cell: Nb201Cell): OpGraph[] {
    return [nb201Graph(cell.ops)];
  }

  /** The i-th cell of the space's reference order. */
  cellAt(index: number): Nb201Cell {
    return this.list()[index];
  }

  /** Position of a cell in the reference order (NB201: the benchmark index). */
  indexOf(cell: Nb201Cell): number {
    this.list();
    return this.positions!.get(this.key(cell)) ?? -1;
  }

  private positions?: Map<string, number>;

  private list(): Nb201Cell[] {
    if (this.all) return this.all;
    const n = this.names.length;
    const cells: Nb201Cell[] = [];
    for (let i = 0; i < this.size; i++) {
      const ops = new Array<string>(6);
      let r = i;
      for (let e = 5; e >= 0; e--) {
        ops[e] = this.names[r % n];
        r = Math.floor(r / n);
      }
      cells.push({ kind: 'nb201', ops });
    }
    if (this.order === 'nb201') {
      // NB201's generator: itertools-like product in ['none','skip_connect','nor_conv_1x1','nor_conv_3x3',
      // 'avg_pool_3x3'] order (first edge most significant), then random.seed(88); random.shuffle.
      new PyRandom(88).shuffle(cells);
    } else if (this.order === 'naslib') {
      // Row order of the shared TNB101 csv: NASLib writes TransNAS-Bench's native op codes
      // (none=0, skip=1, conv1x1=2, conv3x3=3) in arch-string edge order (see data/loaders.ts).
      const code = (op: string) => TNB101_NATIVE_CODES.indexOf(op);
      const rank = (c: Nb201Cell) => c.ops.reduce((acc, op) => acc * n + code(op), 0);
      cells.sort((a, b) => rank(a) - rank(b));
    }
    this.positions = new Map(cells.map((c, i) => [this.key(c), i]));
    return (this.all = cells);
  }

  *enumerate(): Iterable<Nb201Cell> {
    for (const c of this.list()) yield { kind: 'nb201', ops: [...c.ops] };
  }

  sample(rng: Rng): Nb201Cell {
    return { kind: 'nb201', ops: Array.from({ length: 6 }, () => this.names[rng.int(this.names.length)]) };
  }

  neighbours(cell: Nb201Cell): Nb201Cell[] {
    const out: Nb201Cell[] = [];
    for (let e = 0; e < 6; e++) {
      for (const op of this.names) {
        if (op === cell.ops[e]) continue;
        const ops = [...cell.ops];
        ops[e] = op;
        out.push({ kind: 'nb201', ops });
      }
    }
    return out;
  }

  mutate(cell: Nb201Cell, rng: Rng): Nb201Cell {
    return pickNeighbour(this, cell, rng);
  }

  /** The cell without unreachable ops (nb201WithoutUnreachable): its cost is the network's effective size. */
  effective(cell: Nb201Cell): Nb201Cell {
    return { kind: 'nb201', ops: nb201WithoutUnreachable(cell.ops) };
  }

  /** dataset: cifar10 (default), cifar100, ImageNet16-120 (aliases c10, c100, in16); FLOPs in `flops` (default 'mult-adds'). */
  cost(cell: Nb201Cell, dataset?: string, flops: FlopsConvention = this.flopsConvention): CellCost | undefined {
    if (this.costModel === 'none') return undefined;
    return nb201NetworkCost(cell.ops, dataset, (n) => this.byName.get(n), flops);
  }

  edges(): EdgeSlot[] {
    return NB201_EDGES.map(([from, to], index) => ({ index, cellType: 'cell', from, to, ops: [...this.names] }));
  }

  cellFromEdges(ops: string[]): Nb201Cell {
    const cell: Nb201Cell = { kind: 'nb201', ops: [...ops] };
    const errors = this.validate(cell);
    if (errors.length) throw new Error(errors.join('; '));
    return cell;
  }
}

export const nb201Space = new Nb201Space({
  id: 'nb201',
  label: 'NAS-Bench-201',
  operators: NB201_OPS,
  order: 'nb201',
  cost: 'nb201',
});

/**
 * TransNAS-Bench-101 micro: NB201 cell, four ops, enumerated in NASLib tuple order (the order of
 * the shared tnb101 csv). No cost: its seven task networks (encoder + task decoders) are not modelled.
 */
export const tnb101MicroSpace = new Nb201Space({
  id: 'tnb101-micro',
  label: 'TransNAS-Bench-101 micro',
  operators: TNB101_OPS,
  order: 'naslib',
  cost: 'none',
});
