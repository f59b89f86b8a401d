/**
 * TransNAS-Bench-101 macro: the benchmark's 3,256 ResNet skeletons `64-<codes>-basic`. Every module is
 * two ResNet basic blocks; its code says whether the first block strides (3, 4) and doubles the
 * channels (2, 4). Members have 4-6 modules, 1-4 of them strided and 1-3 of them widening.
 *
 * The GCN graph is the chain the training loader builds (data/loaders-extra.ts uses tnb101MacroGraph):
 * input -> one basic-block node per module -> output.
 */
import type { CellCost, OpGraph, Operator, Rng, Tnb101MacroCell } from '../types';
import { basicBlockOp } from '../data/operators';
import { CostCounter, type FlopsConvention, type Shape } from './cost';
import type { SearchSpace, SpaceOperator } from './space';
import { pickNeighbour } from './space';
import { INPUT, OUTPUT } from './vocabulary';

/** Channels after the stem: every TransNAS-Bench-101 macro network starts at 64. */
export const TNB101_MACRO_BASE_CHANNELS = 64;
/** Encoder input resolution assumed by cost(): TransNAS-Bench-101's Taskonomy images are 256x256. */
export const TNB101_MACRO_INPUT = 256;
/** Classes of the tasks whose network ends in a linear classifier (the others have decoders, not modelled). */
export const TNB101_MACRO_CLASSES: Readonly<Record<string, number>> = { class_object: 100, class_scene: 63, room_layout: 9 };

/** Macro code -> module shape: 1 keep, 2 channels x2, 3 stride 2, 4 both (0 = no module, skipped by callers). */
export function tnb101MacroModule(code: number): { stride: number; channelsDoubled: boolean } {
  if (!(code >= 1 && code <= 4) || !Number.isInteger(code)) throw new Error(`tnb101macro: bad module code ${code}`);
  return { stride: code >= 3 ? 2 : 1, channelsDoubled: code === 2 || code === 4 };
}

/**
 * Operator-as-node chain of a skeleton: input -> one basic-block operator per module -> output.
 * Codes 0 (NASLib's padding of shorter skeletons) are dropped. `add` registers each operator (the
 * loaders' OperatorSet) and returns its name.
 */
export function tnb101MacroGraph(codes: readonly number[], add: (op: Operator) => string = (op) => op.name): OpGraph {
  const ops = ['input', ...codes.filter((c) => c !== 0).map((c) => add(basicBlockOp(tnb101MacroModule(c)))), 'output'];
  const adj = ops.map((_, i) => ops.map((__, j) => (j === i + 1 ? 1 : 0)));
  return { ops, adj };
}

/** `64-41414-basic`. */
export function tnb101MacroArchString(modules: readonly number[]): string {
  return `${TNB101_MACRO_BASE_CHANNELS}-${modules.join('')}-basic`;
}

/** Membership problems of a module list (empty = one of the 3,256 skeletons). */
export function tnb101MacroProblems(modules: readonly number[]): string[] {
  const errors: string[] = [];
  modules.forEach((m, i) => {
    if (!(Number.isInteger(m) && m >= 1 && m <= 4)) errors.push(`module ${i + 1}: code ${m} is not 1-4 (1 keep, 2 channels x2, 3 stride 2, 4 both)`);
  });
  if (modules.length < 4 || modules.length > 6) errors.push(`a TransNAS-Bench-101 macro skeleton has 4-6 modules, got ${modules.length}`);
  if (errors.length) return errors;
  const strided = modules.filter((m) => m >= 3).length;
  const widened = modules.filter((m) => m === 2 || m === 4).length;
  if (strided < 1 || strided > 4) errors.push(`${strided} modules stride (codes 3, 4); the benchmark has 1-4`);
  if (widened < 1 || widened > 3) errors.push(`${widened} modules double the channels (codes 2, 4); the benchmark has 1-3`);
  return errors;
}

/**
 * Params/FLOPs (FLOPs in `flops`, default 'naslib'; cost.ts) of TransNAS-Bench-101's MacroNet on a 256x256 input:
 * stem conv3x3 s2 (3->32) + BN, ReLU-conv3x3 s2 (32->64)-BN; per module two ResNet basic blocks
 * (ReLU-conv3x3-BN twice; 1x1 conv + BN shortcut where the block strides or widens). With a
 * classification task (class_object, class_scene, room_layout) global average pooling and a
 * Linear(C, classes) follow; these reproduce NASLib's params/flops columns exactly. Any other dataset
 * (the decoder tasks, or none) gives the encoder alone.
 */
export function tnb101MacroNetworkCost(modules: readonly number[], dataset?: string, flops: FlopsConvention = 'naslib'): CellCost {
  const k = new CostCounter(flops);
  let x: Shape = { c: 3, h: TNB101_MACRO_INPUT, w: TNB101_MACRO_INPUT };
  x = k.bn(k.conv(x, TNB101_MACRO_BASE_CHANNELS / 2, 3, { stride: 2, padding: 1 }));
  x = k.bn(k.conv(k.relu(x), TNB101_MACRO_BASE_CHANNELS, 3, { stride: 2, padding: 1 }));
  for (const code of modules) {
    const m = tnb101MacroModule(code);
    const out = m.channelsDoubled ? x.c * 2 : x.c;
    for (let b = 0; b < 2; b++) {
      const stride = b === 0 ? m.stride : 1;
      const a = k.bn(k.conv(k.relu(x), out, 3, { stride, padding: 1 }));
      const y = k.bn(k.conv(k.relu(a), out, 3, { padding: 1 }));
      if (stride !== 1 || x.c !== out) k.bn(k.conv(x, out, 1, { stride }));
      x = y;
    }
  }
  const classes = dataset === undefined ? undefined : TNB101_MACRO_CLASSES[dataset.toLowerCase()];
  if (classes !== undefined) k.linear(k.globalPool(x).c, classes);
  return k.result();
}

const MODULE_OPERATORS: SpaceOperator[] = [1, 2, 3, 4].map((c) => basicBlockOp(tnb101MacroModule(c)));

export class Tnb101MacroSpace implements SearchSpace<Tnb101MacroCell> {
  readonly id = 'tnb101-macro';
  readonly label = 'TransNAS-Bench-101 macro';
  readonly topology = 'tnb101-macro' as const;
  readonly cellKind = 'tnb101-macro' as const;
  readonly operators: readonly SpaceOperator[] = MODULE_OPERATORS;
  readonly inputOperator: Operator = INPUT;
  readonly outputOperator: Operator = OUTPUT;
  readonly size = 3256;
  readonly flopsConvention: FlopsConvention = 'naslib';
  private all?: number[][];
  private readonly byName = new Map(MODULE_OPERATORS.map((o) => [o.name, o]));

  operator(name: string): Operator | undefined {
    if (name === 'input') return INPUT;
    if (name === 'output') return OUTPUT;
    return this.byName.get(name);
  }

  validate(cell: Tnb101MacroCell | { kind: string }): string[] {
    if (cell.kind !== 'tnb101-macro') return [`${this.id} holds macro skeletons such as 64-41414-basic, got a ${cell.kind} cell`];
    return tnb101MacroProblems((cell as Tnb101MacroCell).modules);
  }

  /** Skeletons are sequences: the code string is the identity, no two differ only in form. */
  canonical(cell: Tnb101MacroCell): Tnb101MacroCell {
    return { kind: 'tnb101-macro', modules: [...cell.modules] };
  }

  key(cell: Tnb101MacroCell): string {
    return tnb101MacroArchString(cell.modules);
  }

  toGraphs(cell: Tnb101MacroCell): OpGraph[] {
    return [tnb101MacroGraph(cell.modules)];
  }

  /** Every 4-6 module skeleton with 1-4 strided and 1-3 widening modules: lexicographic code order (= the shared csv's NASLib tuple order). */
  private list(): number[][] {
    if (this.all) return this.all;
    const out: number[][] = [];
    const walk = (prefix: number[]) => {
      if (prefix.length >= 4 && tnb101MacroProblems(prefix).length === 0) out.push(prefix);
      if (prefix.length === 6) return;
      for (let c = 1; c <= 4; c++) walk([...prefix, c]);
    };
    walk([]);
    return (this.all = out);
  }

  *enumerate(): Iterable<Tnb101MacroCell> {
    for (const m of this.list()) yield { kind: 'tnb101-macro', modules: [...m] };
  }

  sample(rng: Rng): Tnb101MacroCell {
    const all = this.list();
    return { kind: 'tnb101-macro', modules: [...all[rng.int(all.length)]] };
  }

  /** One module's code changed, one module inserted or one removed; members only, distinct. */
  neighbours(cell: Tnb101MacroCell): Tnb101MacroCell[] {
    const m = cell.modules;
    const seen = new Set([m.join('')]);
    const out: Tnb101MacroCell[] = [];
    const consider = (modules: number[]) => {
      const k = modules.join('');
      if (seen.has(k) || tnb101MacroProblems(modules).length) return;
      seen.add(k);
      out.push({ kind: 'tnb101-macro', modules });
    };
    for (let i = 0; i < m.length; i++) for (let c = 1; c <= 4; c++) if (c !== m[i]) consider(m.map((x, j) => (j === i ? c : x)));
    for (let i = 0; i <= m.length; i++) for (let c = 1; c <= 4; c++) consider([...m.slice(0, i), c, ...m.slice(i)]);
    for (let i = 0; i < m.length; i++) consider([...m.slice(0, i), ...m.slice(i + 1)]);
    return out;
  }

  mutate(cell: Tnb101MacroCell, rng: Rng): Tnb101MacroCell {
    return pickNeighbour(this, cell, rng);
  }

  /** dataset: class_object, class_scene, room_layout (with the linear head); anything else: the encoder alone. */
  cost(cell: Tnb101MacroCell, dataset?: string, flops: FlopsConvention = this.flopsConvention): CellCost | undefined {
    if (tnb101MacroProblems(cell.modules).length) return undefined;
    return tnb101MacroNetworkCost(cell.modules, dataset, flops);
  }
}

export const tnb101MacroSpace = new Tnb101MacroSpace();
