/**
 * Loaders of the labelled training spaces (files under the shared data folder, see
 * /work/shared/docs/training-data.md). Each returns architectures as operator-as-node graphs
 * plus one or more label columns ("tasks"). Labels are kept on their own scale: training ranks
 * within a (space, task) group, so scales never have to agree across spaces.
 *
 * NB201, TNB101-micro and NB101 cells go through the spaces module's toGraphs: training and
 * scoring share one conversion.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../csv';
import { nb101FromNaslibTuple } from '../formats';
import { nb101Space, nb201Space, tnb101MicroSpace } from '../spaces';
import { TNB101_NATIVE_CODES } from '../spaces/nb201';
import { NB101_OPS, NB201_OPS } from '../spaces/vocabulary';
import type { Nb101Cell, Nb201Cell, OpGraph, Operator } from '../types';
import {
  DROPOUT, GLOBAL_AVG_POOL, IDENTITY, NBGRAPH_OPS, OperatorSet, convOp, downsampleOp, fcOp, maxPoolOp, mbconvOp, resBlockOp,
} from './operators';

export interface LabelledTask {
  /** Short id, e.g. 'c10' for NB201 CIFAR-10. */
  name: string;
  /** What the label is. */
  description: string;
  /** One per architecture; NaN where this task has no label for the architecture. Higher is better. */
  labels: Float64Array;
}

export interface LabelledSpace {
  /** Data-spec id, e.g. 'nb201'. */
  space: string;
  label: string;
  /** Operator name -> described operator, for every op name used in `graphs` (input/output included). */
  operators: Map<string, Operator>;
  /** One or more graphs per architecture (all current spaces: one). */
  graphs: OpGraph[][];
  tasks: LabelledTask[];
  /** Architecture-level tag for reporting, e.g. the NB201 index; optional. */
  ids?: string[];
}

export interface LoaderInfo {
  id: string;
  label: string;
  /** Path below the data folder of the main file (existence check). */
  file: string;
  load(dataDir: string): LabelledSpace;
}

const chainAdj = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 ? 1 : 0)));

/** input -> ops... -> output chain. */
function chain(ops: string[]): OpGraph {
  const all = ['input', ...ops, 'output'];
  return { ops: all, adj: chainAdj(all.length) };
}

function numbers(values: string[]): Float64Array {
  return Float64Array.from(values, (v) => (v === '' ? NaN : Number(v)));
}

function vocab(...lists: (readonly Operator[])[]): Map<string, Operator> {
  const set = new OperatorSet();
  for (const l of lists) set.addAll(l);
  return set.byName;
}

// --- NAS-Bench-201 ---------------------------------------------------------------------------

function loadNb201(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'nasbench201', 'nb201_all.csv'));
  const ops = t.col('ops_str_order');
  const graphs = t.rows.map((r) => nb201Space.toGraphs({ kind: 'nb201', ops: r[ops].split('|') } as Nb201Cell));
  const col = (name: string) => numbers(t.rows.map((r) => r[t.col(name)]));
  return {
    space: 'nb201',
    label: 'NAS-Bench-201',
    operators: vocab(NB201_OPS),
    graphs,
    ids: t.rows.map((r) => r[t.col('index')]),
    tasks: [
      { name: 'c10', description: 'CIFAR-10 test accuracy (%), 200 epochs', labels: col('c10_test_200') },
      { name: 'c100', description: 'CIFAR-100 test accuracy (%), 200 epochs', labels: col('c100_test_200') },
      { name: 'in16', description: 'ImageNet16-120 test accuracy (%), 200 epochs', labels: col('in16_test_200') },
    ],
  };
}

// --- TransNAS-Bench-101 micro ----------------------------------------------------------------

/**
 * The csv's `arch_naslib` tuples are NOT in the NB201-NASLib coding that PROVENANCE.md states.
 * NASLib keys TransNAS-Bench-101 micro results by op indices that it formats straight into the
 * benchmark's own string ('64-41414-{}_{}{}_{}{}{}', conversions.convert_op_indices_micro_to_str),
 * so the tuple is in TransNAS-Bench's native coding (0 = none, 1 = skip, 2 = conv1x1, 3 = conv3x3)
 * and in arch-string edge order. Checked three ways: NASLib's `params` proxy grows ~9.7x faster
 * per code-3 op than per code-2 op (3x3 vs 1x1 conv); with this decoding class_scene vs NB201
 * CIFAR-10 on the same cells has Spearman 0.895 (0.15 with the PROVENANCE decoding); and NASLib's
 * own edge order gives 0.70.
 */
export const TNB101_CSV_CODES: readonly string[] = TNB101_NATIVE_CODES;

export function tnb101CellFromCsvTuple(codes: readonly number[]): Nb201Cell {
  if (codes.length !== 6 || codes.some((c) => !(c >= 0 && c <= 3) || !Number.isInteger(c))) {
    throw new Error(`tnb101: bad micro tuple (${codes.join(', ')})`);
  }
  return { kind: 'nb201', ops: codes.map((c) => TNB101_CSV_CODES[c]) };
}

const TNB101_TASKS = ['class_scene', 'class_object', 'jigsaw', 'room_layout', 'segmentsemantic', 'normal', 'autoencoder'];

function parseTuple(s: string): number[] {
  return s.replace(/[()\s]/g, '').split(',').filter(Boolean).map(Number);
}

function loadTnb101(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'transnasbench101', 'tnb101_micro_all_valacc_zen.csv'));
  const arch = t.col('arch_naslib');
  const graphs = t.rows.map((r) => tnb101MicroSpace.toGraphs(tnb101CellFromCsvTuple(parseTuple(r[arch]))));
  return {
    space: 'tnb101',
    label: 'TransNAS-Bench-101 micro',
    operators: vocab(NB201_OPS.filter((o) => o.name !== 'avg_pool_3x3')),
    graphs,
    ids: t.rows.map((r) => r[arch]),
    tasks: TNB101_TASKS.map((task) => ({
      name: task,
      description: `${task} validation metric (NASLib orientation, higher is better)`,
      labels: numbers(t.rows.map((r) => r[t.col(`${task}_val_accuracy`)])),
    })),
  };
}

// --- NAS-Bench-101 ---------------------------------------------------------------------------

interface Nb101Json {
  archs: Array<{ hash: string; adjacency: number[][]; ops: string[]; val_acc_108: number }>;
}

function loadNb101(dir: string): LabelledSpace {
  const k1 = JSON.parse(readFileSync(join(dir, 'nasbench101', 'nb101_1k.json'), 'utf8')) as Nb101Json;
  const zc = JSON.parse(readFileSync(join(dir, 'naslib_zc_subsets', 'zc_nasbench101.subset.json'), 'utf8')) as {
    nasbench101: { cifar10: Record<string, { val_accuracy: number }> };
  };
  const graphs: OpGraph[][] = [];
  const ids: string[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const seen = new Map<string, number>();
  const nb = new Map<number, number>();
  const add = (cell: Nb101Cell, la: number, lb: number) => {
    // One row per module (nasbench hash): the NASLib subset holds 500 specs but only 292 distinct
    // modules; repeated labels of a module (separate samples of its runs) are averaged.
    const key = nb101Space.key(cell);
    const at = seen.get(key);
    if (at !== undefined) {
      if (Number.isFinite(la)) a[at] = la;
      if (Number.isFinite(lb)) {
        const c = Number.isFinite(b[at]) ? (nb.get(at) ?? 1) : 0;
        b[at] = c === 0 ? lb : (b[at] * c + lb) / (c + 1);
        nb.set(at, c + 1);
      }
      return;
    }
    seen.set(key, graphs.length);
    graphs.push(nb101Space.toGraphs(cell));
    ids.push(key);
    a.push(la);
    b.push(lb);
  };
  for (const x of k1.archs) add({ kind: 'nb101', matrix: x.adjacency, ops: x.ops }, x.val_acc_108, NaN);
  for (const [key, v] of Object.entries(zc.nasbench101.cifar10)) {
    const cell = nb101FromNaslibTuple(parseTuple(key));
    if (!cell || nb101Space.validate(cell).length) continue;
    add(cell, NaN, v.val_accuracy);
  }
  return {
    space: 'nb101',
    label: 'NAS-Bench-101',
    operators: vocab(NB101_OPS),
    graphs,
    ids,
    tasks: [
      { name: 'c10_1k', description: 'CIFAR-10 validation accuracy (fraction, one run, 108 epochs), nb101_1k.json', labels: Float64Array.from(a) },
      { name: 'c10_naslib', description: 'CIFAR-10 validation accuracy (%), NASLib zero-cost subset', labels: Float64Array.from(b) },
    ],
  };
}

// --- NAS-Bench-Macro -------------------------------------------------------------------------

/** First layer of each stage (2/3/3 layers) has stride 2 and changes the channel count. */
const MACRO_STRIDE2 = new Set([0, 2, 5]);

function loadMacro(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'nasbenchmacro', 'nbmacro_all.csv'));
  const set = new OperatorSet();
  const rows = t.rows.filter((r) => r[t.col('is_trained_arch')] === '1');
  const graphs = rows.map((r) => {
    const ops = Array.from({ length: 8 }, (_, i) => {
      const name = r[t.col(`layer${i + 1}_op`)];
      const s2 = MACRO_STRIDE2.has(i);
      if (name === 'identity') return set.add(s2 ? downsampleOp(2) : IDENTITY);
      const [e, k] = name === 'mb3_k3' ? [3, 3] : name === 'mb6_k5' ? [6, 5] : [NaN, NaN];
      if (!Number.isFinite(e)) throw new Error(`nbmacro: unknown layer op '${name}'`);
      return set.add(mbconvOp({ expansion: e, kernel: k, stride: s2 ? 2 : 1, se: false, residual: !s2 }));
    });
    return [chain(ops)];
  });
  return {
    space: 'nbmacro',
    label: 'NAS-Bench-Macro',
    operators: set.byName,
    graphs,
    ids: rows.map((r) => r[t.col('arch')]),
    tasks: [{ name: 'c10', description: 'CIFAR-10 test accuracy (%), mean of 3 seeds', labels: numbers(rows.map((r) => r[t.col('c10_test_mean')])) }],
  };
}

// --- Accel-NASBench --------------------------------------------------------------------------

const ANB_STRIDES = [1, 2, 2, 2, 1, 2, 1];

function loadAnb(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'accelnasbench', 'anb_all.csv'));
  const set = new OperatorSet();
  const graphs = t.rows.map((r) => {
    const ops: string[] = [];
    for (let b = 0; b < 7; b++) {
      const get = (f: string) => Number(r[t.col(`block${b}_${f}`)]);
      const [e, k, l, se] = [get('e'), get('k'), get('l'), get('se') === 1];
      // Layer 1 of a block changes channels (and maybe stride): no residual; the others keep shape.
      for (let i = 0; i < l; i++) {
        ops.push(set.add(mbconvOp({ expansion: e, kernel: k, stride: i === 0 ? ANB_STRIDES[b] : 1, se, residual: i > 0 })));
      }
    }
    return [chain(ops)];
  });
  return {
    space: 'anb',
    label: 'Accel-NASBench',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('result_id')]),
    tasks: [{ name: 'in1k', description: 'ImageNet top-1 (%), 16-epoch proxy training', labels: numbers(t.rows.map((r) => r[t.col('val_top1')])) }],
  };
}

// --- MetaQNN chains --------------------------------------------------------------------------

interface MetaqnnLayer {
  op: string;
  filters?: number;
  kernel?: number;
  stride?: number;
  units?: number;
}

function loadMetaqnn(dir: string): LabelledSpace {
  const data = JSON.parse(readFileSync(join(dir, 'accelerating_nas', 'metaqnn_layers.json'), 'utf8')) as {
    archs: Array<{ dataset: string; lr: number; layers: MetaqnnLayer[]; val_acc_by_epoch: number[] }>;
  };
  const set = new OperatorSet();
  const graphs = data.archs.map((a) => {
    const ops: string[] = [];
    for (const l of a.layers) {
      if (l.op === 'conv') ops.push(set.add(convOp({ kernel: l.kernel!, filters: l.filters!, stride: l.stride, bn: false })));
      else if (l.op === 'pool') ops.push(set.add(maxPoolOp(l.kernel!, l.stride!)));
      else if (l.op === 'dropout') ops.push(set.add(DROPOUT));
      else if (l.op === 'fc') ops.push(set.add(fcOp(l.units)));
      else if (l.op === 'gap') ops.push(set.add(GLOBAL_AVG_POOL));
      else if (l.op === 'softmax') continue; // every net ends in one: the output node stands for it
      else throw new Error(`metaqnn: unknown layer '${l.op}'`);
    }
    return [chain(ops)];
  });
  // The learning rate differs per row and shifts accuracy: rank within (dataset, lr) groups
  // with enough members, as separate tasks (NaN outside the group).
  const groups = new Map<string, number[]>();
  data.archs.forEach((a, i) => {
    const key = `${a.dataset}@lr${a.lr}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const tasks: LabelledTask[] = [];
  for (const [key, members] of [...groups].sort()) {
    if (members.length < 40) continue;
    const labels = new Float64Array(data.archs.length).fill(NaN);
    for (const i of members) labels[i] = data.archs[i].val_acc_by_epoch[data.archs[i].val_acc_by_epoch.length - 1];
    tasks.push({ name: key, description: `validation accuracy (fraction) after 20 epochs, ${key}`, labels });
  }
  return { space: 'metaqnn', label: 'MetaQNN chains', operators: set.byName, graphs, tasks };
}

// --- Deep ResNets (Tiny ImageNet) ------------------------------------------------------------

function loadResnets(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'accelerating_nas', 'raw', 'deep_resnets_tinyimagenet.csv'));
  const set = new OperatorSet();
  const last = t.header.filter((h) => /^acc_\d+$/.test(h)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).pop()!;
  // 14 runs diverged (final accuracy <= 0.01): their label says nothing about the architecture.
  const rows = t.rows.filter((r) => Number(r[t.col(last)]) > 0.01);
  const graphs = rows.map((r) => {
    const n = Number(r[t.col('num_blocks')]);
    const op = set.add(resBlockOp({ kernel: Number(r[t.col('filter_size')]), filters: Number(r[t.col('num_filters')]) }));
    return [chain(new Array<string>(n).fill(op))];
  });
  return {
    space: 'resnets',
    label: 'Deep ResNets (Tiny ImageNet)',
    operators: set.byName,
    graphs,
    tasks: [{ name: 'tinyimagenet', description: `validation accuracy (fraction) at ${last}`, labels: numbers(rows.map((r) => r[t.col(last)])) }],
  };
}

// --- NAAP-440 --------------------------------------------------------------------------------

function loadNaap(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'naap440', 'naap440_compact.csv'));
  const set = new OperatorSet();
  const graphs = t.rows.map((r) => {
    const ops = r[t.col('layers')].split('|').map((s) => {
      const m = /^k(\d+)w(\d+)s(\d+)(r?)$/.exec(s);
      if (!m) throw new Error(`naap440: bad layer '${s}'`);
      return set.add(convOp({ kernel: Number(m[1]), filters: Number(m[2]), stride: Number(m[3]), residual: m[4] === 'r' }));
    });
    return [chain(ops)];
  });
  return {
    space: 'naap440',
    label: 'NAAP-440',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('ModelId')]),
    tasks: [{ name: 'c10', description: 'CIFAR-10 test accuracy (fraction), max over 90 epochs', labels: numbers(t.rows.map((r) => r[t.col('MaxAccuracy')])) }],
  };
}

// --- NAS-Bench-Graph -------------------------------------------------------------------------

const NBGRAPH_DATASETS = ['cora', 'citeseer', 'pubmed', 'cs', 'physics', 'photo', 'computers', 'arxiv', 'proteins'];

/** input(0) -> computing nodes 1..4 (inputs from `link`) -> output fed by the nodes without successor. */
export function nbgraphGraph(link: number[], ops: string[]): OpGraph {
  const n = 6;
  const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  link.forEach((src, i) => (adj[src][i + 1] = 1));
  for (let v = 1; v <= 4; v++) if (!link.includes(v)) adj[v][5] = 1;
  return { ops: ['input', ...ops, 'output'], adj };
}

function loadNbgraph(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'nasbenchgraph', 'nbgraph_light_all.csv'));
  const set = new OperatorSet();
  const graphs = t.rows.map((r) => {
    const ops = [1, 2, 3, 4].map((i) => {
      const op = NBGRAPH_OPS[r[t.col(`op${i}`)]];
      if (!op) throw new Error(`nbgraph: unknown op '${r[t.col(`op${i}`)]}'`);
      return set.add(op);
    });
    return [nbgraphGraph(r[t.col('link')].split('-').map(Number), ops)];
  });
  return {
    space: 'nbgraph',
    label: 'NAS-Bench-Graph',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('hash')]),
    tasks: NBGRAPH_DATASETS.map((ds) => ({
      name: ds,
      description: `${ds} validation ${ds === 'proteins' ? 'ROC-AUC' : 'accuracy'} (fraction)`,
      labels: numbers(t.rows.map((r) => r[t.col(`${ds}_valid`)])),
    })),
  };
}

/** Every labelled space, in the order `all` loads them. DARTS is absent on purpose: it has no labels. */
export const LOADERS: readonly LoaderInfo[] = [
  { id: 'nb101', label: 'NAS-Bench-101', file: 'nasbench101/nb101_1k.json', load: loadNb101 },
  { id: 'nb201', label: 'NAS-Bench-201', file: 'nasbench201/nb201_all.csv', load: loadNb201 },
  { id: 'tnb101', label: 'TransNAS-Bench-101 micro', file: 'transnasbench101/tnb101_micro_all_valacc_zen.csv', load: loadTnb101 },
  { id: 'nbmacro', label: 'NAS-Bench-Macro', file: 'nasbenchmacro/nbmacro_all.csv', load: loadMacro },
  { id: 'anb', label: 'Accel-NASBench', file: 'accelnasbench/anb_all.csv', load: loadAnb },
  { id: 'metaqnn', label: 'MetaQNN chains', file: 'accelerating_nas/metaqnn_layers.json', load: loadMetaqnn },
  { id: 'resnets', label: 'Deep ResNets', file: 'accelerating_nas/raw/deep_resnets_tinyimagenet.csv', load: loadResnets },
  { id: 'naap440', label: 'NAAP-440', file: 'naap440/naap440_compact.csv', load: loadNaap },
  { id: 'nbgraph', label: 'NAS-Bench-Graph', file: 'nasbenchgraph/nbgraph_light_all.csv', load: loadNbgraph },
];
