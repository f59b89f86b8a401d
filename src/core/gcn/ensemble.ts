/**
 * Seed ensembles: K networks trained alike (same data, same validation split, different seeds)
 * whose scores are summed after putting each on a common scale. Transfer to an unseen space
 * varies a lot from seed to seed (docs/model.md §8); the sum keeps what the seeds agree on, at
 * K times the inference cost. Fitting uses the training spaces' validation split only.
 */
import { basename, resolve } from 'node:path';
import { loadSelection, parseDataSpec } from '../data/spec';
import { spearman } from '../metrics';
import { dataDir as defaultDataDir, NO_DATA_MESSAGE } from '../paths';
import { DEFAULT_HYPER } from './model';
import { heldOutSelection, modelCard } from './pipeline';
import { GcnPredictor, type ModelMeta } from './predictor';
import { prepareSpace, scoreHeldOut, validationSplit, type HeldOutResult, type TrainGcnResult } from './train';
import type { LabelledSpace } from '../data/loaders';
import type { PreparedGraph } from './prepare';

export interface EnsembleOptions {
  /** Model folders of the members (trained by `tgnas train` with the same data spec and data seed). */
  members: string[];
  outDir: string;
  dataDir?: string;
  name?: string;
  /** Spaces to report on (never used for fitting); default: labelled spaces the members never trained on. */
  heldOutSpec?: string;
  command?: string;
}

export interface EnsembleResult {
  outDir: string;
  meta: ModelMeta;
  validation: TrainGcnResult['validation'];
  /** Each member's validation mean, recomputed on the same split. */
  memberValidation: number[];
  heldOut: HeldOutResult[];
}

interface ValSpace {
  space: LabelledSpace;
  idx: number[];
  prepared: PreparedGraph[];
}

/** Task-averaged Spearman of `scores` (aligned with v.idx) over one space's validation architectures. */
function spaceRho(v: ValSpace, scores: Float32Array): number {
  const rhos: number[] = [];
  for (const t of v.space.tasks) {
    const keep = v.idx.map((i, k) => [i, k]).filter(([i]) => Number.isFinite(t.labels[i]));
    if (keep.length < 2) continue;
    const r = spearman(keep.map(([, k]) => scores[k]), keep.map(([i]) => t.labels[i]));
    if (Number.isFinite(r)) rhos.push(r);
  }
  return rhos.length ? rhos.reduce((s, r) => s + r, 0) / rhos.length : NaN;
}

function meanOf(values: number[]): number {
  const f = values.filter(Number.isFinite);
  return f.length ? f.reduce((s, v) => s + v, 0) / f.length : NaN;
}

function variance(a: Float32Array): number {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
}

export async function buildEnsemble(options: EnsembleOptions, log: (m: string) => void = () => undefined): Promise<EnsembleResult> {
  if (options.members.length < 2) throw new Error('an ensemble needs at least two member models');
  const dir = options.dataDir ?? defaultDataDir();
  if (!dir) throw new Error(NO_DATA_MESSAGE.replace('; skipped', '') + ': fitting an ensemble needs its validation split');
  const loaded = await Promise.all(options.members.map((m) => GcnPredictor.load(m)));
  const first = loaded[0].meta as ModelMeta;
  const t0 = first.training;
  const fail = (why: string): never => {
    loaded.forEach((p) => p.dispose());
    throw new Error(why);
  };
  if (!t0) fail(`${options.members[0]}: model.json has no training record (data spec)`);
  loaded.forEach((p, k) => {
    const m = p.meta as ModelMeta;
    if (p.size !== 1) fail(`${options.members[k]} is itself an ensemble`);
    if (m.encoder.weightsHash !== first.encoder.weightsHash || m.encoder.id !== first.encoder.id) fail(`${options.members[k]}: another encoder than ${options.members[0]}`);
    if (m.training?.dataSpec !== t0!.dataSpec || (m.training?.dataSeed ?? 0) !== (t0!.dataSeed ?? 0)) {
      fail(`${options.members[k]}: trained on '${m.training?.dataSpec}' (data seed ${m.training?.dataSeed ?? 0}), not '${t0!.dataSpec}' (data seed ${t0!.dataSeed ?? 0})`);
    }
    if (JSON.stringify(m.hyper) !== JSON.stringify(first.hyper)) fail(`${options.members[k]}: hyper-parameters differ from ${options.members[0]}`);
  });
  const hyper = { ...DEFAULT_HYPER, ...first.hyper };
  const embeddings = new Map<string, Float32Array>();
  for (const p of loaded) for (const s of p.knownSentences()) if (!embeddings.has(s)) embeddings.set(s, p.vector(s)!);
  const name = options.name ?? basename(resolve(options.outDir));
  const ensemble = new GcnPredictor(
    loaded.map((p) => ({ model: p.model, scale: 1 })),
    first.encoder,
    [...embeddings].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    { ...first, name },
  );
  try {
    log(`loading ${t0!.dataSpec} (validation split, data seed ${t0!.dataSeed ?? 0})`);
    const spaces = loadSelection(parseDataSpec(t0!.dataSpec), { dataDir: dir, maxArchsPerSpace: hyper.maxArchsPerSpace, seed: t0!.dataSeed ?? 0 });
    const val: ValSpace[] = spaces.map((space, si) => {
      const idx = [...validationSplit(space, si, t0!.dataSeed ?? 0, hyper.valFraction).valSet].sort((a, b) => a - b);
      // Size inputs are z-scored against the whole space, as in training.
      const all = prepareSpace(ensemble, space);
      return { space, idx, prepared: idx.map((i) => all[i]) };
    });
    // Each member alone, unscaled: its validation, and its within-space spread pooled over the training spaces.
    const K = loaded.length;
    const perMember = loaded.map((_, k) => val.map((v) => ensemble.scorePrepared(v.prepared, k)));
    const memberValidation = perMember.map((per) => meanOf(val.map((v, i) => spaceRho(v, per[i]))));
    const scales = perMember.map((per) => 1 / (K * Math.sqrt(meanOf(per.map(variance)) || 1)));
    ensemble.setScales(scales);
    // The ensemble's scores are the scaled sums (accumulated in member order, as scorePrepared does).
    const bySpace: Record<string, number> = {};
    val.forEach((v, i) => {
      const sum = new Float32Array(v.idx.length);
      perMember.forEach((per, k) => per[i].forEach((x, j) => (sum[j] += scales[k] * x)));
      bySpace[v.space.space] = spaceRho(v, sum);
    });
    const validation = { mean: meanOf(Object.values(bySpace)), bySpace };
    log(`members' validation ${memberValidation.map((v) => v.toFixed(3)).join(', ')}; ensemble ${validation.mean.toFixed(3)}`);

    const heldOut = scoreHeldOut(ensemble, loadSelection(heldOutSelection(parseDataSpec(t0!.dataSpec), options.heldOutSpec), { dataDir: dir }));
    ensemble.meta = {
      ...ensemble.meta,
      members: loaded.map((p, k) => ({
        file: '', weights: [], scale: scales[k], training: (p.meta as ModelMeta).training, validation: memberValidation[k],
        heldOut: (p.meta as ModelMeta).metrics?.heldOut,
      })),
      parameters: (first.parameters ?? 0) * K,
      training: { ...t0!, command: options.command, date: new Date().toISOString() },
      metrics: {
        validation: { mean: validation.mean, ...bySpace },
        heldOut: Object.fromEntries(heldOut.map((r) => [`${r.space}:${r.task}`, { spearman: r.spearman, kendall: r.kendall, n: r.n }])),
      },
    };
    const saved = ensemble.save(options.outDir, modelCard(ensemble.meta as ModelMeta, heldOut, validation));
    return { outDir: options.outDir, meta: saved, validation, memberValidation, heldOut };
  } finally {
    ensemble.dispose();
  }
}
