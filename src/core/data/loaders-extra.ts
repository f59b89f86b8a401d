/**
 * Loaders of the labelled spaces added 2026-11-30 (PROVENANCE.md, "Added 2026-11-30"):
 * TransNAS-Bench-101 macro, NAS-Bench-MR and ViT-Bench-101 (PiT rows), plus the small helpers every
 * loader shares. Registered in loaders.ts `LOADERS`; this file imports only types from there, so
 * there is no import cycle.
 */
import { join } from 'node:path';
import { readCsv } from '../csv';
import type { OpGraph, Operator } from '../types';
import type { LabelledSpace } from './loaders';
import { OperatorSet, PIT_PATCH_EMBEDDING, attentionOp, pitPoolOp, transformerMlpOp } from './operators';
import { nbmrGraph, type NbmrModule } from '../spaces/nbmr';
import { tnb101MacroGraph, tnb101MacroModule } from '../spaces/tnb101-macro';

// The graph builders of TransNAS-Bench-101 macro and NAS-Bench-MR live with their search spaces
// (spaces/tnb101-macro.ts, spaces/nbmr.ts), so a searched cell gets exactly the training graph.
export { nbmrGraph, type NbmrModule };

// --- helpers shared by the loaders -----------------------------------------------------------

/** Operator name -> described operator, over the given vocabularies (later lists may add names). */
export function vocab(...lists: (readonly Operator[])[]): Map<string, Operator> {
  const set = new OperatorSet();
  for (const l of lists) set.addAll(l);
  return set.byName;
}

const chainAdj = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 ? 1 : 0)));

/** input -> ops... -> output chain. */
export function chain(ops: string[]): OpGraph {
  const all = ['input', ...ops, 'output'];
  return { ops: all, adj: chainAdj(all.length) };
}

/** CSV cells to numbers; '' becomes NaN. */
export function numbers(values: string[]): Float64Array {
  return Float64Array.from(values, (v) => (v === '' ? NaN : Number(v)));
}

/** '(1, 2, 3)' -> [1, 2, 3]. */
export function parseTuple(s: string): number[] {
  return s.replace(/[()\s]/g, '').split(',').filter(Boolean).map(Number);
}

// --- TransNAS-Bench-101 macro ----------------------------------------------------------------

const TNB101_TASKS = ['autoencoder', 'class_object', 'class_scene', 'jigsaw', 'normal', 'room_layout', 'segmentsemantic'];

/**
 * Weights and multiply-adds of a macro skeleton up to constant factors (BN, stem and head left out):
 * width 64 and relative resolution 1 at the input; each module's basic block has two 3x3 convs
 * (in->out, out->out) plus a 1x1 projection shortcut (in->out) where it strides or widens; its
 * multiply-adds are its weights times the output resolution squared.
 */
export function tnb101MacroCost(codes: readonly number[]): { params: number; flops: number } {
  let width = 64;
  let res = 1;
  let params = 0;
  let flops = 0;
  for (const code of codes) {
    if (code === 0) continue;
    const m = tnb101MacroModule(code);
    const out = m.channelsDoubled ? width * 2 : width;
    if (m.stride > 1) res /= 2;
    const p = 9 * width * out + 9 * out * out + (m.stride > 1 || m.channelsDoubled ? width * out : 0);
    params += p;
    flops += p * res * res;
    width = out;
  }
  return { params, flops };
}

function loadTnb101Macro(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'transnasbench101', 'tnb101_macro_all_valacc.csv'));
  const set = new OperatorSet();
  const codes = t.rows.map((r) => parseTuple(r[t.col('arch_naslib')]));
  const graphs = codes.map((c) => [tnb101MacroGraph(c, (op) => set.add(op))]);
  const costs = codes.map(tnb101MacroCost);
  return {
    space: 'tnb101macro',
    label: 'TransNAS-Bench-101 macro',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('arch_str')]),
    columns: { params_est: Float64Array.from(costs, (c) => c.params), flops_est: Float64Array.from(costs, (c) => c.flops) },
    tasks: TNB101_TASKS.map((task) => ({
      name: task,
      description: `${task} validation metric (NASLib orientation, higher is better), macro skeletons`,
      labels: numbers(t.rows.map((r) => r[t.col(`${task}_val_accuracy`)])),
    })),
  };
}

// --- NAS-Bench-MR ----------------------------------------------------------------------------

const NBMR_TASKS: Array<[name: string, column: string, description: string]> = [
  ['cls_10c', 'cls_10c_top1', 'ImageNet subset (cls-10c) top-1 (%)'],
  ['cls_10_1000', 'cls_10_1000_top1', 'ImageNet subset (cls-10-1000) top-1 (%)'],
  ['cls_50_100', 'cls_50_100_top1', 'ImageNet subset (cls-50-100) top-1 (%)'],
  ['cls_50_1000', 'cls_50_1000_top1', 'ImageNet-50-1000 top-1 (%)'],
  ['seg', 'seg_mIoU', 'Cityscapes segmentation mIoU (%)'],
  ['seg_4x', 'seg_4x_mIoU', 'Cityscapes segmentation (seg-4x setting) mIoU (%)'],
  ['video', 'video_top1', 'HMDB51 video classification top-1 (%)'],
  ['video_p', 'video_p_top1', 'HMDB51 video classification (video-p setting) top-1 (%)'],
];

function loadNbmr(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'nasbenchmr', 'nbmr_all.csv'));
  const set = new OperatorSet();
  const graphs = t.rows.map((r) => [nbmrGraph(JSON.parse(r[t.col('modules_json')]) as NbmrModule[], set)]);
  const col = (name: string) => numbers(t.rows.map((r) => r[t.col(name)]));
  return {
    space: 'nbmr',
    label: 'NAS-Bench-MR',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('arch_id')]),
    columns: { params: col('params'), flops: col('flops') },
    tasks: NBMR_TASKS.map(([name, column, description]) => ({ name, description: `${description}, one run`, labels: col(column) })),
  };
}

// --- ViT-Bench-101, PiT ----------------------------------------------------------------------

export interface PitArch {
  depths: number[];
  heads: number[];
  mlpRatio: number;
}

/**
 * PiT as a chain: input -> patch embedding -> per stage, per layer an attention and an MLP node,
 * a pooling node between stages -> output. Stage width = base_dim x heads, so the pooling's channel
 * factor is the ratio of consecutive stages' heads. base_dim itself is not in the sentences.
 */
export function pitGraph(a: PitArch, set: OperatorSet): OpGraph {
  if (a.depths.length !== a.heads.length) throw new Error(`vitpit: ${a.depths.length} stage depths vs ${a.heads.length} heads`);
  const ops = [set.add(PIT_PATCH_EMBEDDING)];
  a.depths.forEach((depth, s) => {
    if (s > 0) {
      const factor = a.heads[s] / a.heads[s - 1];
      if (!Number.isInteger(factor) || factor < 1) throw new Error(`vitpit: stage heads ${a.heads.join(' ')} do not grow by whole factors`);
      ops.push(set.add(pitPoolOp(factor)));
    }
    for (let l = 0; l < depth; l++) ops.push(set.add(attentionOp({ heads: a.heads[s] })), set.add(transformerMlpOp(a.mlpRatio)));
  });
  return chain(ops);
}

const PIT_TASKS: Array<[name: string, column: string, description: string]> = [
  ['c100_kd', 'c100_kd_acc', 'CIFAR-100 accuracy (%), distilled from a ResNet-56 teacher'],
  ['flower_kd', 'flower_kd_acc', 'Oxford Flowers-102 accuracy (%), distilled'],
  ['chaoyang_kd', 'chaoyang_kd_acc', 'Chaoyang pathology accuracy (%), distilled'],
  ['c100_base', 'c100_base_acc', 'CIFAR-100 accuracy (%), no distillation'],
  ['flower_base', 'flower_base_acc', 'Oxford Flowers-102 accuracy (%), no distillation'],
  ['chaoyang_base', 'chaoyang_base_acc', 'Chaoyang pathology accuracy (%), no distillation'],
];

function loadVitPit(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'vitbench101', 'vitbench101_autoformer_pit.csv'));
  const rows = t.rows.filter((r) => r[t.col('space')] === 'pit');
  const set = new OperatorSet();
  const ints = (s: string) => s.trim().split(/\s+/).map(Number);
  const graphs = rows.map((r) => [
    pitGraph({ depths: ints(r[t.col('stage_depths')]), heads: ints(r[t.col('stage_heads')]), mlpRatio: Number(r[t.col('mlp_ratio')]) }, set),
  ]);
  const col = (name: string) => numbers(rows.map((r) => r[t.col(name)]));
  return {
    space: 'vitpit',
    label: 'ViT-Bench-101 (PiT)',
    operators: set.byName,
    graphs,
    ids: rows.map((r) => `pit:${r[t.col('row_in_file')]}`),
    // approx_block_weights_M: attention and MLP weight matrices only, computed by the data preparation.
    columns: { params_est: col('approx_block_weights_M') },
    tasks: PIT_TASKS.map(([name, column, description]) => ({ name, description, labels: col(column) })),
  };
}

export const EXTRA_LOADERS = {
  tnb101macro: loadTnb101Macro,
  nbmr: loadNbmr,
  vitpit: loadVitPit,
} as const;
