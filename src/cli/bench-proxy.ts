/**
 * Proxy benchmark (npm run bench:proxy): rank correlation of the shipped GCN models on
 * NAS-Bench-201 (no-nb201: zero-shot; universal: in-space) beside params, FLOPs, the conv count
 * and NAS-Bench-Suite-Zero proxies from the shared data, top-k quality, a leave-one-space-out table
 * of the other labelled spaces (bench-spaces.ts), interval coverage and degenerate cells
 * (bench-checks.ts), and speed (batched throughput, single-cell latency, model and encoder load).
 * Every figure is measured in this run; the leave-one-space-out models come from bench:loso.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type CsvTable } from '../core/csv';
import { createEncoder, measureEncoder } from '../core/encoder';
import { GcnPredictor, type Describe } from '../core/gcn/predictor';
import { bestOfPredictedTopK, spearman, topOverlap, trueOfPredictedTop1 } from '../core/metrics';
import { resolveModelPath } from '../core/proxy';
import { proxyCost, type SearchSpace } from '../core/spaces';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../core/paths';
import type { Cell } from '../core/types';
import { checksSection } from './bench-checks';
import { BATCH_ROUNDS, SINGLE_CALLS, TARGETS, loadNb201Table, timeModels, type ModelRun, type Nb201Table, type Target } from './bench-nb201';
import { spacesSection } from './bench-spaces';
import { numeric, rhoTau, subset, type Vec } from './bench-stats';

const ZC_PROXIES = ['jacov', 'nwot', 'synflow', 'snip'] as const;

/** One line of the report (blank when omitted); the sections write through it. */
type Emit = (line?: string) => void;

/**
 * Zero-shot seed spread: each member of the no-nb201 ensemble alone (one network, as the product's
 * recipe ships), their mean ± sd, and the ensemble. Skipped when the model is not an ensemble.
 */
async function seedSpread(
  emit: Emit,
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
      const k = proxyCost(nb201, c)!;
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
  emit: Emit,
  data: string,
  table: CsvTable,
  runs: readonly ModelRun[],
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

/** The tfjs backends the models loaded on (none when no model loaded). */
function backendsOf(runs: readonly ModelRun[]): string[] {
  return [...new Set(runs.map((r) => r.backend).filter((b): b is string => !!b))];
}

/** The report's title and where its figures come from. */
function introSection(emit: Emit): void {
  emit('# Proxy benchmark');
  emit();
  emit(`Measured by \`npm run bench:proxy\` on ${new Date().toISOString().slice(0, 10)}; one process; every figure below is measured in this run.`);
  emit('True accuracies: NAS-Bench-201 test accuracy (%, 200 epochs) from ../shared/data/nasbench201/nb201_all.csv.');
}

/**
 * Section 1: NB201 rank correlation of the models beside params, FLOPs, #conv and the Suite-Zero
 * proxies (all and valid cells), then validation labels, the zero-shot seed spread and a sanity check.
 */
async function correlationSection(emit: Emit, data: string, nb: Nb201Table, runs: readonly ModelRun[]): Promise<void> {
  const { truth, allIdx, validIdx } = nb;
  emit('## NAS-Bench-201 rank correlation (Spearman ρ / Kendall τ)');
  emit();
  emit(`"all" = all ${allIdx.length.toLocaleString('en-US')} cells; "valid" = the ${validIdx.length.toLocaleString('en-US')} cells with no_unreachable_branch = 1.`);
  emit('Suite-Zero proxies exist for valid cells only; on "all" each cell takes the values of its equivalent valid cell (equiv_valid_naslib_tuple).');
  emit('They were computed on CIFAR-10 and ImageNet16-120 only: the C100 columns use the CIFAR-10 proxy scores. params / FLOPs are the CIFAR-10 network\'s.');
  if (nb.unmapped) emit(`Warning: ${nb.unmapped} cells had no equivalent valid row; they are left out of the Suite-Zero rows.`);
  emit();
  emit('| proxy | ' + TARGETS.flatMap((t) => [`${t.label} all`, `${t.label} valid`]).join(' | ') + ' |');
  emit('|' + ' --- |'.repeat(1 + TARGETS.length * 2));
  const corrRow = (label: string, pred: (target: Target) => ArrayLike<number>) =>
    emit(`| ${label} | ${TARGETS.flatMap((t) => [rhoTau(pred(t), truth[t.id], allIdx), rhoTau(pred(t), truth[t.id], validIdx)]).join(' | ')} |`);
  for (const r of runs) {
    if (!r.scores) emit(`| ${r.name} (not available: ${r.error}) |${' |'.repeat(TARGETS.length * 2)}`);
    else corrRow(`${r.name} (${r.note})`, () => r.scores!);
  }
  const params = nb.column('params_M_c10');
  const flops = nb.column('flops_M_c10');
  corrRow('params (params_M_c10)', () => params);
  corrRow('FLOPs (flops_M_c10)', () => flops);
  corrRow('#conv ops (nor_conv_*)', () => nb.convCount);
  for (const p of ZC_PROXIES) corrRow(`Suite-Zero ${p} (zc_c10_${p}; IN16: zc_in16_${p})`, (t) => nb.suiteZero(`zc_${t.zc}_${p}`));
  emit();
  validationRows(emit, data, nb.csv, runs, params, allIdx);
  await seedSpread(emit, nb.space, nb.cells, truth, allIdx);
  sanityCheck(emit, nb);
}

/** Ties the data to PROVENANCE.md: Suite-Zero's params proxy against the NASLib validation target. */
function sanityCheck(emit: Emit, nb: Nb201Table): void {
  const validTarget = nb.column('c10_valid_200_naslib');
  const check = spearman(subset(nb.column('zc_c10_params'), nb.validIdx), subset(validTarget, nb.validIdx));
  emit(`Sanity check (NASLib validation target): Spearman(zc_c10_params, c10_valid_200_naslib) on the ${nb.validIdx.length.toLocaleString('en-US')} valid cells = ${check.toFixed(3)} (PROVENANCE.md: 0.747).`);
  emit();
}

/** Section 2: what picking by each proxy finds on NB201 CIFAR-10 (top-1, best of top-10, top-5 % overlap). */
function topKSection(emit: Emit, nb: Nb201Table, runs: readonly ModelRun[]): void {
  const { truth, allIdx } = nb;
  emit(`## Top-k quality on NB201 CIFAR-10 (all ${allIdx.length.toLocaleString('en-US')} cells)`);
  emit();
  emit('| proxy | true C10 of predicted top-1 | best true C10 of predicted top-10 | overlap of predicted and true top 5 % |');
  emit('| --- | --- | --- | --- |');
  const topRow = (label: string, pred: ArrayLike<number>) => {
    // Rows a proxy has no value for (Suite-Zero's unmapped cells) cannot be picked.
    const ok = allIdx.filter((i) => Number.isFinite(pred[i]));
    const a = subset(pred, ok);
    const b = subset(truth.c10, ok);
    emit(`| ${label} | ${trueOfPredictedTop1(a, b).toFixed(2)} | ${bestOfPredictedTopK(a, b, 10).toFixed(2)} | ${(100 * topOverlap(a, b, 0.05)).toFixed(1)} % |`);
  };
  for (const r of runs) if (r.scores) topRow(`${r.name} (${r.note.split(':')[0]})`, r.scores);
  topRow('params (params_M_c10)', nb.column('params_M_c10'));
  topRow('Suite-Zero jacov (zc_c10_jacov)', nb.suiteZero('zc_c10_jacov'));
  emit(`| space optimum | ${Math.max(...truth.c10).toFixed(2)} | | |`);
  emit();
  emit('Ties (params takes few distinct values) are broken by lower NB201 index.');
  emit();
}

/** Section 5: the timings of timeModels per model, then the USE-lite encoder's load and embed times. */
async function speedSection(emit: Emit, nb: Nb201Table, runs: readonly ModelRun[]): Promise<void> {
  emit('## Speed');
  emit();
  emit(`tfjs backend: ${backendsOf(runs).join(', ') || 'n/a'}. Batched: all ${nb.cells.length.toLocaleString('en-US')} NB201 cells in one scoreRaw call, best of ${BATCH_ROUNDS} after a warm-up pass. Single cell: ${SINGLE_CALLS} warm scoreRaw calls of one cell each.`);
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
  await encoderRows(emit, nb.space.operators.map((o) => o.description));
  emit();
}

/** The sentence encoder's cost, measured on the NB201 operator sentences; a line saying why when it cannot load. */
async function encoderRows(emit: Emit, sentences: string[]): Promise<void> {
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
}

/**
 * Runs the proxy benchmark, logging each line as it is written, and writes the report to
 * bench/results/proxy.md. Returns the report, or the no-data message when ../shared/data is absent.
 */
export async function benchProxy(log: (line: string) => void): Promise<string> {
  const data = dataDir();
  if (!data) return `${NO_DATA_MESSAGE}\n`;
  const out: string[] = [];
  const emit: Emit = (line = '') => {
    out.push(line);
    log(line);
  };
  const nb = loadNb201Table(data);
  introSection(emit);
  const runs = await timeModels(nb.space, nb.cells);
  // The backend is known only once a model has loaded, so this intro line follows the timing.
  const backends = backendsOf(runs);
  emit(`tfjs backend: ${backends.length ? backends.join(', ') : 'n/a (no model loaded)'}.`);
  emit();

  await correlationSection(emit, data, nb, runs);
  topKSection(emit, nb, runs);
  await spacesSection(emit, data); // 3. other labelled spaces: leave-one-space-out
  await checksSection(emit); // 4. calibration and degenerate cells
  await speedSection(emit, nb, runs);

  const text = out.join('\n') + '\n';
  mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(projectRoot(), 'bench', 'results', 'proxy.md'), text);
  return text;
}
