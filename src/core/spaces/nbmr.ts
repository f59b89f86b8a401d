/**
 * NAS-Bench-MR (Ding et al., ICLR 2022): HRNet-like multi-resolution networks, written as the
 * benchmark's 27-int code `input_ch1_input_ch2_<block 1>_<block 2>_<block 3>_<block 4>_last_channel`,
 * block b (b = 1..4 branches) = `modules, basic blocks per branch (b values), channels per branch (b values)`.
 * The network (NCP repository, models/supernet.py, built as its tools/ncp.py `net2flops` does): a stride-4
 * stem of two ConvBNReLU 3x3 s2 (3 -> input_ch1 -> input_ch2); per module a fusion layer from the
 * previous module's branches (neighbouring resolutions only: ConvBNReLU 3x3 s2 down, 3x3 same, 1x1 +
 * nearest upsampling up; a new branch from a ConvBNReLU 3x3 s2 of the previous lowest one), then
 * per branch a chain of ResNet basic blocks at 1/4, 1/8, 1/16, 1/32 resolution; a head.
 *
 * The GCN graph is the one the training loader builds (data/loaders-extra.ts uses nbmrGraph). It does
 * not show input_ch1/2 or last_channel, so cells keep the full code (cost and notation need it).
 */
import type { CellCost, NbmrCell, OpGraph, Operator, Rng } from '../types';
import { MR_FUSION, basicBranchOp } from '../data/operators';
import { CostCounter, type FlopsConvention, type Shape } from './cost';
import type { SearchSpace, SpaceOperator } from './space';
import { pickNeighbour } from './space';
import { INPUT, OUTPUT } from './vocabulary';

/** One module of `modules_json`: [n_branches, basic blocks per branch, channels per branch]. */
export type NbmrModule = [branches: number, blocks: number[], channels: number[]];

export const NBMR_CODE_LENGTH = 27;
/** Value sets of the benchmark's 2,507 codes (a handful of rows use other multiples of 8, which validate). */
export const NBMR_INPUT_CHANNELS: readonly number[] = [8, 16, 24, 32, 48, 64];
export const NBMR_CHANNELS: readonly number[] = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128];
export const NBMR_COUNTS: readonly number[] = [1, 2, 3, 4];
/** Every channel value that validates: the NCP editing range, multiples of 8 in 8..128. */
const VALID_CHANNELS: readonly number[] = Array.from({ length: 16 }, (_, i) => 8 * (i + 1));
/** Input resolution and classes of the network cost() counts: the csv's flops (thop) are of this network. */
export const NBMR_INPUT = 128;
export const NBMR_CLASSES = 50;

type Role = 'input' | 'modules' | 'blocks' | 'channels' | 'last';

/** Role of each of the 27 positions, and the branch block it belongs to (0 for the input/last channels). */
const LAYOUT: ReadonlyArray<{ role: Role; block: number }> = (() => {
  const out: Array<{ role: Role; block: number }> = [{ role: 'input', block: 0 }, { role: 'input', block: 0 }];
  for (let b = 1; b <= 4; b++) {
    out.push({ role: 'modules', block: b });
    for (let i = 0; i < b; i++) out.push({ role: 'blocks', block: b });
    for (let i = 0; i < b; i++) out.push({ role: 'channels', block: b });
  }
  out.push({ role: 'last', block: 0 });
  return out;
})();

const CHOICES: Record<Role, readonly number[]> = {
  input: NBMR_INPUT_CHANNELS, modules: NBMR_COUNTS, blocks: NBMR_COUNTS, channels: NBMR_CHANNELS, last: NBMR_CHANNELS,
};

/** The code's module list (block b's module repeated `modules` times), as the csv's `modules_json`. */
export function nbmrModules(code: readonly number[]): NbmrModule[] {
  const out: NbmrModule[] = [];
  let i = 2;
  for (let b = 1; b <= 4; b++) {
    const n = code[i];
    const blocks = code.slice(i + 1, i + 1 + b);
    const channels = code.slice(i + 1 + b, i + 1 + 2 * b);
    i += 1 + 2 * b;
    for (let m = 0; m < n; m++) out.push([b, [...blocks], [...channels]]);
  }
  return out;
}

/** Membership problems of a code (empty = member). */
export function nbmrProblems(code: readonly number[]): string[] {
  if (code.length !== NBMR_CODE_LENGTH) return [`a NAS-Bench-MR code has ${NBMR_CODE_LENGTH} integers, got ${code.length}`];
  const errors: string[] = [];
  code.forEach((v, i) => {
    const { role, block } = LAYOUT[i];
    const where = `position ${i + 1} (${role === 'input' ? `input_ch${i + 1}` : role === 'last' ? 'last_channel' : `block ${block} ${role}`})`;
    if (role === 'modules' || role === 'blocks') {
      if (!NBMR_COUNTS.includes(v)) errors.push(`${where}: ${v} is not 1-4`);
    } else if (!VALID_CHANNELS.includes(v)) errors.push(`${where}: ${v} channels is not a multiple of 8 in 8-128`);
  });
  return errors;
}

/**
 * input (the stride-4 stem) -> per module one node per branch (branch b at 1/(4*2^b) resolution, a chain
 * of basic blocks) fed by the previous module's fusion node (or the input), then one fusion node fed by
 * all of the module's branches; the last fusion -> output. `add` registers each operator and returns its name.
 */
export function nbmrGraph(modules: readonly NbmrModule[], add: { add(op: Operator): string } = { add: (op) => op.name }): OpGraph {
  const ops = ['input'];
  const edges: Array<[number, number]> = [];
  let prev = 0;
  for (const [n, blocks, channels] of modules) {
    if (!(n >= 1 && n <= 4) || blocks.length !== n || channels.length !== n) throw new Error(`nbmr: bad module ${JSON.stringify([n, blocks, channels])}`);
    const branchNodes: number[] = [];
    for (let b = 0; b < n; b++) {
      branchNodes.push(ops.length);
      edges.push([prev, ops.length]);
      ops.push(add.add(basicBranchOp({ blocks: blocks[b], filters: channels[b], resolution: 4 * 2 ** b })));
    }
    const fusion = ops.length;
    ops.push(add.add(MR_FUSION));
    for (const v of branchNodes) edges.push([v, fusion]);
    prev = fusion;
  }
  edges.push([prev, ops.length]);
  ops.push('output');
  const adj = Array.from({ length: ops.length }, () => new Array<number>(ops.length).fill(0));
  for (const [a, b] of edges) adj[a][b] = 1;
  return { ops, adj };
}

/**
 * Params/FLOPs (FLOPs in `flops`, default 'naslib'; cost.ts) of the network tools/ncp.py builds for a code
 * (MultiResolutionNet, 128x128 input) with its classification head: the last module's branches resized
 * to the lowest resolution, concatenated, ConvBNReLU 1x1 to last_channel, global pooling, 1x1 conv
 * classifier (with bias) to 50 classes. Functional resizing/pooling and the ReLU created inside the
 * fusion's forward are not modules and count nothing; nearest upsampling counts nothing.
 * Against the csv (2,507 rows): params = the csv's params exactly; FLOPs = the csv's flops (thop: conv
 * MACs + 2 x BN elements + classifier bias, in G) plus the ReLU elements 'naslib' counts.
 */
export function nbmrNetworkCost(code: readonly number[], flops: FlopsConvention = 'naslib'): CellCost {
  const k = new CostCounter(flops);
  const cbr = (x: Shape, cout: number, kernel: number, stride = 1): Shape =>
    k.relu(k.bn(k.conv(x, cout, kernel, { stride, padding: (kernel - 1) / 2 })));
  let x: Shape = { c: 3, h: NBMR_INPUT, w: NBMR_INPUT };
  x = cbr(cbr(x, code[0], 3, 2), code[1], 3, 2);
  let branches: Shape[] = [x];
  for (const [n, blocks, channels] of nbmrModules(code)) {
    // FuseModule (only_fuse_neighbor, directly_downsample): output i from inputs j = i-1, i, i+1.
    const inb = branches.length;
    const out: Shape[] = [];
    for (let i = 0; i < (n > inb ? inb : n); i++) {
      for (let j = Math.max(0, i - 1); j <= Math.min(inb - 1, i + 1); j++) {
        const y = j > i ? cbr(branches[j], channels[i], 1) : j === i ? cbr(branches[j], channels[i], 3) : cbr(branches[j], channels[i], 3, 2);
        if (j === i) out[i] = y;
      }
    }
    for (let b = inb; b < n; b++) out[b] = cbr(out[b - 1], channels[b], 3, 2);
    // ParallelModule: per branch a chain of BasicBlocks (conv-BN-ReLU-conv-BN, add, ReLU).
    branches = out.map((y, b) => {
      for (let r = 0; r < blocks[b]; r++) {
        const a = k.relu(k.bn(k.conv(y, channels[b], 3, { padding: 1 })));
        y = k.relu(k.bn(k.conv(a, channels[b], 3, { padding: 1 })));
      }
      return y;
    });
  }
  const low = branches[branches.length - 1];
  const h = cbr({ c: branches.reduce((s, b) => s + b.c, 0), h: low.h, w: low.w }, code[26], 1);
  k.conv({ c: h.c, h: 1, w: 1 }, NBMR_CLASSES, 1, { bias: true });
  return k.result();
}

/** Every branch operator a member can use: blocks 1-4 x channels 8..128 (step 8) x branch resolution 1/4..1/32. */
const BRANCH_OPERATORS: SpaceOperator[] = NBMR_COUNTS.flatMap((blocks) =>
  VALID_CHANNELS.flatMap((filters) => [4, 8, 16, 32].map((resolution) => basicBranchOp({ blocks, filters, resolution }))));

export class NbmrSpace implements SearchSpace<NbmrCell> {
  readonly id = 'nbmr';
  readonly label = 'NAS-Bench-MR';
  readonly topology = 'nbmr' as const;
  readonly cellKind = 'nbmr' as const;
  readonly operators: readonly SpaceOperator[] = [...BRANCH_OPERATORS, MR_FUSION];
  readonly inputOperator: Operator = INPUT;
  readonly outputOperator: Operator = OUTPUT;
  /** Codes over the sampling value sets (6 input widths, 12 channel widths, counts 1-4). */
  readonly size: bigint = LAYOUT.reduce((p, { role }) => p * BigInt(CHOICES[role].length), 1n);
  readonly flopsConvention: FlopsConvention = 'naslib';
  private readonly byName = new Map(this.operators.map((o) => [o.name, o]));

  operator(name: string): Operator | undefined {
    if (name === 'input') return INPUT;
    if (name === 'output') return OUTPUT;
    return this.byName.get(name);
  }

  validate(cell: NbmrCell | { kind: string }): string[] {
    if (cell.kind !== 'nbmr') return [`${this.id} holds NAS-Bench-MR codes such as 16_16_1_1_16_..., got a ${cell.kind} cell`];
    return nbmrProblems((cell as NbmrCell).code);
  }

  /** The code is the identity: different codes are different networks (even where the GCN graph is equal). */
  canonical(cell: NbmrCell): NbmrCell {
    return { kind: 'nbmr', code: [...cell.code] };
  }

  key(cell: NbmrCell): string {
    return cell.code.join('_');
  }

  toGraphs(cell: NbmrCell): OpGraph[] {
    return [nbmrGraph(nbmrModules(cell.code))];
  }

  /** Uniform over each position's value set (input widths, counts 1-4, channel widths) independently. */
  sample(rng: Rng): NbmrCell {
    return { kind: 'nbmr', code: LAYOUT.map(({ role }) => CHOICES[role][rng.int(CHOICES[role].length)]) };
  }

  /** One position changed to another value of its set. */
  neighbours(cell: NbmrCell): NbmrCell[] {
    const out: NbmrCell[] = [];
    cell.code.forEach((v, i) => {
      for (const w of CHOICES[LAYOUT[i].role]) {
        if (w !== v) out.push({ kind: 'nbmr', code: cell.code.map((x, j) => (j === i ? w : x)) });
      }
    });
    return out;
  }

  mutate(cell: NbmrCell, rng: Rng): NbmrCell {
    return pickNeighbour(this, cell, rng);
  }

  /** The benchmark's classification network (see nbmrNetworkCost); the dataset does not change it. */
  cost(cell: NbmrCell, _dataset?: string, flops: FlopsConvention = this.flopsConvention): CellCost | undefined {
    return nbmrProblems(cell.code).length ? undefined : nbmrNetworkCost(cell.code, flops);
  }
}

export const nbmrSpace = new NbmrSpace();
