/** Loaders added 2026-11-30: NB201 / TNB101 extra tasks, TransNAS-Bench-101 macro, NAS-Bench-MR, ViT-Bench-101 PiT. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOADERS, OperatorSet, parseDataSpec, type LabelledSpace } from '../../src/core/data';
import { nbmrGraph, pitGraph, tnb101MacroCost } from '../../src/core/data/loaders-extra';
import { tnb101CellFrom9xNames } from '../../src/core/data/extra-tasks';
import { dataDir, NO_DATA_MESSAGE } from '../../src/core/paths';
import { spearman } from '../../src/core/metrics';
import type { OpGraph } from '../../src/core/types';

const data = dataDir();
const skip = data ? false : NO_DATA_MESSAGE;
const cache = new Map<string, LabelledSpace>();
const load = (id: string): LabelledSpace => {
  if (!cache.has(id)) cache.set(id, LOADERS.find((l) => l.id === id)!.load(data!));
  return cache.get(id)!;
};
const finite = (v: Float64Array) => v.filter((x) => Number.isFinite(x)).length;
const task = (s: LabelledSpace, name: string) => s.tasks.find((t) => t.name === name)!;

/** Topological order with the input first and the output last, every other node on an input-output path. */
function checkDag(g: OpGraph, what: string): void {
  const n = g.ops.length;
  assert.equal(g.adj.length, n, what);
  assert.equal(g.ops[0], 'input', what);
  assert.equal(g.ops[n - 1], 'output', what);
  for (let i = 0; i < n; i++) {
    assert.equal(g.adj[i].length, n, what);
    for (let j = 0; j <= i; j++) assert.equal(g.adj[i][j], 0, `${what}: edge ${i}->${j} goes backwards`);
    if (i > 0) assert.ok(g.adj.some((r) => r[i] === 1), `${what}: node ${i} has no input`);
    if (i < n - 1) assert.ok(g.adj[i].some((x) => x === 1), `${what}: node ${i} has no successor`);
  }
}

test('new spaces are registered and have aliases', () => {
  const ids = LOADERS.map((l) => l.id);
  assert.deepEqual(ids.slice(-3), ['tnb101macro', 'nbmr', 'vitpit']);
  assert.deepEqual(parseDataSpec('tnb101-macro,nas-bench-mr,pit').map((s) => s.space), ['tnb101macro', 'nbmr', 'vitpit']);
});

test('graph builders: hand-checked small cases', () => {
  const set = new OperatorSet();
  // NAS-Bench-MR: module 0 one branch, module 1 two branches.
  const g = nbmrGraph([[1, [1], [16]], [2, [2, 1], [16, 32]]], set);
  assert.deepEqual(g.ops, ['input', 'mr-branch-b1-f16-r4', 'mr-fusion', 'mr-branch-b2-f16-r4', 'mr-branch-b1-f32-r8', 'mr-fusion', 'output']);
  const edges = g.adj.flatMap((r, i) => r.flatMap((x, j) => (x ? [`${i}>${j}`] : [])));
  assert.deepEqual(edges, ['0>1', '1>2', '2>3', '2>4', '3>5', '4>5', '5>6']);
  assert.equal(set.byName.get('mr-branch-b1-f32-r8')!.description,
    'Residual basic blocks: 1 x two convolutions 3 by 3 with 32 filters, Batchnorm, ReLU, residual add at 1/8 resolution');
  // PiT: 2 stages, heads 2 -> 4 (pooling doubles the channels).
  const p = pitGraph({ depths: [1, 2], heads: [2, 4], mlpRatio: 4 }, set);
  assert.deepEqual(p.ops, ['input', 'patch-embed-k16-s8', 'mhsa-h2', 'tmlp-e4', 'pit-pool-c2', 'mhsa-h4', 'tmlp-e4', 'mhsa-h4', 'tmlp-e4', 'output']);
  assert.equal(set.byName.get('pit-pool-c2')!.description, 'PiT pooling: depthwise convolution 3 by 3 with stride 2, channels doubled');
  assert.equal(set.byName.get('mhsa-h4')!.description, 'Multi-head self-attention with 4 heads');
  assert.equal(set.byName.get('tmlp-e4')!.description, 'Transformer MLP with expansion by 4');
  // TNB101 macro (1,1,1,1,1,4): five 64->64 blocks, then 64->128 strided with a projection.
  const c = tnb101MacroCost([1, 1, 1, 1, 1, 4]);
  assert.equal(c.params, 5 * 2 * 9 * 64 * 64 + (9 * 64 * 128 + 9 * 128 * 128 + 64 * 128));
  assert.equal(c.flops, 5 * 2 * 9 * 64 * 64 + (9 * 64 * 128 + 9 * 128 * 128 + 64 * 128) / 4);
  // 9x names are in NASLib edge order: (0>3) moves to arch-string position 3.
  assert.deepEqual(tnb101CellFrom9xNames(['conv3x3', 'none', 'conv1x1', 'skip_connect', 'none', 'none']).ops,
    ['nor_conv_3x3', 'none', 'skip_connect', 'nor_conv_1x1', 'none', 'none']);
});

test('NAS-Bench-201 extra tasks: validation, 9x and Spherical CIFAR-100 labels', { skip }, () => {
  const s = load('nb201');
  assert.equal(s.graphs.length, 15625);
  assert.deepEqual(s.tasks.map((t) => t.name), ['c10', 'c100', 'in16', 'c10_valid', 'c100_valid', 'in16_valid', 'svhn', 'ninapro', 'scifar100_9x', 'scifar100']);
  const counts = Object.fromEntries(s.tasks.map((t) => [t.name, finite(t.labels)]));
  assert.deepEqual(counts, { c10: 15625, c100: 15625, in16: 15625, c10_valid: 15625, c100_valid: 15625, in16_valid: 15625, svhn: 199, ninapro: 199, scifar100_9x: 199, scifar100: 999 });
  // PROVENANCE.md: Spearman(c100 valid, c100 test) 0.994; row 0 of both files is index 0.
  assert.ok(spearman(task(s, 'c100_valid').labels, task(s, 'c100').labels) > 0.99);
  assert.equal(task(s, 'c100_valid').labels[0], 53.6799999878);
  // Few-Cost-Proxy vs 9x on their shared cells: 0.88 (PROVENANCE.md), 10 cells.
  const a = task(s, 'scifar100').labels;
  const b = task(s, 'scifar100_9x').labels;
  const both = [...a.keys()].filter((i) => Number.isFinite(a[i]) && Number.isFinite(b[i]));
  assert.equal(both.length, 10);
  assert.ok(Math.abs(spearman(both.map((i) => a[i]), both.map((i) => b[i])) - 0.88) < 0.01);
  // PROVENANCE.md: Spearman(svhn, params) 0.76 with the 9x file's own params proxy.
  assert.ok(Math.abs(spearman(task(s, 'svhn').labels, s.columns!['params:svhn']) - 0.76) < 0.01);
  assert.ok(s.columns!['params:c10_valid'] && s.columns!['params:scifar100']);
});

test('TransNAS-Bench-101 micro extra tasks: 9x join and decoding checks', { skip }, () => {
  const s = load('tnb101');
  assert.equal(s.graphs.length, 4096);
  assert.deepEqual(s.tasks.slice(7).map((t) => t.name), ['svhn', 'ninapro', 'scifar100']);
  for (const name of ['svhn', 'ninapro', 'scifar100']) {
    assert.equal(finite(task(s, name).labels), 192, name);
    // Op identity: NASLib's params proxy of the 9x networks vs the count-based estimate of the joined cells.
    const rho = spearman(s.columns![`params:${name}`], s.columns!.params_est);
    assert.ok(rho > 0.95, `${name}: params vs params_est ${rho}`);
    // Edge order: exactly the cells whose output is unreachable are at the task's minimum (chance).
    const labels = task(s, name).labels;
    const min = Math.min(...labels.filter((x) => Number.isFinite(x)));
    for (let i = 0; i < labels.length; i++) {
      if (!Number.isFinite(labels[i])) continue;
      const ops = s.graphs[i][0].ops.slice(1, 7);
      const reach = new Set([0]);
      [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]].forEach(([u, v], k) => {
        if (ops[k] !== 'none' && reach.has(u)) reach.add(v);
      });
      assert.equal(!reach.has(3), labels[i] < min + 0.01, `${name} row ${i}: reachable ${reach.has(3)}, label ${labels[i]}`);
    }
  }
});

test('TransNAS-Bench-101 macro: 3,256 skeletons, 7 tasks, chain of basic blocks', { skip }, () => {
  const s = load('tnb101macro');
  assert.equal(s.graphs.length, 3256);
  assert.deepEqual(s.tasks.map((t) => t.name), ['autoencoder', 'class_object', 'class_scene', 'jigsaw', 'normal', 'room_layout', 'segmentsemantic']);
  for (const t of s.tasks) assert.equal(finite(t.labels), 3256, t.name);
  const i = s.ids!.indexOf('64-111114-basic');
  assert.deepEqual(s.graphs[i][0].ops, ['input', 'basic-s1-c1', 'basic-s1-c1', 'basic-s1-c1', 'basic-s1-c1', 'basic-s1-c1', 'basic-s2-c2', 'output']);
  assert.equal(s.operators.get('basic-s2-c2')!.description,
    'Residual basic block: two convolutions 3 by 3 with stride 2, channels doubled, Batchnorm, ReLU, residual add');
  assert.equal(s.operators.size, 6);
  assert.equal(s.columns!.params_est[i], tnb101MacroCost([1, 1, 1, 1, 1, 4]).params);
  // Fewer resolution halvings, more compute: the FLOPs estimate should follow class_scene (PROVENANCE: n_stride2 -0.56).
  assert.ok(spearman(s.columns!.flops_est, task(s, 'class_scene').labels) > 0.5);
});

test('NAS-Bench-MR: 2,507 multi-resolution networks, 8 tasks', { skip }, () => {
  const s = load('nbmr');
  assert.equal(s.graphs.length, 2507);
  assert.deepEqual(s.tasks.map((t) => t.name), ['cls_10c', 'cls_10_1000', 'cls_50_100', 'cls_50_1000', 'seg', 'seg_4x', 'video', 'video_p']);
  for (const t of s.tasks) assert.equal(finite(t.labels), 2507, t.name);
  // arch 1: modules [1,[1],[16]], [2,[1,1],[16,16]], [3,...], [4,...]: 1 + (2 + 3 + 4 + 5) + 1 nodes.
  const g = s.graphs[s.ids!.indexOf('1')][0];
  assert.equal(g.ops.length, 16);
  assert.equal(s.operators.get(g.ops[1])!.description,
    'Residual basic blocks: 1 x two convolutions 3 by 3 with 16 filters, Batchnorm, ReLU, residual add at 1/4 resolution');
  assert.equal(s.operators.get('mr-fusion')!.description,
    'Multi-resolution fusion: strided convolutions 3 by 3 down, convolution 1 by 1 and upsampling up, summed');
  assert.equal(finite(s.columns!.params), 2507);
  // PROVENANCE.md: Spearman(cls-50-1000, params) 0.55.
  assert.ok(Math.abs(spearman(task(s, 'cls_50_1000').labels, s.columns!.params) - 0.55) < 0.01);
});

test('ViT-Bench-101 PiT: 100 networks, 6 tasks', { skip }, () => {
  const s = load('vitpit');
  assert.equal(s.graphs.length, 100);
  assert.deepEqual(s.tasks.map((t) => t.name), ['c100_kd', 'flower_kd', 'chaoyang_kd', 'c100_base', 'flower_base', 'chaoyang_base']);
  for (const t of s.tasks) assert.equal(finite(t.labels), 100, t.name);
  // Row 0: base_dim 16, depths 2 8 4, heads 2 4 4, mlp_ratio 6: 1 + 1 + 2·14 + 2 + 1 nodes.
  const g = s.graphs[s.ids!.indexOf('pit:0')][0];
  assert.equal(g.ops.length, 33);
  assert.deepEqual(g.ops.slice(0, 7), ['input', 'patch-embed-k16-s8', 'mhsa-h2', 'tmlp-e6', 'mhsa-h2', 'tmlp-e6', 'pit-pool-c2']);
  assert.equal(g.ops[23], 'pit-pool-c1');
  assert.equal(s.operators.get('pit-pool-c1')!.description, 'PiT pooling: depthwise convolution 3 by 3 with stride 2');
  // PROVENANCE.md: Spearman(c100_kd, approx_block_weights_M) 0.95 on the PiT rows.
  assert.ok(Math.abs(spearman(task(s, 'c100_kd').labels, s.columns!.params_est) - 0.95) < 0.01);
});

test('every graph of the new spaces is a DAG in topological order, input first, output last; operators described', { skip }, () => {
  for (const id of ['tnb101macro', 'nbmr', 'vitpit']) {
    const s = load(id);
    for (const t of s.tasks) assert.equal(t.labels.length, s.graphs.length);
    s.graphs.forEach(([g], i) => {
      checkDag(g, `${id} #${i}`);
      for (const op of g.ops) assert.ok(s.operators.has(op), `${id}: '${op}' undescribed`);
    });
    for (const op of s.operators.values()) assert.ok(['io', 'conv', 'pool', 'other'].includes(op.kind), `${id}: ${op.name}`);
  }
});
