/**
 * The size prior: a fixed linear term on the architecture's z-scored size inputs added to the
 * GCN's score, score = gcn + λ · σ · (w · z). Size (log params, log FLOPs, log live params) is the
 * one signal whose sign never flips across labelled spaces (docs/model.md §8), while what the GCN
 * learns beyond it transfers unevenly; the prior keeps size in charge on spaces the model has not
 * seen and lets the GCN reorder cells of similar size. σ is the model's own within-space score
 * spread on its training spaces' validation split, so λ means the same for every model.
 *
 * The prior is applied as an edit of the readout weights of the size inputs (exact: those inputs
 * enter the score linearly), so a model with a prior scores with no extra code at run time.
 * λ and w are chosen by nested leave-one-space-out (tgnas bench loso, docs/model.md §4.1).
 */
import * as tf from '@tensorflow/tfjs';
import type { LabelledSpace } from '../data/loaders';
import { loadSelection, parseDataSpec } from '../data/spec';
import { DEFAULT_HYPER } from './model';
import type { GcnPredictor } from './predictor';
import { prepareSpace, validationSplit } from './train';

export interface SizePrior {
  lambda: number;
  /** Weights over the size inputs (z log params, z log FLOPs, z log live params). */
  weights: number[];
}

/**
 * Pooled within-space standard deviation of the model's raw scores on the validation split of
 * `spaces` (loaded as for training: same subsample and data seed). Throws on no spaces.
 */
export function validationSpread(p: GcnPredictor, spaces: readonly LabelledSpace[], dataSeed: number, valFraction: number, member?: number): number {
  if (spaces.length === 0) throw new Error('validation spread needs at least one training space');
  let sum = 0;
  spaces.forEach((space, si) => {
    const prepared = prepareSpace(p, space);
    const idx = [...validationSplit(space, si, dataSeed, valFraction).valSet].sort((a, b) => a - b);
    const s = p.scorePrepared(idx.map((i) => prepared[i]), member);
    const m = s.reduce((a, b) => a + b, 0) / s.length;
    sum += s.reduce((a, b) => a + (b - m) ** 2, 0) / s.length;
  });
  return Math.sqrt(sum / spaces.length) || 1;
}

/**
 * A single-network model's σ: as recorded at training (`training.validationSpread`), else measured
 * again on its training spaces, loaded as training loaded them (same subsample and data seed).
 * Throws when the model has no training record.
 */
export function modelSpread(p: GcnPredictor, dataDir: string): number {
  const t = p.meta.training;
  if (!t) throw new Error(`model '${p.meta.name}' has no training record`);
  if (t.validationSpread !== undefined) return t.validationSpread;
  const hyper = { ...DEFAULT_HYPER, ...p.meta.hyper };
  const spaces = loadSelection(parseDataSpec(t.dataSpec), { dataDir, maxArchsPerSpace: hyper.maxArchsPerSpace, seed: t.dataSeed ?? 0 });
  return validationSpread(p, spaces, t.dataSeed ?? 0, hyper.valFraction);
}

/**
 * Adds λ·σ·w to the readout weights of the size inputs of a single-network model (in place).
 * Throws when the model has no size inputs or is an ensemble (apply it to each member first).
 */
export function applySizePrior(p: GcnPredictor, prior: SizePrior, spread: number): void {
  const m = p.model;
  const A = m.hyper.archInputs;
  if (A === 0) throw new Error('the model has no size inputs to put a prior on');
  if (p.size !== 1) throw new Error('apply the size prior to each ensemble member before ensembling');
  if (prior.weights.length !== A) throw new Error(`size prior has ${prior.weights.length} weights for ${A} size inputs`);
  const w = Float32Array.from(m.wOut.dataSync() as Float32Array);
  const R = w.length - A;
  prior.weights.forEach((x, j) => (w[R + j] += prior.lambda * spread * x));
  tf.tidy(() => m.wOut.assign(tf.tensor2d(w, m.wOut.shape as [number, number])));
  p.invalidate();
}
