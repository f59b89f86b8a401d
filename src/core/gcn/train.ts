/**
 * Training. Labels live on different scales per space (and per task: NB201 CIFAR-10 vs
 * ImageNet16, TNB101's seven task metrics), so every batch is drawn from ONE (space, task) group
 * and the loss only compares architectures within it: a pairwise logistic ranking loss (default)
 * or MSE on per-group z-scored labels.
 *
 * Selection is on a validation split drawn from the training spaces only (mean Spearman over
 * spaces); spaces held out of training are scored once, after training, for reporting — never
 * for early stopping or checkpoint choice. Deterministic for a seed on one backend (wasm: one
 * thread, fixed op order).
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import type { EncoderMeta } from '../encoder/types';
import type { LabelledSpace } from '../data/loaders';
import { labelledSizes } from '../data/sizes';
import { kendall, spearman } from '../metrics';
import { createRng, shuffle } from '../random';
import type { Rng } from '../types';
import { DEFAULT_HYPER, deviceBatch, disposeBatch, type GcnHyper, type NamedArray } from './model';
import { constMatMul } from './ops';
import { GcnPredictor } from './predictor';
import { assembleBatch, type PreparedGraph } from './prepare';

export type TrainProgress =
  | { type: 'info'; message: string }
  | {
      type: 'epoch';
      epoch: number;
      epochs: number;
      /** Mean training loss of the epoch. */
      loss: number;
      /** Mean validation Spearman over training spaces (the selection metric). */
      val: number;
      valBySpace: Record<string, number>;
      best: number;
      bestEpoch: number;
      seconds: number;
    };

export class TrainingCancelled extends Error {
  constructor() {
    super('training cancelled');
    this.name = 'TrainingCancelled';
  }
}

export interface TrainGcnOptions {
  hyper?: Partial<GcnHyper>;
  seed?: number;
  /** Seeds the validation split (default 0); `seed` seeds initialisation and batches. */
  dataSeed?: number;
  /** Stop after the epoch in which this many seconds have passed (best weights kept). */
  maxSeconds?: number;
  signal?: AbortSignal;
  /** Spaces never trained on, scored once at the end for the report. */
  heldOut?: LabelledSpace[];
  name?: string;
}

export interface HeldOutResult {
  space: string;
  task: string;
  n: number;
  spearman: number;
  kendall: number;
}

export interface TrainGcnResult {
  predictor: GcnPredictor;
  history: Array<Extract<TrainProgress, { type: 'epoch' }>>;
  /** Best validation Spearman (mean over training spaces) and per space at the best epoch. */
  validation: { mean: number; bySpace: Record<string, number> };
  heldOut: HeldOutResult[];
  bestEpoch: number;
  epochsRun: number;
  steps: number;
  seconds: number;
}

interface Group {
  space: number;
  task: string;
  train: number[];
  val: number[];
  labels: Float64Array;
  mean: number;
  std: number;
}

interface SpaceData {
  space: LabelledSpace;
  prepared: PreparedGraph[];
  groups: Group[];
}

/**
 * The validation split of the si-th training space: a seeded shuffle of its architectures, the
 * first `valFraction` of which are held out. Ensembles re-draw it to be fitted on the same split.
 */
export function validationSplit(space: LabelledSpace, si: number, dataSeed: number, valFraction: number): { order: number[]; valSet: Set<number> } {
  const order = shuffle(Array.from(space.graphs.keys()), createRng(dataSeed * 1000003 + si + 17));
  const nVal = Math.max(valFraction > 0 ? 1 : 0, Math.round(order.length * valFraction));
  return { order, valSet: new Set(order.slice(0, nVal)) };
}

/** Rank correlation per task of spaces the predictor never trained on (reported, never selected on). */
export function scoreHeldOut(predictor: GcnPredictor, spaces: readonly LabelledSpace[]): HeldOutResult[] {
  const out: HeldOutResult[] = [];
  for (const space of spaces) {
    const scores = predictor.scoreGraphs(space.graphs, describer(space), { exact: labelledSizes(space) });
    for (const t of space.tasks) {
      const keep = [...t.labels.keys()].filter((i) => Number.isFinite(t.labels[i]));
      const s = keep.map((i) => scores[i]);
      const y = keep.map((i) => t.labels[i]);
      out.push({ space: space.space, task: t.name, n: keep.length, spearman: spearman(s, y), kendall: kendall(s, y) });
    }
  }
  return out;
}

export function describer(space: LabelledSpace): (op: string) => string | undefined {
  return (op) => space.operators.get(op)?.description;
}

/**
 * Prepares one graph per architecture (training spaces have exactly one), with size inputs
 * z-scored against the whole space: a labelled space is its own reference sample.
 */
export function prepareSpace(p: GcnPredictor, space: LabelledSpace): PreparedGraph[] {
  space.graphs.forEach((a, i) => {
    if (a.length !== 1) throw new Error(`${space.space}: architecture ${i} has ${a.length} graphs; training expects one`);
  });
  return p.prepareArchs(space.graphs, describer(space), { exact: labelledSizes(space) }).prepared.map((a) => a[0]);
}

function meanStd(values: number[]): [number, number] {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  const v = values.reduce((s, x) => s + (x - m) ** 2, 0) / values.length;
  return [m, Math.sqrt(v) || 1];
}

/** Draws k distinct items (partial Fisher-Yates on a copy). */
function sample(items: readonly number[], k: number, rng: Rng): number[] {
  const a = [...items];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

function copyWeights(w: NamedArray[]): NamedArray[] {
  return w.map((a) => ({ name: a.name, shape: [...a.shape], values: Float32Array.from(a.values) }));
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** Spearman per task of a space's architectures `idx`, averaged over the space's tasks. */
function evalSpace(p: GcnPredictor, d: SpaceData, pick: (g: Group) => number[]): number {
  const rhos: number[] = [];
  const all = [...new Set(d.groups.flatMap(pick))];
  if (all.length === 0) return NaN;
  const scores = p.scorePrepared(all.map((i) => d.prepared[i]));
  const at = new Map(all.map((i, k) => [i, k]));
  for (const g of d.groups) {
    const idx = pick(g);
    if (idx.length < 3) continue;
    const r = spearman(idx.map((i) => scores[at.get(i)!]), idx.map((i) => g.labels[i]));
    if (Number.isFinite(r)) rhos.push(r);
  }
  return rhos.length ? rhos.reduce((s, v) => s + v, 0) / rhos.length : NaN;
}

/**
 * Trains a GCN on labelled spaces. `embeddings` must hold a vector for every operator sentence
 * of the training (and held-out) spaces; they all go into the model's sentence table.
 */
export async function trainGcn(
  spaces: readonly LabelledSpace[],
  embeddings: ReadonlyMap<string, Float32Array>,
  encoder: EncoderMeta,
  options: TrainGcnOptions = {},
  onProgress: (p: TrainProgress) => void = () => undefined,
): Promise<TrainGcnResult> {
  const backend = await initBackend();
  const hyper: GcnHyper = { ...DEFAULT_HYPER, ...options.hyper };
  const seed = options.seed ?? 0;
  const rng = createRng(seed);
  const predictor = GcnPredictor.create(encoder, [...embeddings].sort((a, b) => (a[0] < b[0] ? -1 : 1)), hyper, seed, options.name ?? 'model');
  const model = predictor.model;
  const D = encoder.dimension;
  const started = Date.now();
  onProgress({ type: 'info', message: `training on ${backend}: ${spaces.map((s) => `${s.space} (${s.graphs.length})`).join(', ')}` });

  // --- split and groups -------------------------------------------------------------------
  const data: SpaceData[] = spaces.map((space, si) => {
    const prepared = prepareSpace(predictor, space);
    const { order, valSet } = validationSplit(space, si, options.dataSeed ?? 0, hyper.valFraction);
    const groups: Group[] = [];
    for (const t of space.tasks) {
      const labelled = order.filter((i) => Number.isFinite(t.labels[i]));
      const train = labelled.filter((i) => !valSet.has(i)).sort((a, b) => a - b);
      const val = labelled.filter((i) => valSet.has(i)).sort((a, b) => a - b);
      if (train.length < 4) continue;
      const [mean, std] = meanStd(train.map((i) => t.labels[i]));
      groups.push({ space: si, task: t.name, train, val, labels: t.labels, mean, std });
    }
    return { space, prepared, groups };
  });
  const active = data.filter((d) => d.groups.length > 0);
  if (active.length === 0) throw new Error('no training data: every selected task has fewer than 4 labelled architectures');

  // --- optimiser state (AdamW, decoupled decay on weight matrices) ----------------------
  const vars = model.trainable();
  const decayed = model.decayed();
  const m1: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  const m2: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  let step = 0;
  const totalSteps = hyper.epochs * hyper.stepsPerEpoch;

  const trainStep = (d: SpaceData, g: Group): number => {
    const idx = sample(g.train, hyper.batchSize, rng);
    const graphs = idx.map((i) => d.prepared[i]);
    // Local feature table: only the sentences of this batch (+ ghost, global rows).
    const local = new Map<number, number>();
    for (const pg of graphs) for (const s of pg.sentences) if (!local.has(s)) local.set(s, local.size);
    const S = local.size;
    const host = assembleBatch(graphs, S, S + 1, (id) => local.get(id)!, { node: hyper.nodeInputs, arch: hyper.archInputs });
    const feats = new Float32Array((S + 2) * (D + 1));
    for (const [id, row] of local) feats.set(predictor.vector(predictor.knownSentences()[id])!, row * (D + 1));
    feats[(S + 1) * (D + 1) + D] = 1;
    const BN = host.B * host.N;
    const onehot = new Float32Array(BN * (S + 2));
    const onehotT = new Float32Array(BN * (S + 2));
    host.rows.forEach((r, k) => {
      onehot[k * (S + 2) + r] = 1;
      onehotT[r * BN + k] = 1;
    });
    const y = idx.map((i) => g.labels[i]);
    const B = idx.length;
    let pairs: Float32Array | undefined;
    let pairCount = 0;
    if (hyper.loss === 'pairwise') {
      pairs = new Float32Array(B * B);
      for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (y[i] > y[j]) {
        pairs[i * B + j] = 1;
        pairCount++;
      }
      if (pairCount === 0) return NaN;
    }
    const lrNow = hyper.lr * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / Math.max(1, totalSteps)));
    step++;
    return tf.tidy(() => {
      const dev = deviceBatch(host);
      const F = tf.tensor2d(feats, [S + 2, D + 1]);
      const oh = tf.tensor2d(onehot, [BN, S + 2]);
      const ohT = tf.tensor2d(onehotT, [S + 2, BN]);
      const lossFn = (): tf.Scalar => {
        const s = model.forward(dev, constMatMul(oh, ohT, model.layerOneTable(F)), true);
        if (hyper.loss === 'pairwise') {
          // s_i - s_j for pairs with y_i > y_j: logistic loss pushes s_i above s_j.
          const diff = tf.sub(tf.reshape(s, [B, 1]), tf.reshape(s, [1, B]));
          return tf.div(tf.sum(tf.mul(tf.softplus(tf.neg(diff)), tf.tensor2d(pairs!, [B, B]))), pairCount) as tf.Scalar;
        }
        const z = tf.tensor1d(y.map((v) => (v - g.mean) / g.std));
        return tf.mean(tf.square(tf.sub(s, z))) as tf.Scalar;
      };
      const { value, grads } = tf.variableGrads(lossFn, vars);
      const t = step;
      vars.forEach((v, k) => {
        const gr = grads[v.name];
        const a = tf.add(tf.mul(m1[k], beta1), tf.mul(gr, 1 - beta1));
        const b = tf.add(tf.mul(m2[k], beta2), tf.mul(tf.square(gr), 1 - beta2));
        tf.dispose([m1[k], m2[k]]);
        m1[k] = tf.keep(a);
        m2[k] = tf.keep(b);
        const mh = tf.div(a, 1 - beta1 ** t);
        const vh = tf.div(b, 1 - beta2 ** t);
        let upd = tf.mul(tf.div(mh, tf.add(tf.sqrt(vh), eps)), lrNow);
        if (decayed.has(v) && hyper.weightDecay > 0) upd = tf.add(upd, tf.mul(v, lrNow * hyper.weightDecay));
        v.assign(tf.sub(v, upd));
      });
      disposeBatch(dev);
      return value.dataSync()[0];
    });
  };

  // --- epochs -------------------------------------------------------------------------------
  const history: TrainGcnResult['history'] = [];
  let best = -Infinity;
  let bestEpoch = -1;
  let bestBySpace: Record<string, number> = {};
  let bestWeights: NamedArray[] | undefined;
  let stale = 0;
  let epoch = 0;
  try {
    for (; epoch < hyper.epochs; epoch++) {
      let lossSum = 0;
      let lossN = 0;
      for (let k = 0; k < hyper.stepsPerEpoch; k++) {
        if (options.signal?.aborted) throw new TrainingCancelled();
        // Spaces get equal weight whatever their size; tasks share their space's weight.
        const d = active[rng.int(active.length)];
        const g = d.groups[rng.int(d.groups.length)];
        const l = trainStep(d, g);
        if (Number.isFinite(l)) {
          lossSum += l;
          lossN++;
        }
        if (k % 8 === 7) await yieldToEventLoop();
      }
      predictor.invalidate();
      const bySpace: Record<string, number> = {};
      const vals: number[] = [];
      for (const d of active) {
        const r = evalSpace(predictor, d, (g) => g.val);
        bySpace[d.space.space] = r;
        if (Number.isFinite(r)) vals.push(r);
      }
      const val = vals.length ? vals.reduce((s, v) => s + v, 0) / vals.length : NaN;
      if (val > best) {
        best = val;
        bestEpoch = epoch;
        bestBySpace = bySpace;
        bestWeights = copyWeights(model.getWeights());
        stale = 0;
      } else stale++;
      const seconds = (Date.now() - started) / 1000;
      const rec = { type: 'epoch' as const, epoch: epoch + 1, epochs: hyper.epochs, loss: lossN ? lossSum / lossN : NaN, val, valBySpace: bySpace, best, bestEpoch: bestEpoch + 1, seconds };
      history.push(rec);
      onProgress(rec);
      await yieldToEventLoop();
      if (stale >= hyper.patience) {
        onProgress({ type: 'info', message: `early stop: no validation improvement for ${hyper.patience} epochs` });
        epoch++;
        break;
      }
      if (options.maxSeconds !== undefined && seconds >= options.maxSeconds) {
        onProgress({ type: 'info', message: `time budget of ${options.maxSeconds} s reached` });
        epoch++;
        break;
      }
    }
  } catch (e) {
    tf.dispose([...m1, ...m2]);
    predictor.dispose();
    throw e;
  }
  tf.dispose([...m1, ...m2]);
  if (bestWeights) model.setWeights(bestWeights);
  predictor.invalidate();

  // --- held-out spaces: reported, never selected on -------------------------------------
  const heldOut = scoreHeldOut(predictor, options.heldOut ?? []);
  return {
    predictor,
    history,
    validation: { mean: best, bySpace: bestBySpace },
    heldOut,
    bestEpoch: bestEpoch + 1,
    epochsRun: epoch,
    steps: step,
    seconds: (Date.now() - started) / 1000,
  };
}
