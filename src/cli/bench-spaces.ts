/**
 * Section 3 of the proxy benchmark: every labelled space but NB201, left out in turn. Columns on the
 * same architectures: the shipped recipe's leave-one-space-out model, the earlier sentence-only
 * recipe, the size-only ranker fitted on the other spaces, `universal` (in-space), params,
 * FLOPs/MACs, #conv ops and the Suite-Zero proxies where the data has them. The held-out models
 * are made by `npm run bench:loso` (.cache/loso); a missing one is reported, not trained here.
 */
import { join } from 'node:path';
import { LOADERS, columnFor, type LabelledSpace } from '../core/data/loaders';
import { labelledSizes } from '../core/data/sizes';
import { createEncoder, type OperatorEncoder } from '../core/encoder';
import { GcnPredictor, type Describe } from '../core/gcn/predictor';
import { SHIPPED_RECIPE, recipe as recipeById } from '../core/gcn/recipes';
import { applySizePrior, modelSpread, type SizePrior } from '../core/gcn/size-prior';
import { spearman } from '../core/metrics';
import { resolveModelPath } from '../core/proxy';
import { fitSizeRanker, sizeRankerScores } from '../core/proxy/size-ranker';
import { projectRoot } from '../core/paths';
import { spaceSizes } from './bench-loso';
import { BASELINES, CONV_RULE, convCounts, finiteIndices, rhoTau, subset, type Vec } from './bench-stats';

const ZC_PROXIES = ['jacov', 'nwot', 'synflow', 'snip'] as const;
/** Every labelled space but NB201 (its zero-shot rows are section 1). */
const OTHER_SPACES = LOADERS.map((l) => l.id).filter((id) => id !== 'nb201');

/** Applies a size prior to a fold model as training would have (σ from its own training spaces' validation split). */
function withPrior(p: GcnPredictor, prior: SizePrior, data: string): void {
  applySizePrior(p, prior, modelSpread(p, data));
}

/** Model folder of a recipe's fold as `tgnas bench loso --without nb201` writes it. */
export function losoModelDir(recipe: string, space: string): string {
  return join(projectRoot(), '.cache', 'loso', `${recipe}-without-nb201-seed0`, space);
}

export async function spacesSection(emit: (line?: string) => void, data: string): Promise<void> {
  emit('## Other labelled spaces: leave-one-space-out (Spearman ρ / Kendall τ)');
  emit();
  const shippedRecipe = recipeById(SHIPPED_RECIPE);
  const base = shippedRecipe.base ?? shippedRecipe.id;
  emit(`**Held out** (headline): \`${SHIPPED_RECIPE}\` = the shipped recipe, trained on every labelled space except the row\'s space and NB201 (\`npm run bench:loso\`: .cache/loso/${base}-without-nb201-seed0/<space>${shippedRecipe.hyper.sizePrior ? `, with its size prior λ ${shippedRecipe.hyper.sizePrior.lambda} applied as training applies it` : ''}); it never saw that space\'s labels. \`sentence-only\` = the earlier recipe (sentence embeddings only), same folds. \`size ranker\` = linear pairwise ranker on z log params / FLOPs / live params fitted on the other spaces here.`);
  emit('**In-space**: `universal` (models/universal) was trained on every labelled space including the row\'s one (up to 6,000 archs per space), so the rows scored include its training rows.');
  emit('n = architectures with a finite label for the task; the models, params, FLOPs/MACs and #conv ops are scored on exactly these n. A cell with its own "(n=…)" was computed on fewer rows (those where that column has a value).');
  emit('Params / FLOPs sources: ' + OTHER_SPACES.map((id) => `${id}: ${BASELINES[id].source}`).join('; ') + '.');
  emit(`#conv ops = ${CONV_RULE}`);
  emit('Suite-Zero (NAS-Bench-Suite-Zero jacov / nwot / synflow / snip) from the data where it has them: ' + OTHER_SPACES.filter((id) => BASELINES[id].suiteZero).map((id) => `${id}: ${BASELINES[id].suiteZero}`).join('; ') + '. They are scored on the intersection of the task\'s rows and the rows with every Suite-Zero score of that task (n in the cell); "not in the data" = the data holds no such score for that space / task.');
  emit();
  const suiteSpaces: LabelledSpace[] = [];
  for (const id of OTHER_SPACES) {
    const loader = LOADERS.find((l) => l.id === id);
    if (!loader) continue;
    try {
      suiteSpaces.push(loader.load(data));
    } catch (e) {
      emit(`${loader.label}: not available (${(e as Error).message}).`);
    }
  }
  let encoder: Promise<OperatorEncoder> | undefined;
  const scoreWith = async (modelDir: string, targets: LabelledSpace[], prior?: SizePrior): Promise<Map<string, Vec | string>> => {
    const per = new Map<string, Vec | string>();
    let predictor: GcnPredictor;
    try {
      predictor = await GcnPredictor.load(modelDir);
      if (prior) withPrior(predictor, prior, data);
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
  const shipped = shippedRecipe;
  const losoScores = new Map<string, Vec | string>();
  const earlierScores = new Map<string, Vec | string>();
  const rankerScores = new Map<string, Vec>();
  const sizes = new Map(suiteSpaces.map((s) => [s.space, spaceSizes(s)]));
  for (const s of suiteSpaces) {
    losoScores.set(s.space, (await scoreWith(losoModelDir(shipped.base ?? shipped.id, s.space), [s], shipped.hyper.sizePrior)).get(s.space)!);
    earlierScores.set(s.space, (await scoreWith(losoModelDir('sentence-only', s.space), [s])).get(s.space)!);
    const others = suiteSpaces.filter((x) => x.space !== s.space);
    const w = fitSizeRanker(others.flatMap((o) => o.tasks.map((t) => ({ sizes: sizes.get(o.space)!, labels: t.labels, space: o.space }))));
    rankerScores.set(s.space, sizeRankerScores(w, sizes.get(s.space)!));
  }
  if (encoder) (await encoder).dispose();

  const header = `| space | task | n | ${SHIPPED_RECIPE} (held out) | sentence-only (held out) | size ranker | universal (in-space) | params | FLOPs / MACs | #conv ops | ` + ZC_PROXIES.map((p) => `Suite-Zero ${p}`).join(' | ') + ' |';
  const rule = '|' + ' --- |'.repeat(10 + ZC_PROXIES.length);
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
      emit(`| ${s.label} | ${task.name} | ${idx.length} | ${modelCell(losoScores.get(s.space), task.labels, idx)} | ${modelCell(earlierScores.get(s.space), task.labels, idx)} | ${modelCell(rankerScores.get(s.space), task.labels, idx)} | ${modelCell(universalScores.get(s.space), task.labels, idx)} | ${columnCell(params, task.labels, idx)} | ${columnCell(flops, task.labels, idx)} | ${rhoTau(conv, task.labels, idx)} | ${zcCells.join(' | ')} |`);
    }
  }
  emit();
  if (suiteRows.length) {
    emit('### The same columns on the Suite-Zero populations');
    emit();
    emit('Each row is restricted to the architectures that have a label and every Suite-Zero score of that task (n), so all columns compare on one population.');
    emit();
    emit(`| space | task | Suite-Zero source | n | ${SHIPPED_RECIPE} (held out) | sentence-only (held out) | size ranker | universal (in-space) | params | FLOPs / MACs | #conv ops | ` + ZC_PROXIES.join(' | ') + ' |');
    emit('|' + ' --- |'.repeat(11 + ZC_PROXIES.length));
    for (const { s, task, zcIdx, zcCols } of suiteRows) {
      const base = BASELINES[s.space];
      const params = columnFor(s, base.params, task.name);
      const flops = base.flops ? columnFor(s, base.flops, task.name) : undefined;
      const source = base.suiteZeroFile?.(task.name) ?? '';
      emit(`| ${s.label} | ${task.name} | ${source} | ${zcIdx.length} | ${modelCell(losoScores.get(s.space), task.labels, zcIdx)} | ${modelCell(earlierScores.get(s.space), task.labels, zcIdx)} | ${modelCell(rankerScores.get(s.space), task.labels, zcIdx)} | ${modelCell(universalScores.get(s.space), task.labels, zcIdx)} | ${columnCell(params, task.labels, zcIdx)} | ${columnCell(flops, task.labels, zcIdx)} | ${rhoTau(convCounts(s), task.labels, zcIdx)} | ${ZC_PROXIES.map((p) => (zcCols.has(p) ? rhoTau(zcCols.get(p)!, task.labels, zcIdx) : 'not in the data')).join(' | ')} |`);
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
}
