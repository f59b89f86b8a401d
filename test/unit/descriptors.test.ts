import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analysis';
import {
  architectureSizes, cachedDescriptor, describeOperator, estimateDescriptor, graphCost, NODE_FEATURES, sizeReference, zSize,
  type OpDescriptor,
} from '../../src/core/descriptors';
import { dartsSpace, nb101Space, nb201Space } from '../../src/core/spaces';
import type { Nb201Cell, OpGraph } from '../../src/core/types';

const of = (space: { operator(n: string): { description: string } | undefined }) => (op: string): OpDescriptor =>
  cachedDescriptor(space.operator(op)!.description).descriptor;

const nb201 = (s: string): Nb201Cell => ({ kind: 'nb201', ops: s.split('|') });

test('descriptors: NB201 cell by hand (live paths, params and FLOPs shares)', () => {
  // Edges (0>1) conv3x3, (0>2) none, (1>2) skip, (0>3) avg pool, (1>3) conv1x1, (2>3) none.
  const g = nb201Space.toGraphs(nb201('nor_conv_3x3|none|skip_connect|avg_pool_3x3|nor_conv_1x1|none'))[0];
  const c = graphCost(g, of(nb201Space));
  const F = NODE_FEATURES;
  const row = (v: number) => Array.from(c.nodes.subarray(v * F, (v + 1) * F)).map((x) => Math.round(x * 1e4) / 1e4);
  // Nominal width 32: conv3x3 9·32² = 9216 weights, conv1x1 1024; avg pool 9·32 = 288 FLOPs; skip and none nothing.
  assert.equal(c.params, 9216 + 1024);
  assert.equal(c.liveParams, 9216 + 1024);
  assert.equal(c.flops, 9216 + 1024 + 288);
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  // Node 1 = (0>1) conv3x3: parametric, kernel 3, live (0>1>3 via conv1x1 reaches the output), 90 % of live params.
  assert.deepEqual(row(1), [1, 0, 0, 0, 0, r(Math.log2(3) / 3), 0, 0, 0, 1, 0.9, r(9216 / 10528), 0, r(Math.log2(3) / 4)]);
  // Node 3 = (1>2) skip: identity, dead (its only way out is the none on (2>3)).
  assert.deepEqual(row(3), [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  // Node 2 = (0>2) none: a zero op is never live.
  assert.equal(row(2)[2], 1);
  assert.equal(row(2)[9], 0);
  // Node 4 = (0>3) avg pool: pooling, live, no params, its FLOPs share.
  assert.deepEqual(row(4), [0, 0, 0, 1, 0, r(Math.log2(3) / 3), 0, 0, 0, 1, 0, r(288 / 10528), 0, r(Math.log2(3) / 4)]);
});

test('descriptors: degenerate NB201 cells have no live params', () => {
  for (const s of ['skip_connect|skip_connect|skip_connect|skip_connect|skip_connect|skip_connect', 'avg_pool_3x3|avg_pool_3x3|avg_pool_3x3|avg_pool_3x3|avg_pool_3x3|avg_pool_3x3', 'none|none|none|none|none|none']) {
    assert.equal(graphCost(nb201Space.toGraphs(nb201(s))[0], of(nb201Space)).liveParams, 0, s);
  }
  // Convolutions on edges that never reach the output: params counted, live params 0.
  const dead = graphCost(nb201Space.toGraphs(nb201('nor_conv_3x3|nor_conv_3x3|nor_conv_3x3|none|none|none'))[0], of(nb201Space));
  assert.equal(dead.params, 3 * 9216);
  assert.equal(dead.liveParams, 0);
});

test('descriptors: DARTS operators use the cost model values (sep conv applied twice, dil conv depthwise)', () => {
  const sep = describeOperator('Depthwise separable convolution 3 by 3');
  assert.equal(sep.source, 'declared');
  assert.deepEqual([sep.descriptor.dense, sep.descriptor.depthwise, sep.descriptor.kernel], [2, 18, 3]);
  const dil = describeOperator('Dilated convolution 5 by 5').descriptor;
  assert.deepEqual([dil.dense, dil.depthwise, dil.dilation, dil.kernel], [1, 25, 2, 5]);
  const pairs = (op: string): Array<[string, number]> => [[op, 0], [op, 1], [op, 0], [op, 1], [op, 0], [op, 1], [op, 0], [op, 1]];
  const cell = { kind: 'darts' as const, normal: pairs('sep_conv_3x3'), normalConcat: [2, 3, 4, 5], reduce: pairs('max_pool_3x3'), reduceConcat: [2, 3, 4, 5] };
  const [normal, reduce] = dartsSpace.toGraphs(cell).map((g) => graphCost(g, of(dartsSpace)));
  assert.equal(normal.liveParams, 8 * (2 * 32 * 32 + 18 * 32));
  assert.equal(reduce.liveParams, 0);
  // Exact network size from the space's cost model replaces the estimate in the size inputs.
  const cost = dartsSpace.cost(cell)!;
  const [size] = architectureSizes([dartsSpace.toGraphs(cell)], (op) => dartsSpace.operator(op)?.description, undefined, [{ params: cost.params_M, flops: cost.flops_M }]);
  assert.equal(size[0], Math.log(cost.params_M));
  assert.equal(size[2], Math.log1p(8 * (2 * 32 * 32 + 18 * 32)));
});

test('descriptors: NB101 module by hand', () => {
  const cell = { kind: 'nb101' as const, matrix: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output'] };
  const c = graphCost(nb101Space.toGraphs(cell)[0], of(nb101Space));
  assert.equal(c.liveParams, 9216);
  assert.equal(c.flops, 9216 + 9 * 32);
});

test('descriptors: the other spaces\' sentences (chains, MBConv, blocks, attention, graph layers)', () => {
  const mb = estimateDescriptor('MobileNetV2 inverted residual block: 1 by 1 expansion by 6, depthwise convolution 5 by 5 with stride 2, 1 by 1 projection').descriptor;
  assert.deepEqual([mb.parametric, mb.kernel, mb.stride, mb.dense, mb.depthwise], [true, 5, 2, 12, 150]);
  const block = estimateDescriptor('Residual basic block: two convolutions 3 by 3 with stride 2, channels doubled, Batchnorm, ReLU, residual add').descriptor;
  assert.deepEqual([block.dense, block.stride, block.channelRatio, block.identity], [18, 2, 2, false]);
  const mr = estimateDescriptor('Residual basic blocks: 4 x two convolutions 3 by 3 with 64 filters, Batchnorm, ReLU, residual add at 1/8 resolution').descriptor;
  assert.deepEqual([mr.dense, mr.filters, mr.resolution], [72, 64, 1 / 8]);
  const att = estimateDescriptor('Multi-head self-attention with 4 heads').descriptor;
  assert.deepEqual([att.attention, att.parametric, att.dense], [true, true, 4]);
  const mlp = estimateDescriptor('Transformer MLP with expansion by 4').descriptor;
  assert.equal(mlp.dense, 8);
  assert.equal(estimateDescriptor('Graph convolution layer').descriptor.parametric, true);
  assert.equal(estimateDescriptor('Residual connection').descriptor.identity, true);
  assert.equal(estimateDescriptor('None').descriptor.zero, true);
  const pool = estimateDescriptor('Max pooling 3 by 3 with stride 2').descriptor;
  assert.deepEqual([pool.pooling, pool.parametric, pool.kernel, pool.stride], [true, false, 3, 2]);
  // A chain: widths and resolutions follow stride and channel ratio.
  const chain: OpGraph = { ops: ['input', 'a', 'b', 'output'], adj: [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]] };
  const d = (op: string) => ({ a: block, b: estimateDescriptor('Convolution 3 by 3').descriptor } as Record<string, OpDescriptor>)[op] ?? estimateDescriptor('Input').descriptor;
  const c = graphCost(chain, d);
  // a: 18 · 32 · 64 weights at resolution 1/2 → FLOPs /4; b: 9 · 64 · 64 at 1/2.
  assert.equal(c.params, 18 * 32 * 64 + 9 * 64 * 64);
  assert.equal(c.flops, (18 * 32 * 64 + 9 * 64 * 64) / 4);
});

test('descriptors: an operator described only by a sentence gets estimated values, marked as estimated', () => {
  const d = describeOperator('Depthwise separable convolution 7 by 7');
  assert.equal(d.descriptor.kernel, 7);
  assert.equal(d.descriptor.parametric, true);
  assert.ok(d.descriptor.depthwise > 0);
  assert.equal(d.source, 'declared', 'the DARTS-family 7x7 separable conv is declared by the vocabulary');
  const ghost = describeOperator('Ghost module: cheap linear operations 3 by 3 after a primary convolution 1 by 1');
  assert.equal(ghost.source, 'sentence');
  assert.equal(ghost.descriptor.kernel, 3);
  assert.equal(ghost.descriptor.parametric, true);
  const vague = describeOperator('Some learned mixing layer');
  assert.equal(vague.source, 'sentence');
  assert.ok(vague.assumed.includes('family'));
  const dil = estimateDescriptor('Atrous convolution 3 by 3 with dilation 4').descriptor;
  assert.equal(dil.dilation, 4);
  const e = estimateDescriptor('Inverted residual with expansion 3 and kernel 5 by 5').descriptor;
  assert.deepEqual([e.kernel, e.dense], [5, 6]);
});

test('descriptors: an explicit .arch declaration overrides the sentence estimate', () => {
  const text = [
    'op ghost3 "Ghost module 3 by 3" kind=conv params=2 kernel=5 stride=2',
    'space g { topology: nb201; ops: [none, skip_connect, ghost3] }',
    'cell a in g = |ghost3~0|+|ghost3~0|ghost3~1|+|skip_connect~0|ghost3~1|ghost3~2|',
  ].join('\n');
  const analysis = analyzeDocument('x.arch', text);
  assert.deepEqual(analysis.diagnostics.filter((x) => x.severity === 'error'), []);
  const space = analysis.cells[0].space;
  const op = space.operators.find((o) => o.name === 'ghost3')!;
  assert.deepEqual(op.descriptor, { kernel: 5, stride: 2, dense: 2, depthwise: 0, parametric: true, identity: false, zero: false, pooling: false });
  const est = describeOperator(op.description);
  const dec = describeOperator(op.description, op.descriptor);
  assert.equal(est.descriptor.kernel, 3);
  assert.equal(dec.descriptor.kernel, 5);
  assert.equal(dec.descriptor.dense, 2);
  assert.equal(dec.source, 'declared');
  const bad = analyzeDocument('y.arch', 'op g "Ghost" kernel=0');
  assert.ok(bad.diagnostics.some((x) => x.code === 'op-cost' && x.range.line === 1), 'kernel=0 is refused with its line');
});

test('descriptors: size inputs are z-scores against the reference sample, clipped', () => {
  const ref = sizeReference([[0, 0, 0], [2, 2, 2]]);
  assert.deepEqual(Array.from(zSize([1, 3, 100], ref)), [0, 2, 5]);
});
