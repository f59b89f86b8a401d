/**
 * Proxy benchmark (npm run bench:proxy): rank correlation of the shipped GCN models on
 * NAS-Bench-201 (no-nb201: zero-shot; universal: in-space) beside params, FLOPs, the conv count
 * and NAS-Bench-Suite-Zero proxies from the shared data, top-k quality, a leave-one-space-out table
 * of the other labelled spaces (bench-spaces.ts), interval coverage and degenerate cells
 * (bench-checks.ts), and speed (batched throughput, single-cell latency, model and encoder load).
 * Every figure is measured in this run; the leave-one-space-out models come from bench:loso.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../core/csv';
import { createEncoder, measureEncoder } from '../core/encoder';
import { formatNb201 } from '../core/formats/nb201';
import { GcnPredictor, type Describe } from '../core/gcn/predictor';
import { bestOfPredictedTopK, spearman, topOverlap, trueOfPredictedTop1 } from '../core/metrics';
import { loadProxy, resolveModelPath } from '../core/proxy';
import type { Proxy } from '../core/proxy/types';
import { getSpace, type SearchSpace } from '../core/spaces';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../core/paths';
import type { Cell, Nb201Cell } from '../core/types';
import { checksSection } from './bench-checks';
import { spacesSection } from './bench-spaces';
import { numeric, rhoTau, subset, type Vec } from './bench-stats';

const MODELS = [
  { name: 'no-nb201', note: 'zero-shot on NB201; ensemble of 5 seeds' },
  { name: 'universal', note: 'in-space: trained on 6,000 NB201 cells, which are among the rows scored' },
] as const;
const TARGETS = [
  { id: 'c10', column: 'c10_test_200', label: 'C10', zc: 'c10' },
  { id: 'c100', column: 'c100_test_200', label: 'C100', zc: 'c10' },
  { id: 'in16', column: 'in16_test_200', label: 'IN16', zc: 'in16' },
] as const;
const ZC_PROXIES = ['jacov', 'nwot', 'synflow', 'snip'] as const;
const BATCH_ROUNDS = 3;
const SINGLE_CALLS = 200;

/**
 * Zero-shot seed spread: each member of the no-nb201 ensemble alone (one network, as the product's
 * recipe ships), their mean ± sd, and the ensemble. Skipped when the model is not an ensemble.
 */
async function seedSpread(
  emit: (line?: string) => void,
  nb201: SearchSpace<Cell>,
  cells: Cell[],
  truth: Record<string, Vec>,
  allIdx: readonly number[],
): Promise<void> {
  let p: GcnPredictor;
  try {
    p = await GcnPredictor.load(resolveModelPath('no-nb201'));
  } catch {
    return;
  }
  try {
    if (p.size < 2) return;
    const describe: Describe = (op) => nb201.operator(op)?.description;
    // Size inputs as the proxy forms them: the pruned cell's exact cost, z-scored over all cells (NB201's reference sample).
    const exact = cells.map((c) => {
      const k = nb201.cost(nb201.effective ? nb201.effective(c) : c)!;
      return { params: k.params_M, flops: k.flops_M, effective: !!nb201.effective };
    });
    const prepared = p.prepareArchs(cells.map((c) => nb201.toGraphs(c)), describe, { exact }).prepared.map((a) => a[0]);
    const ids = ['c10', 'c100', 'in16'] as const;
    emit();
    emit(`Seed spread of the zero-shot recipe (all ${cells.length.toLocaleString('en-US')} cells; Spearman ρ / Kendall τ): each network of the no-nb201 ensemble scored alone.`);
    emit();
    emit('| no-nb201 network | seed | C10 | C100 | IN16 |');
    emit('| --- | --- | --- | --- | --- |');
    const rhos: Record<string, number[]> = { c10: [], c100: [], in16: [] };
    const members = p.meta.members ?? [];
    for (let k = 0; k < p.size; k++) {
      const s = Float64Array.from(p.scorePrepared(prepared, k));
      for (const id of ids) rhos[id].push(spearman(subset(s, allIdx), subset(truth[id], allIdx)));
      emit(`| member ${k} | ${members[k]?.training?.seed ?? '?'} | ${ids.map((id) => rhoTau(s, truth[id], allIdx)).join(' | ')} |`);
    }
    const ms = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      return `${m.toFixed(3)} ± ${sd.toFixed(3)} (${Math.min(...v).toFixed(3)}–${Math.max(...v).toFixed(3)})`;
    };
    emit(`| mean ± sd (min–max) of the ${p.size} networks | | ${ids.map((id) => ms(rhos[id])).join(' | ')} |`);
    const e = Float64Array.from(p.scorePrepared(prepared));
    emit(`| ensemble (shipped no-nb201) | | ${ids.map((id) => rhoTau(e, truth[id], allIdx)).join(' | ')} |`);
    emit();
  } finally {
    p.dispose();
  }
}

/**
 * The same models against NB201's *validation* accuracies (NASLib, all 15,625 cells; CIFAR-100 and
 * ImageNet16-120 from nb201_naslib_val_zen_all.csv, joined on the NB201 index).
 */
function validationRows(
  emit: (line?: string) => void,
  data: string,
  table: ReturnType<typeof readCsv>,
  runs: ReadonlyArray<{ name: string; note: string; scores?: Vec }>,
  params: Vec,
  allIdx: readonly number[],
): void {
  const file = join(data, 'nasbench201', 'nb201_naslib_val_zen_all.csv');
  if (!existsSync(file)) {
    emit(`Validation labels: ${file} not found.`);
    return;
  }
  const v = readCsv(file);
  const row = new Map(v.rows.map((r, i) => [r[v.col('index')], i]));
  const at = table.rows.map((r) => row.get(r[table.col('index')]) ?? -1);
  const col = (name: string) => {
    const c = numeric(v, name);
    return Float64Array.from(at, (i) => (i < 0 ? NaN : c[i]));
  };
  const targets = [['C10 valid', col('c10_valid_200_naslib')], ['C100 valid', col('c100_valid_200_naslib')], ['IN16 valid', col('in16_valid_200_naslib')]] as const;
  emit();
  emit(`NB201 validation accuracies (NASLib, 200 epochs; all ${allIdx.length.toLocaleString('en-US')} cells), Spearman ρ / Kendall τ:`);
  emit();
  emit(`| proxy | ${targets.map((t) => t[0]).join(' | ')} |`);
  emit(`| --- | ${targets.map(() => '---').join(' | ')} |`);
  for (const r of runs) if (r.scores) emit(`| ${r.name} (${r.note.split(':')[0]}) | ${targets.map((t) => rhoTau(r.scores!, t[1], allIdx)).join(' | ')} |`);
  emit(`| params (params_M_c10) | ${targets.map((t) => rhoTau(params, t[1], allIdx)).join(' | ')} |`);
  emit();
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export async function benchProxy(log: (line: string) => void): Promise<string> {
  const data = dataDir();
  if (!data) return `${NO_DATA_MESSAGE}\n`;
  const out: string[] = [];
  const emit = (line = '') => {
    out.push(line);
    log(line);
  };

  // --- NB201 table and cells in csv order ------------------------------------------------------
  const table = readCsv(join(data, 'nasbench201', 'nb201_all.csv'));
  const n = table.rows.length;
  const nb201 = getSpace('nb201')! as SearchSpace<Cell>;
  const byArch = new Map<string, Cell>();
  for (const c of nb201.enumerate!()) byArch.set(formatNb201(c as Nb201Cell), c);
  const archCol = table.col('arch_str');
  const cells = table.rows.map((r) => {
    const c = byArch.get(r[archCol]);
    if (!c) throw new Error(`nb201_all.csv: arch_str '${r[archCol]}' is not a cell of the nb201 space`);
    return c;
  });
  const allIdx = Array.from({ length: n }, (_, i) => i);
  const validCol = table.col('no_unreachable_branch');
  const validIdx = allIdx.filter((i) => table.rows[i][validCol] === '1');
  const truth = Object.fromEntries(TARGETS.map((t) => [t.id, numeric(table, t.column)])) as Record<(typeof TARGETS)[number]['id'], Vec>;

  // Every cell gets the Suite-Zero values of its equivalent valid cell (PROVENANCE.md, equiv_valid_naslib_tuple).
  const tupleCol = table.col('naslib_tuple');
  const equivCol = table.col('equiv_valid_naslib_tuple');
  const validRow = new Map<string, number>();
  for (const i of validIdx) validRow.set(table.rows[i][tupleCol], i);
  const equiv = table.rows.map((r) => validRow.get(r[equivCol]) ?? -1);
  const unmapped = equiv.filter((e) => e < 0).length;
  const zcColumn = (name: string): Vec => {
    const v = numeric(table, name);
    return Float64Array.from(equiv, (e) => (e < 0 ? NaN : v[e]));
  };
  const opsCol = table.col('ops_str_order');
  const convCount = Float64Array.from(table.rows, (r) => r[opsCol].split('|').filter((o) => o.startsWith('nor_conv_')).length);

  emit('# Proxy benchmark');
  emit();
  emit(`Measured by \`npm run bench:proxy\` on ${new Date().toISOString().slice(0, 10)}; one process; every figure below is measured in this run.`);
  emit('True accuracies: NAS-Bench-201 test accuracy (%, 200 epochs) from ../shared/data/nasbench201/nb201_all.csv.');

  // --- score NB201 with each model, timing load / batch / single cell -------------------------
  interface ModelRun {
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
  const runs: ModelRun[] = [];
  for (const m of MODELS) {
    const run: ModelRun = { name: m.name, note: m.note };
    runs.push(run);
    let proxy: Proxy;
    const t0 = performance.now();
    try {
      proxy = await loadProxy({ model: m.name });
    } catch (e) {
      run.error = (e as Error).message;
      continue;
    }
    run.loadMs = performance.now() - t0;
    run.backend = proxy.info.backend;
    run.networks = (JSON.parse(readFileSync(join(proxy.info.modelPath, 'model.json'), 'utf8')) as { members?: unknown[] }).members?.length ?? 1;
    run.scores = Float64Array.from(await proxy.scoreRaw(nb201, cells)); // warm-up pass, kept for the metrics
    let best = Infinity;
    for (let k = 0; k < BATCH_ROUNDS; k++) {
      const t = performance.now();
      await proxy.scoreRaw(nb201, cells);
      best = Math.min(best, (performance.now() - t) / 1000);
    }
    run.batchSeconds = best;
    run.batchCellsPerS = n / best;
    for (let k = 0; k < 10; k++) await proxy.scoreRaw(nb201, [cells[k]]);
    const times: number[] = [];
    for (let k = 0; k < SINGLE_CALLS; k++) {
      const c = cells[(k * 7919) % n];
      const t = performance.now();
      await proxy.scoreRaw(nb201, [c]);
      times.push(performance.now() - t);
    }
    run.singleMedianMs = quantile(times, 0.5);
    run.singleP95Ms = quantile(times, 0.95);
    proxy.dispose();
  }
  const backends = [...new Set(runs.map((r) => r.backend).filter(Boolean))];
  emit(`tfjs backend: ${backends.length ? backends.join(', ') : 'n/a (no model loaded)'}.`);
  emit();

  // --- 1. NB201 rank correlation ---------------------------------------------------------------
  emit('## NAS-Bench-201 rank correlation (Spearman ρ / Kendall τ)');
  emit();
  emit(`"all" = all ${n.toLocaleString('en-US')} cells; "valid" = the ${validIdx.length.toLocaleString('en-US')} cells with no_unreachable_branch = 1.`);
  emit('Suite-Zero proxies exist for valid cells only; on "all" each cell takes the values of its equivalent valid cell (equiv_valid_naslib_tuple).');
  emit('They were computed on CIFAR-10 and ImageNet16-120 only: the C100 columns use the CIFAR-10 proxy scores. params / FLOPs are the CIFAR-10 network\'s.');
  if (unmapped) emit(`Warning: ${unmapped} cells had no equivalent valid row; they are left out of the Suite-Zero rows.`);
  emit();
  emit('| proxy | ' + TARGETS.flatMap((t) => [`${t.label} all`, `${t.label} valid`]).join(' | ') + ' |');
  emit('|' + ' --- |'.repeat(1 + TARGETS.length * 2));
  const corrRow = (label: string, pred: (target: (typeof TARGETS)[number]) => ArrayLike<number>) =>
    emit(`| ${label} | ${TARGETS.flatMap((t) => [rhoTau(pred(t), truth[t.id], allIdx), rhoTau(pred(t), truth[t.id], validIdx)]).join(' | ')} |`);
  for (const r of runs) {
    if (!r.scores) emit(`| ${r.name} (not available: ${r.error}) |${' |'.repeat(TARGETS.length * 2)}`);
    else corrRow(`${r.name} (${r.note})`, () => r.scores!);
  }
  const params = numeric(table, 'params_M_c10');
  const flops = numeric(table, 'flops_M_c10');
  corrRow('params (params_M_c10)', () => params);
  corrRow('FLOPs (flops_M_c10)', () => flops);
  corrRow('#conv ops (nor_conv_*)', () => convCount);
  const zc = new Map<string, Vec>();
  const zcOf = (name: string) => {
    let v = zc.get(name);
    if (!v) zc.set(name, (v = zcColumn(name)));
    return v;
  };
  for (const p of ZC_PROXIES) corrRow(`Suite-Zero ${p} (zc_c10_${p}; IN16: zc_in16_${p})`, (t) => zcOf(`zc_${t.zc}_${p}`));
  emit();
  validationRows(emit, data, table, runs, params, allIdx);
  await seedSpread(emit, nb201, cells, truth, allIdx);
  const validTarget = numeric(table, 'c10_valid_200_naslib');
  const check = spearman(subset(numeric(table, 'zc_c10_params'), validIdx), subset(validTarget, validIdx));
  emit(`Sanity check (NASLib validation target): Spearman(zc_c10_params, c10_valid_200_naslib) on the ${validIdx.length.toLocaleString('en-US')} valid cells = ${check.toFixed(3)} (PROVENANCE.md: 0.747).`);
  emit();

  // --- 2. Top-k quality ------------------------------------------------------------------------
  emit(`## Top-k quality on NB201 CIFAR-10 (all ${n.toLocaleString('en-US')} cells)`);
  emit();
  emit('| proxy | true C10 of predicted top-1 | best true C10 of predicted top-10 | overlap of predicted and true top 5 % |');
  emit('| --- | --- | --- | --- |');
  const topRow = (label: string, pred: ArrayLike<number>) => {
    const ok = allIdx.filter((i) => Number.isFinite(pred[i]));
    const a = subset(pred, ok);
    const b = subset(truth.c10, ok);
    emit(`| ${label} | ${trueOfPredictedTop1(a, b).toFixed(2)} | ${bestOfPredictedTopK(a, b, 10).toFixed(2)} | ${(100 * topOverlap(a, b, 0.05)).toFixed(1)} % |`);
  };
  for (const r of runs) if (r.scores) topRow(`${r.name} (${r.note.split(':')[0]})`, r.scores);
  topRow('params (params_M_c10)', params);
  topRow('Suite-Zero jacov (zc_c10_jacov)', zcOf('zc_c10_jacov'));
  emit(`| space optimum | ${Math.max(...truth.c10).toFixed(2)} | | |`);
  emit();
  emit('Ties (params takes few distinct values) are broken by lower NB201 index.');
  emit();

  // --- 3. Other labelled spaces: leave-one-space-out -------------------------------------------
  await spacesSection(emit, data);

  // --- 4. Calibration and degenerate cells -----------------------------------------------------
  await checksSection(emit);

  // --- 5. Speed --------------------------------------------------------------------------------
  emit('## Speed');
  emit();
  emit(`tfjs backend: ${backends.join(', ') || 'n/a'}. Batched: all ${n.toLocaleString('en-US')} NB201 cells in one scoreRaw call, best of ${BATCH_ROUNDS} after a warm-up pass. Single cell: ${SINGLE_CALLS} warm scoreRaw calls of one cell each.`);
  emit();
  emit('| model | networks | load (loadProxy, ms) | batched cells/s | batched seconds | single-cell median (ms) | single-cell p95 (ms) |');
  emit('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    if (!r.scores) emit(`| ${r.name} | | not available: ${r.error} | | | | |`);
    else
      emit(`| ${r.name} | ${r.networks} | ${r.loadMs!.toFixed(0)} | ${Math.round(r.batchCellsPerS!).toLocaleString('en-US')} | ${r.batchSeconds!.toFixed(3)} | ${r.singleMedianMs!.toFixed(2)} | ${r.singleP95Ms!.toFixed(2)} |`);
  }
  emit();
  emit('The first model\'s load time includes initialising the tfjs backend. An ensemble runs each of its networks on one shared batch preparation.');
  emit();
  const sentences = [...nb201.operators.map((o) => o.description)];
  try {
    const e = await measureEncoder(() => createEncoder({ kind: 'use-lite' }, { cache: false }), sentences);
    emit('| encoder | dimension | load (ms) | first embed (ms) | per sentence, warm (ms) |');
    emit('| --- | --- | --- | --- | --- |');
    emit(`| ${e.id} | ${e.dimension} | ${e.loadMs.toFixed(0)} | ${e.firstEmbedMs.toFixed(0)} | ${e.perSentenceMs.toFixed(2)} (${e.sentences} NB201 operator sentences × ${e.rounds}) |`);
    emit();
    emit('The encoder loads only when a document declares an operator the model has never seen; known operators use the shipped embeddings.');
  } catch (err) {
    emit(`USE-lite encoder: not available (${(err as Error).message}).`);
  }
  emit();

  const text = out.join('\n') + '\n';
  mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(projectRoot(), 'bench', 'results', 'proxy.md'), text);
  return text;
}
