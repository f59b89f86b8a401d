/**
 * The GCN predictor (tgnas-method.md §3): L graph-conv layers `H' = Ã(HW) + b`, a per-layer
 * normalisation, ReLU, and a linear readout of the global node. Layer 1 is computed once per
 * feature-table row (operator sentence) and then selected per node: every node's input is one
 * of a few vectors, so T = E·W1 is cheap and the per-node product is a lookup.
 *
 * Variants (for the ablation harness): degree normalisation, batch / layer / no normalisation,
 * residual connections from layer 2 on, and a readout of [global, mean of operator nodes].
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../types';
import { constMatMul, dense } from './ops';
import { ARCH_FEATURES, NODE_FEATURES } from '../descriptors/graph';
import type { AdjNorm, HostBatch } from './prepare';

export type NormKind = 'batch' | 'layer' | 'none';
export type Readout = 'global' | 'global+mean';
export type LossKind = 'pairwise' | 'zmse';

export interface GcnHyper {
  hidden: number;
  layers: number;
  norm: NormKind;
  adjNorm: AdjNorm;
  residual: boolean;
  readout: Readout;
  loss: LossKind;
  lr: number;
  weightDecay: number;
  batchSize: number;
  /** Training steps per epoch (one batch = one (space, task) group). */
  stepsPerEpoch: number;
  epochs: number;
  /** Early stopping: epochs without validation improvement. */
  patience: number;
  /** Share of each training space's architectures held out for validation / early stopping. */
  valFraction: number;
  /** Subsample large spaces to this many architectures (training time). */
  maxArchsPerSpace: number;
  /**
   * Cost inputs per node (descriptors/graph.ts NODE_FEATURES), added to layer 1 through their own
   * weights; 0 = sentence embeddings only (models saved before cost inputs load with 0).
   */
  nodeInputs: number;
  /** Architecture size inputs (z log params / FLOPs / live params) concatenated to the readout; 0 = none. */
  archInputs: number;
  /** Size prior added to the readout after training (gcn/size-prior.ts); absent = none. */
  sizePrior?: { lambda: number; weights: number[] };
}

/**
 * Defaults chosen on training-space validation (docs/model.md §5): ranking loss, LayerNorm, mean aggregation,
 * residuals. 15 epochs were chosen over 5 and 50 on nested leave-one-space-out folds without NB201 (§4): longer
 * training keeps raising in-space validation while transfer to unseen operators falls.
 */
export const DEFAULT_HYPER: GcnHyper = {
  hidden: 64,
  layers: 4,
  norm: 'layer',
  adjNorm: 'mean',
  residual: true,
  readout: 'global+mean',
  loss: 'pairwise',
  lr: 2e-3,
  weightDecay: 1e-4,
  batchSize: 64,
  stepsPerEpoch: 200,
  epochs: 15,
  patience: 6,
  valFraction: 0.1,
  maxArchsPerSpace: 6000,
  nodeInputs: NODE_FEATURES,
  archInputs: ARCH_FEATURES,
};

/** The recipe before cost inputs (sentences only): the benchmark's "earlier GCN recipe" column. */
export const SENTENCE_ONLY_HYPER: Partial<GcnHyper> = { nodeInputs: 0, archInputs: 0 };

/** [ref]'s model: BN, no degree normalisation, global readout, no residuals. */
export const REFERENCE_HYPER: Partial<GcnHyper> = { norm: 'batch', adjNorm: 'none', residual: false, readout: 'global' };

export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

const BN_MOMENTUM = 0.1;
const EPS = 1e-5;

function uniform(rng: Rng, n: number, limit: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (rng.next() * 2 - 1) * limit;
  return a;
}

/** Batch tensors for one forward pass (layouts: see HostBatch). */
export interface DeviceBatch {
  layout: 'shared' | 'batched';
  B: number;
  N: number;
  adj: tf.Tensor;
  adjT: tf.Tensor;
  /** [B*N, 1] in row order. */
  mask: tf.Tensor2D;
  /** [B*N, nodeInputs] cost inputs per node, when the model reads them. */
  nodeX?: tf.Tensor2D;
  /** [B, archInputs] size inputs per graph. */
  archX?: tf.Tensor2D;
}

export function deviceBatch(h: HostBatch): DeviceBatch {
  const shape = h.layout === 'shared' ? [h.N, h.N] : [h.B, h.N, h.N];
  return {
    layout: h.layout,
    B: h.B,
    N: h.N,
    adj: tf.tensor(h.adj, shape),
    adjT: tf.tensor(h.adjT, shape),
    mask: tf.tensor2d(h.mask, [h.B * h.N, 1]),
    nodeX: h.nodeX && tf.tensor2d(h.nodeX, [h.B * h.N, h.nodeX.length / (h.B * h.N)]),
    archX: h.archX && tf.tensor2d(h.archX, [h.B, h.archX.length / h.B]),
  };
}

export function disposeBatch(d: DeviceBatch): void {
  d.adj.dispose();
  d.adjT.dispose();
  d.mask.dispose();
  d.nodeX?.dispose();
  d.archX?.dispose();
}

/** tfjs variable names are process-global: each model instance gets its own prefix. */
let instances = 0;

export class Gcn {
  private readonly prefix = `gcn${instances++}/`;
  readonly w: tf.Variable[] = [];
  readonly b: tf.Variable[] = [];
  readonly gamma: tf.Variable[] = [];
  readonly beta: tf.Variable[] = [];
  /** BatchNorm running statistics (norm 'batch' only); not trained. */
  readonly runMean: tf.Variable[] = [];
  readonly runVar: tf.Variable[] = [];
  readonly wOut: tf.Variable;
  readonly bOut: tf.Variable;
  /** [nodeInputs, H]: cost inputs into layer 1 (absent without cost inputs). */
  readonly wNode?: tf.Variable;

  constructor(
    readonly hyper: GcnHyper,
    /** Embedding width D (the feature width is D+1). */
    readonly dimension: number,
    rng: Rng,
  ) {
    const H = hyper.hidden;
    for (let l = 0; l < hyper.layers; l++) {
      const fanIn = l === 0 ? dimension + 1 : H;
      const limit = Math.sqrt(6 / (fanIn + H)); // Glorot: works with and without a normalisation layer
      this.w.push(tf.variable(tf.tensor2d(uniform(rng, fanIn * H, limit), [fanIn, H]), true, this.prefix + `w${l}`));
      this.b.push(tf.variable(tf.zeros([H]), true, this.prefix + `b${l}`));
      if (hyper.norm !== 'none') {
        this.gamma.push(tf.variable(tf.ones([H]), true, this.prefix + `gamma${l}`));
        this.beta.push(tf.variable(tf.zeros([H]), true, this.prefix + `beta${l}`));
      }
      if (hyper.norm === 'batch') {
        this.runMean.push(tf.variable(tf.zeros([H]), false, this.prefix + `runMean${l}`));
        this.runVar.push(tf.variable(tf.ones([H]), false, this.prefix + `runVar${l}`));
      }
    }
    const R = (hyper.readout === 'global+mean' ? 2 * H : H) + hyper.archInputs;
    const lim = 1 / Math.sqrt(R);
    this.wOut = tf.variable(tf.tensor2d(uniform(rng, R, lim), [R, 1]), true, this.prefix + 'wOut');
    this.bOut = tf.variable(tf.tensor1d(uniform(rng, 1, lim)), true, this.prefix + 'bOut');
    if (hyper.nodeInputs > 0) {
      const limit = Math.sqrt(6 / (hyper.nodeInputs + H));
      this.wNode = tf.variable(tf.tensor2d(uniform(rng, hyper.nodeInputs * H, limit), [hyper.nodeInputs, H]), true, this.prefix + 'wNode');
    }
  }

  trainable(): tf.Variable[] {
    return [...this.w, ...this.b, ...this.gamma, ...this.beta, this.wOut, this.bOut, ...(this.wNode ? [this.wNode] : [])];
  }

  /** Variables that get decoupled weight decay (matrices only, as AdamW practice). */
  decayed(): Set<tf.Variable> {
    return new Set([...this.w, this.wOut, ...(this.wNode ? [this.wNode] : [])]);
  }

  private all(): tf.Variable[] {
    return [...this.trainable(), ...this.runMean, ...this.runVar];
  }

  getWeights(): NamedArray[] {
    return this.all().map((v) => ({ name: this.logical(v), shape: v.shape, values: Float32Array.from(v.dataSync() as Float32Array) }));
  }

  setWeights(arrays: readonly NamedArray[]): void {
    const byName = new Map(arrays.map((a) => [a.name, a]));
    for (const v of this.all()) {
      const a = byName.get(this.logical(v));
      if (!a) throw new Error(`model weights lack '${this.logical(v)}'`);
      if (a.shape.join('x') !== v.shape.join('x')) throw new Error(`weight '${this.logical(v)}' has shape ${a.shape.join('x')}, expected ${v.shape.join('x')}`);
      tf.tidy(() => v.assign(tf.tensor(a.values, v.shape)));
    }
  }

  /** Name without the instance prefix, as saved in model.json. */
  private logical(v: tf.Variable): string {
    return v.name.slice(this.prefix.length);
  }

  dispose(): void {
    for (const v of this.all()) v.dispose();
  }

  /**
   * Scores [B] of a batch. `x1` is layer 1's pre-aggregation product per node, [B*N, H]: the
   * caller builds it as a lookup of T = E·W1 (see `layerOneTable`). `training` uses batch
   * statistics (and updates the running ones) for norm 'batch'.
   */
  forward(batch: DeviceBatch, x1: tf.Tensor, training: boolean): tf.Tensor1D {
    const { B, N, adj, adjT, mask, layout } = batch;
    const H = this.hyper.hidden;
    if (this.wNode) {
      if (!batch.nodeX) throw new Error('this model reads cost inputs per node; the batch has none');
      x1 = tf.add(x1, dense(batch.nodeX, this.wNode));
    }
    const shared = layout === 'shared';
    const aggregate = (pre: tf.Tensor) =>
      shared
        ? tf.reshape(constMatMul(adj, adjT, tf.reshape(pre, [N, B * H])), [N * B, H])
        : tf.reshape(constMatMul(adj, adjT, tf.reshape(pre, [B, N, H])), [B * N, H]);
    let prev: tf.Tensor | undefined;
    let h = x1;
    for (let l = 0; l < this.hyper.layers; l++) {
      const pre = l === 0 ? x1 : dense(prev!, this.w[l]);
      h = tf.add(aggregate(pre), this.b[l]);
      h = this.normalize(h, l, mask, training);
      // Shared layout has no ghost nodes (its mask is all ones): skip a full pass per layer.
      h = shared ? tf.relu(h) : tf.mul(tf.relu(h), mask);
      if (this.hyper.residual && l > 0) h = tf.add(h, prev!);
      prev = h;
    }
    let r: tf.Tensor = shared ? tf.slice(h, [(N - 1) * B, 0], [B, H]) : tf.reshape(tf.slice(tf.reshape(h, [B, N, H]), [0, N - 1, 0], [B, 1, H]), [B, H]);
    if (this.hyper.readout === 'global+mean') {
      // Mean over operator nodes: the mask without the global node.
      let mean: tf.Tensor;
      if (shared) {
        mean = tf.div(tf.sum(tf.reshape(tf.slice(h, [0, 0], [(N - 1) * B, H]), [N - 1, B, H]), 0), N - 1);
      } else {
        const h3 = tf.reshape(h, [B, N, H]);
        const m3 = tf.reshape(mask, [B, N, 1]);
        const opMask = tf.concat([tf.slice(m3, [0, 0, 0], [B, N - 1, 1]), tf.zeros([B, 1, 1])], 1);
        mean = tf.div(tf.sum(tf.mul(h3, opMask), 1), tf.maximum(tf.sum(opMask, 1), 1));
      }
      r = tf.concat([r, mean], 1);
    }
    if (this.hyper.archInputs > 0) {
      if (!batch.archX) throw new Error('this model reads architecture size inputs; the batch has none');
      r = tf.concat([r, batch.archX], 1);
    }
    return tf.reshape(tf.add(dense(r, this.wOut), this.bOut), [B]) as tf.Tensor1D;
  }

  private normalize(h: tf.Tensor, l: number, mask: tf.Tensor, training: boolean): tf.Tensor {
    const norm = this.hyper.norm;
    if (norm === 'none') return h;
    if (norm === 'layer') {
      const { mean, variance } = tf.moments(h, -1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, EPS))), this.gamma[l]), this.beta[l]);
    }
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (training) {
      // Statistics over operator and global nodes only (ghosts excluded), per channel.
      const count = tf.sum(mask);
      mean = tf.div(tf.sum(tf.mul(h, mask), 0), count);
      const d = tf.mul(tf.sub(h, mean), mask);
      variance = tf.div(tf.sum(tf.square(d), 0), count);
      this.runMean[l].assign(tf.add(tf.mul(this.runMean[l], 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
      this.runVar[l].assign(tf.add(tf.mul(this.runVar[l], 1 - BN_MOMENTUM), tf.mul(variance, BN_MOMENTUM)));
    } else {
      mean = this.runMean[l];
      variance = this.runVar[l];
    }
    return tf.add(tf.mul(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, EPS))), this.gamma[l]), this.beta[l]);
  }

  /** T = F·W1 for a feature table F [rows, D+1] (custom-grad dense, so it trains too). */
  layerOneTable(features: tf.Tensor2D): tf.Tensor2D {
    return dense(features, this.w[0]) as tf.Tensor2D;
  }
}

/** Parameter count of the trainable weights. */
export function parameterCount(model: Gcn): number {
  return model.trainable().reduce((s, v) => s + v.size, 0);
}
