/**
 * Cost inputs of one operator-as-node graph, from its operators' descriptors and their positions:
 * a feature row per node (NODE_FEATURES wide) and the graph's estimated totals. Architecture-level
 * size inputs (ARCH_FEATURES) are log params, log FLOPs and log live params, z-scored against the
 * space's reference sample, so the network compares sizes *within* a space and never sees absolute
 * scale (a DARTS network is 100× an NB201 cell; both spaces rank by relative size).
 *
 * Widths and resolutions are tracked along the DAG in nominal units (input: 32 channels,
 * resolution 1): a node takes the widest and smallest of its inputs, then applies its stride,
 * channel ratio or fixed filters. Params of a node = dense·C_in·C_out + depthwise·C_in;
 * FLOPs = params · (output resolution)², pooling k²·C·(resolution)². Only *shares* of these and
 * z-scored logs reach the model, so the nominal units cancel.
 */
import type { OpGraph } from '../types';
import type { OpDescriptor } from './operator';

/** Per-node input width: see `nodeFeatureNames`. */
export const NODE_FEATURES = 14;
/** Per-architecture input width: z log params, z log FLOPs, z log live params. */
export const ARCH_FEATURES = 3;

/** Names of the node feature columns, in order (model cards and docs). */
export const NODE_FEATURE_NAMES: readonly string[] = [
  'parametric', 'identity', 'zero', 'pooling', 'attention', 'log2 kernel / 3', 'log2 dilation', 'log2 stride',
  'log2 channel ratio', 'live (on an input→output path without a zero op)', 'share of live params', 'share of live FLOPs',
  'log2 input resolution / 5', 'log2 receptive-field growth / 4',
];

export const ARCH_FEATURE_NAMES: readonly string[] = ['z log params', 'z log FLOPs', 'z log(1 + live params)'];

const NOMINAL_WIDTH = 32;

export interface GraphCost {
  /** [n × NODE_FEATURES] row-major, node order of the graph. */
  nodes: Float32Array;
  /** Estimated params and FLOPs of every node (nominal units), dead ones included. */
  params: number;
  flops: number;
  /** Params of live nodes only: 0 for a cell whose output no parametric path reaches. */
  liveParams: number;
  /** FLOPs of live nodes only. */
  liveFlops: number;
}

/**
 * Cost features of a graph. `descriptorOf` gives each node's operator descriptor (input and
 * output included: they should be weightless). Throws on a malformed adjacency.
 * Cost: O(n²) for the n×n adjacency.
 */
export function graphCost(g: OpGraph, descriptorOf: (op: string) => OpDescriptor): GraphCost {
  const n = g.ops.length;
  if (g.adj.length !== n) throw new Error(`graph adjacency must be ${n}x${n} for ${n} operators`);
  const desc = g.ops.map(descriptorOf);
  const width = new Float64Array(n);
  const res = new Float64Array(n);
  const inWidth = new Float64Array(n);
  const inRes = new Float64Array(n);
  const params = new Float64Array(n);
  const flops = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let w = 0;
    let r = Infinity;
    for (let u = 0; u < v; u++) if (g.adj[u][v]) {
      if (width[u] > w) w = width[u];
      if (res[u] < r) r = res[u];
    }
    if (w === 0) w = NOMINAL_WIDTH;
    if (!Number.isFinite(r)) r = 1;
    const d = desc[v];
    inWidth[v] = w;
    inRes[v] = r;
    const out = d.filters ?? w * d.channelRatio;
    width[v] = out;
    res[v] = d.resolution ?? r / Math.max(1, d.stride);
    params[v] = d.dense * w * out + d.depthwise * w;
    const pixels = res[v] * res[v];
    flops[v] = params[v] * pixels + (d.pooling ? d.kernel * d.kernel * w * pixels : 0);
  }
  // Live: reachable from the input and reaching the output through nodes that are not zero ops.
  const fwd = new Uint8Array(n);
  const bwd = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    // Sources: the graph's inputs (DARTS cells have two); any other node without inputs is dangling.
    if (g.ops[v] === 'input') {
      fwd[v] = 1;
      continue;
    }
    if (desc[v].zero) continue;
    for (let u = 0; u < v; u++) if (fwd[u] && g.adj[u][v]) {
      fwd[v] = 1;
      break;
    }
  }
  if (n > 0) bwd[n - 1] = 1;
  for (let v = n - 2; v >= 0; v--) {
    if (desc[v].zero) continue;
    for (let u = v + 1; u < n; u++) if (bwd[u] && g.adj[v][u]) {
      bwd[v] = 1;
      break;
    }
  }
  let liveParams = 0;
  let liveFlops = 0;
  let totalParams = 0;
  let totalFlops = 0;
  const live = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    live[v] = fwd[v] && bwd[v] ? 1 : 0;
    totalParams += params[v];
    totalFlops += flops[v];
    if (live[v]) {
      liveParams += params[v];
      liveFlops += flops[v];
    }
  }
  const F = NODE_FEATURES;
  const nodes = new Float32Array(n * F);
  for (let v = 0; v < n; v++) {
    const d = desc[v];
    const o = v * F;
    nodes[o] = d.parametric ? 1 : 0;
    nodes[o + 1] = d.identity ? 1 : 0;
    nodes[o + 2] = d.zero ? 1 : 0;
    nodes[o + 3] = d.pooling ? 1 : 0;
    nodes[o + 4] = d.attention ? 1 : 0;
    nodes[o + 5] = Math.log2(Math.max(1, d.kernel)) / 3;
    nodes[o + 6] = Math.log2(Math.max(1, d.dilation));
    nodes[o + 7] = Math.log2(Math.max(1, d.stride));
    nodes[o + 8] = Math.log2(width[v] / inWidth[v]);
    nodes[o + 9] = live[v];
    nodes[o + 10] = live[v] && liveParams > 0 ? params[v] / liveParams : 0;
    nodes[o + 11] = live[v] && liveFlops > 0 ? flops[v] / liveFlops : 0;
    nodes[o + 12] = Math.log2(Math.max(1e-6, inRes[v])) / 5;
    nodes[o + 13] = Math.log2(1 + (Math.max(1, d.kernel) - 1) * Math.max(1, d.dilation)) / 4;
  }
  return { nodes, params: totalParams, flops: totalFlops, liveParams, liveFlops };
}

/**
 * Whole-network params and FLOPs from a cost model (any unit). `effective`: already counted without
 * dead branches (the space pruned the cell before costing it), so no live share is applied.
 */
export interface ExactSize {
  params?: number;
  flops?: number;
  effective?: boolean;
}

/** Raw architecture size inputs before z-scoring: [ln params, ln FLOPs, ln(1 + live params)]. */
export type ArchSize = [number, number, number];

/**
 * Raw size inputs of an architecture made of `graphs` (DARTS: normal + reduce): its *effective*
 * params and FLOPs, i.e. without operators that are not live (dead branches of an NB201 cell are
 * trained weights that never reach the output: they add params but no accuracy). `exact` (params
 * and FLOPs of the whole network from the space's cost model, any unit) is used as it is when the
 * space costed the pruned cell (`effective`), else scaled by the cell's live share of its estimated
 * cost, (live + 1) / (all + 1) in nominal units; without it the live estimates themselves are used.
 * The third entry is always ln(1 + live params).
 */
export function archSize(graphs: readonly GraphCost[], exact?: ExactSize): ArchSize {
  let p = 0;
  let f = 0;
  let live = 0;
  let liveF = 0;
  for (const g of graphs) {
    p += g.params;
    f += g.flops;
    live += g.liveParams;
    liveF += g.liveFlops;
  }
  const share = (all: number, alive: number) => (exact?.effective ? 1 : (alive + 1) / (all + 1));
  const params = exact?.params !== undefined && exact.params > 0 ? exact.params * share(p, live) : live;
  const flops = exact?.flops !== undefined && exact.flops > 0 ? exact.flops * share(f, liveF) : liveF;
  return [Math.log(Math.max(params, 1e-9)), Math.log(Math.max(flops, 1e-9)), Math.log1p(live)];
}

/** Mean and spread of the raw size inputs over a space's reference sample. */
export interface SizeReference {
  mean: number[];
  sd: number[];
}

/** Reference statistics of a population of raw sizes (sd floored so a constant column stays 0). */
export function sizeReference(sizes: readonly ArchSize[]): SizeReference {
  const k = ARCH_FEATURES;
  const mean = new Array<number>(k).fill(0);
  const sd = new Array<number>(k).fill(0);
  const n = Math.max(1, sizes.length);
  for (const s of sizes) for (let j = 0; j < k; j++) mean[j] += s[j] / n;
  for (const s of sizes) for (let j = 0; j < k; j++) sd[j] += (s[j] - mean[j]) ** 2 / n;
  return { mean, sd: sd.map((v) => Math.max(Math.sqrt(v), 1e-3)) };
}

/** Z-scores clipped to ±5: a cell far outside the reference sample stays in range. */
export function zSize(size: ArchSize, ref: SizeReference): Float32Array {
  return Float32Array.from(size, (v, j) => Math.max(-5, Math.min(5, (v - ref.mean[j]) / ref.sd[j])));
}
