/**
 * The NB201 half of the proxy benchmark's inputs (bench-proxy.ts): the shared data's NB201 table in csv
 * order with its cells and label vectors, and the shipped models' scores and timings on every cell.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type CsvTable } from '../core/csv';
import { formatNb201 } from '../core/formats/nb201';
import { loadProxy } from '../core/proxy';
import type { Proxy } from '../core/proxy/types';
import { getSpace, type SearchSpace } from '../core/spaces';
import type { Cell, Nb201Cell } from '../core/types';
import { numeric, type Vec } from './bench-stats';

/** The shipped models compared on NB201, with what their NB201 figures mean. */
const MODELS = [
  { name: 'no-nb201', note: 'zero-shot on NB201; ensemble of 5 seeds' },
  { name: 'universal', note: 'in-space: trained on 6,000 NB201 cells, which are among the rows scored' },
] as const;
/** NB201 test accuracy columns; `zc`: the Suite-Zero dataset standing in (none was computed on CIFAR-100). */
export const TARGETS = [
  { id: 'c10', column: 'c10_test_200', label: 'C10', zc: 'c10' },
  { id: 'c100', column: 'c100_test_200', label: 'C100', zc: 'c10' },
  { id: 'in16', column: 'in16_test_200', label: 'IN16', zc: 'in16' },
] as const;
/** Timed batched passes over all cells after the warm-up pass; the best one counts. */
export const BATCH_ROUNDS = 3;
/** Timed one-cell calls per model (median and p95 reported). */
export const SINGLE_CALLS = 200;
export type Target = (typeof TARGETS)[number];

/**
 * The NB201 rows of the shared data (nb201_all.csv) in csv order: the cell of each row and the
 * vectors the NB201 sections rank against. Columns are read on first use, once.
 */
export interface Nb201Table {
  csv: CsvTable;
  space: SearchSpace<Cell>;
  /** The cell of each csv row. */
  cells: Cell[];
  /** Every row. */
  allIdx: number[];
  /** Rows with no_unreachable_branch = 1 (the only rows Suite-Zero scored). */
  validIdx: number[];
  /** Test accuracy per target. */
  truth: Record<Target['id'], Vec>;
  /** Rows whose equivalent valid cell has no row; their Suite-Zero values are NaN. */
  unmapped: number;
  /** Number of nor_conv_* operations per row. */
  convCount: Vec;
  /** A numeric column as written. */
  column(name: string): Vec;
  /** A Suite-Zero column where every row takes the value of its equivalent valid cell. */
  suiteZero(name: string): Vec;
}

/** Reads a column once however many sections ask for it (Suite-Zero columns are 15,625 rows each). */
function memo(read: (name: string) => Vec): (name: string) => Vec {
  const cache = new Map<string, Vec>();
  return (name) => {
    let v = cache.get(name);
    if (!v) cache.set(name, (v = read(name)));
    return v;
  };
}

/** Loads nb201_all.csv under `data` and maps every row to its cell of the built-in nb201 space. */
export function loadNb201Table(data: string): Nb201Table {
  const csv = readCsv(join(data, 'nasbench201', 'nb201_all.csv'));
  const space = getSpace('nb201')! as SearchSpace<Cell>;
  const byArch = new Map<string, Cell>();
  for (const c of space.enumerate!()) byArch.set(formatNb201(c as Nb201Cell), c);
  const archCol = csv.col('arch_str');
  const cells = csv.rows.map((r) => {
    const c = byArch.get(r[archCol]);
    if (!c) throw new Error(`nb201_all.csv: arch_str '${r[archCol]}' is not a cell of the nb201 space`);
    return c;
  });
  const allIdx = Array.from({ length: csv.rows.length }, (_, i) => i);
  const validCol = csv.col('no_unreachable_branch');
  const validIdx = allIdx.filter((i) => csv.rows[i][validCol] === '1');
  const truth = Object.fromEntries(TARGETS.map((t) => [t.id, numeric(csv, t.column)])) as Record<Target['id'], Vec>;

  // Every cell gets the Suite-Zero values of its equivalent valid cell (PROVENANCE.md, equiv_valid_naslib_tuple).
  const tupleCol = csv.col('naslib_tuple');
  const equivCol = csv.col('equiv_valid_naslib_tuple');
  const validRow = new Map<string, number>();
  for (const i of validIdx) validRow.set(csv.rows[i][tupleCol], i);
  const equiv = csv.rows.map((r) => validRow.get(r[equivCol]) ?? -1);
  const unmapped = equiv.filter((e) => e < 0).length;
  const opsCol = csv.col('ops_str_order');
  const convCount = Float64Array.from(csv.rows, (r) => r[opsCol].split('|').filter((o) => o.startsWith('nor_conv_')).length);
  return {
    csv, space, cells, allIdx, validIdx, truth, unmapped, convCount,
    column: memo((name) => numeric(csv, name)),
    suiteZero: memo((name) => {
      const v = numeric(csv, name);
      return Float64Array.from(equiv, (e) => (e < 0 ? NaN : v[e]));
    }),
  };
}

/** One shipped model on every NB201 cell: its scores and timings, or why it did not load. */
export interface ModelRun {
  name: string;
  note: string;
  scores?: Vec;
  error?: string;
  loadMs?: number;
  batchCellsPerS?: number;
  batchSeconds?: number;
  singleMedianMs?: number;
  singleP95Ms?: number;
  backend?: string;
  networks?: number;
}

/** Scores `cells` with each of MODELS in turn (one loaded at a time), timing load, batch and single cell. */
export async function timeModels(nb201: SearchSpace<Cell>, cells: Cell[]): Promise<ModelRun[]> {
  const runs: ModelRun[] = [];
  for (const m of MODELS) runs.push(await timeModel(m, nb201, cells));
  return runs;
}

/** One model: load, a warm-up pass whose scores are kept, then the batched and single-cell timings. */
async function timeModel(m: (typeof MODELS)[number], nb201: SearchSpace<Cell>, cells: Cell[]): Promise<ModelRun> {
  const run: ModelRun = { name: m.name, note: m.note };
  let proxy: Proxy;
  const t0 = performance.now();
  try {
    proxy = await loadProxy({ model: m.name });
  } catch (e) {
    run.error = (e as Error).message;
    return run;
  }
  run.loadMs = performance.now() - t0;
  run.backend = proxy.info.backend;
  run.networks = (JSON.parse(readFileSync(join(proxy.info.modelPath, 'model.json'), 'utf8')) as { members?: unknown[] }).members?.length ?? 1;
  run.scores = Float64Array.from(await proxy.scoreRaw(nb201, cells)); // warm-up pass, kept for the metrics
  run.batchSeconds = await bestBatchSeconds(proxy, nb201, cells);
  run.batchCellsPerS = cells.length / run.batchSeconds;
  const times = await singleCellTimes(proxy, nb201, cells);
  run.singleMedianMs = quantile(times, 0.5);
  run.singleP95Ms = quantile(times, 0.95);
  proxy.dispose();
  return run;
}

/** Seconds for one scoreRaw call on all cells, best of BATCH_ROUNDS (the caller has already warmed up). */
async function bestBatchSeconds(proxy: Proxy, nb201: SearchSpace<Cell>, cells: Cell[]): Promise<number> {
  let best = Infinity;
  for (let k = 0; k < BATCH_ROUNDS; k++) {
    const t = performance.now();
    await proxy.scoreRaw(nb201, cells);
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

/** Milliseconds of SINGLE_CALLS one-cell scoreRaw calls after 10 warm-up calls; a prime stride spreads the cells over the table. */
async function singleCellTimes(proxy: Proxy, nb201: SearchSpace<Cell>, cells: Cell[]): Promise<number[]> {
  const n = cells.length;
  for (let k = 0; k < 10; k++) await proxy.scoreRaw(nb201, [cells[k]]);
  const times: number[] = [];
  for (let k = 0; k < SINGLE_CALLS; k++) {
    const c = cells[(k * 7919) % n];
    const t = performance.now();
    await proxy.scoreRaw(nb201, [c]);
    times.push(performance.now() - t);
  }
  return times;
}

/** Nearest-rank quantile (no interpolation: a reported time is one that was measured). */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
