/**
 * Extra tasks of the NAS-Bench-201 and TransNAS-Bench-101-micro spaces from the files added
 * 2026-11-30 (PROVENANCE.md): NASLib validation accuracies of every NB201 cell, and labels of
 * sampled cells on SVHN, NinaPro and Spherical CIFAR-100 (NAS-Bench-Suite-Zero "9x", Few-Cost-Proxy).
 * They stay tasks of the existing spaces, so excluding a space excludes every label of its cells.
 * Each file is optional: a missing file means the task is absent. Imports only types from
 * loaders.ts (no import cycle).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type CsvTable } from '../csv';
import type { Nb201Cell } from '../types';
import type { LabelledTask } from './loaders';
import { numbers } from './loaders-extra';

export interface ExtraTasks {
  tasks: LabelledTask[];
  /** LabelledSpace.columns entries for the new tasks (`name:task` keys). */
  columns: Record<string, Float64Array>;
}

/** Suite-Zero scores copied as `zc_<name>:<task>` (the ones the other spaces carry too). */
const ZC = ['jacov', 'nwot', 'synflow', 'snip'];

const NINE_X_TASKS: Array<[csvTask: string, what: string]> = [
  ['svhn', 'SVHN'],
  ['ninapro', 'NinaPro'],
  ['scifar100', 'Spherical CIFAR-100'],
];

/**
 * Rows of a 9x file (nb201_9x.csv / tnb101_micro_9x.csv) as labels and baseline columns per task,
 * placed at the architecture `rowOf` returns (undefined: not joined, counted in `unjoined`).
 */
function nineX(z: CsvTable, n: number, rowOf: (r: string[]) => number | undefined, taskName: (csvTask: string) => string, space: string): ExtraTasks {
  const out: ExtraTasks = { tasks: [], columns: {} };
  for (const [csvTask, what] of NINE_X_TASKS) {
    const rows = z.rows.filter((r) => r[z.col('task')] === csvTask);
    if (rows.length === 0) continue;
    const name = taskName(csvTask);
    const labels = new Float64Array(n).fill(NaN);
    const cols = new Map<string, Float64Array>();
    const put = (key: string, i: number, v: string) => {
      if (v.trim() === '') return;
      if (!cols.has(key)) cols.set(key, new Float64Array(n).fill(NaN));
      cols.get(key)![i] = Number(v);
    };
    let joined = 0;
    for (const r of rows) {
      const i = rowOf(r);
      if (i === undefined) continue;
      if (Number.isFinite(labels[i])) throw new Error(`${space}: two ${csvTask} labels for one architecture`);
      joined++;
      labels[i] = numbers([r[z.col('val_accuracy')]])[0];
      put(`params:${name}`, i, r[z.col('params')]);
      put(`flops:${name}`, i, r[z.col('flops')]);
      for (const p of ZC) put(`zc_${p}:${name}`, i, r[z.col(p)]);
    }
    if (joined < rows.length) throw new Error(`${space}: ${rows.length - joined} of ${rows.length} ${csvTask} rows match no architecture`);
    out.tasks.push({ name, description: `${what} validation accuracy (%), NAS-Bench-Suite-Zero (${joined} cells)`, labels });
    for (const [k, v] of cols) out.columns[k] = v;
  }
  return out;
}

/** NB201 extra tasks, aligned with the rows of nb201_all.csv (`t`). */
export function nb201ExtraTasks(dir: string, t: CsvTable): ExtraTasks {
  const n = t.rows.length;
  const byIndex = new Map(t.rows.map((r, i) => [r[t.col('index')], i]));
  const byArch = new Map(t.rows.map((r, i) => [r[t.col('arch_str')], i]));
  const out: ExtraTasks = { tasks: [], columns: {} };
  const col = (name: string) => numbers(t.rows.map((r) => r[t.col(name)]));

  const valFile = join(dir, 'nasbench201', 'nb201_naslib_val_zen_all.csv');
  if (existsSync(valFile)) {
    const v = readCsv(valFile);
    const at = v.rows.map((r) => byIndex.get(r[v.col('index')]));
    for (const [task, ds, what] of [['c10', 'c10', 'CIFAR-10'], ['c100', 'c100', 'CIFAR-100'], ['in16', 'in16', 'ImageNet16-120']]) {
      const labels = new Float64Array(n).fill(NaN);
      v.rows.forEach((r, k) => {
        if (at[k] !== undefined) labels[at[k]!] = numbers([r[v.col(`${ds}_valid_200_naslib`)]])[0];
      });
      out.tasks.push({ name: `${task}_valid`, description: `${what} validation accuracy (%), 200 epochs (NASLib)`, labels });
      // Same networks as the test-accuracy tasks: same params / FLOPs.
      out.columns[`params:${task}_valid`] = col(`params_M_${ds}`);
      out.columns[`flops:${task}_valid`] = col(`flops_M_${ds}`);
    }
  }

  const nineFile = join(dir, 'naslib_9x', 'nb201_9x.csv');
  if (existsSync(nineFile)) {
    const z = readCsv(nineFile);
    const x = nineX(z, n, (r) => byArch.get(r[z.col('arch_str')]), (task) => (task === 'scifar100' ? 'scifar100_9x' : task), 'nb201');
    out.tasks.push(...x.tasks);
    Object.assign(out.columns, x.columns);
  }

  const fewFile = join(dir, 'fewcost_nb201', 'nb201_spherical_cifar100_999.csv');
  if (existsSync(fewFile)) {
    const f = readCsv(fewFile);
    const labels = new Float64Array(n).fill(NaN);
    for (const r of f.rows) {
      const i = byIndex.get(r[f.col('index')]);
      if (i === undefined) throw new Error(`nb201: Few-Cost-Proxy index ${r[f.col('index')]} not in nb201_all.csv`);
      labels[i] = numbers([r[f.col('scifar100_final_val_acc')]])[0];
    }
    out.tasks.push({ name: 'scifar100', description: `Spherical CIFAR-100 final validation accuracy (%), Few-Cost-Proxy (${f.rows.length} cells)`, labels });
    // The 100-class NB201 network: its weight count does not depend on the input size.
    out.columns['params:scifar100'] = col('params_M_c100');
  }
  return out;
}

/** NASLib edge order (0>1),(0>2),(0>3),(1>2),(1>3),(2>3) -> arch-string order (0>1),(0>2),(1>2),(0>3),(1>3),(2>3). */
const NASLIB_TO_ARCH_ORDER = [0, 1, 3, 2, 4, 5];
const NINE_X_OP_NAMES: Readonly<Record<string, string>> = {
  none: 'none',
  skip_connect: 'skip_connect',
  conv1x1: 'nor_conv_1x1',
  conv3x3: 'nor_conv_3x3',
};

/**
 * TNB101-micro cell of a tnb101_micro_9x.csv row from its `ops_naslib_edge_order` names. Unlike the
 * main csv's tuples (TransNAS-Bench's native codes, see tnb101CellFromCsvTuple), the 9x networks were
 * built by NASLib itself (ops Identity, Zero, ReLUConvBN 3x3, ReLUConvBN 1x1 on its edge list), so the
 * names hold, in NASLib edge order. Checked on the data: NASLib's `params` proxy of the 9x rows has
 * Spearman 0.97 with n(1x1) + 9 n(3x3) under this reading (0.07 with the native codes), and with the
 * edge reordering exactly the cells whose output is unreachable sit at chance (SVHN 19.6 %, Spherical
 * CIFAR-100 1.0 %); without it, 5 "unreachable" cells per task have ordinary labels.
 */
export function tnb101CellFrom9xNames(names: readonly string[]): Nb201Cell {
  const ops = names.map((s) => NINE_X_OP_NAMES[s]);
  if (ops.length !== 6 || ops.some((o) => o === undefined)) throw new Error(`tnb101: bad 9x op list '${names.join('|')}'`);
  return { kind: 'nb201', ops: NASLIB_TO_ARCH_ORDER.map((k) => ops[k]) };
}

/** TNB101-micro extra tasks, joined to the main table's cells (`cells`, arch-string order) by op list. */
export function tnb101ExtraTasks(dir: string, cells: readonly Nb201Cell[]): ExtraTasks {
  const file = join(dir, 'naslib_9x', 'tnb101_micro_9x.csv');
  if (!existsSync(file)) return { tasks: [], columns: {} };
  const z = readCsv(file);
  const byOps = new Map(cells.map((c, i) => [c.ops.join('|'), i]));
  return nineX(z, cells.length, (r) => byOps.get(tnb101CellFrom9xNames(r[z.col('ops_naslib_edge_order')].split('|')).ops.join('|')), (t) => t, 'tnb101');
}
