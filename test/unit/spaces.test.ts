import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/random';
import type { DartsCell, DartsPairs, Nb101Cell, Nb201Cell, GraphCell } from '../../src/core/types';
import {
  CustomSpaceError, checkLimits, createCustomSpace, dartsCellDepth, dartsNetworkCost, dartsSpace, getSpace, graphSpace, listSpaces,
  nb101Space, nb201Space, tnb101MicroSpace,
} from '../../src/core/spaces/index';
import type { SearchSpace } from '../../src/core/spaces/index';

const nb201 = (s: string): Nb201Cell => ({ kind: 'nb201', ops: s.split('|') });

// DARTS-V2 (Liu et al. 2019), as in the DARTS repository's genotypes.py.
const V2: DartsCell = {
  kind: 'darts',
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
  normalConcat: [2, 3, 4, 5],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
  reduceConcat: [2, 3, 4, 5],
};

function zeros(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0));
}

test('registry lists the built-in spaces', () => {
  assert.deepEqual(listSpaces().map((s) => s.id), ['nb201', 'tnb101-micro', 'darts', 'nb101', 'tnb101-macro', 'nbmr', 'graph']);
  assert.equal(getSpace('darts'), dartsSpace);
  assert.equal(getSpace('nope'), undefined);
  for (const s of listSpaces()) {
    assert.ok(s.operators.length > 0);
    for (const o of s.operators) assert.ok(o.description.length > 0, `${s.id}/${o.name} has a sentence`);
    assert.equal(s.operator('input')?.description, 'Input');
  }
});

test('NB201 toGraphs follows tgnas-method §2 (hand-written adjacency)', () => {
  const cell = nb201('nor_conv_3x3|none|skip_connect|avg_pool_3x3|nor_conv_1x1|none');
  const [g] = nb201Space.toGraphs(cell);
  assert.deepEqual(g.ops, ['input', 'nor_conv_3x3', 'none', 'skip_connect', 'avg_pool_3x3', 'nor_conv_1x1', 'none', 'output']);
  const A = zeros(8);
  for (const [i, j] of [[0, 1], [0, 2], [1, 3], [0, 4], [1, 5], [2, 6], [3, 6], [4, 7], [5, 7], [6, 7]]) A[i][j] = 1;
  assert.deepEqual(g.adj, A);
});

test('NB201 validate, key, isValid, withoutUnreachable', () => {
  assert.deepEqual(nb201Space.validate(nb201('none|none|none|none|none|none')), []);
  assert.equal(nb201Space.validate(nb201('none|none|conv|none|none|none')).length, 1);
  assert.equal(nb201Space.validate(nb201('none|none|none')).length, 1);
  assert.equal(nb201Space.validate(V2).length, 1);
  const c = nb201('avg_pool_3x3|nor_conv_1x1|skip_connect|nor_conv_1x1|skip_connect|skip_connect');
  assert.equal(nb201Space.key(c), '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
  assert.equal(nb201Space.isValid(c), true);
  // Node 1 has no outgoing non-none edge: the conv into it is dead.
  const dead = nb201('nor_conv_3x3|skip_connect|none|nor_conv_1x1|none|skip_connect');
  assert.equal(nb201Space.isValid(dead), false);
  assert.deepEqual(nb201Space.withoutUnreachable(dead).ops, ['none', 'skip_connect', 'none', 'nor_conv_1x1', 'none', 'skip_connect']);
  // Node 2 receives nothing, so its outgoing op is dead; cascades to nothing else.
  const cut = nb201('skip_connect|none|none|nor_conv_3x3|skip_connect|avg_pool_3x3');
  assert.deepEqual(nb201Space.withoutUnreachable(cut).ops, ['skip_connect', 'none', 'none', 'nor_conv_3x3', 'skip_connect', 'none']);
});

test('NB201 cost: skeleton formula (first benchmark cell, all three datasets)', () => {
  const c = nb201('avg_pool_3x3|nor_conv_1x1|skip_connect|nor_conv_1x1|skip_connect|skip_connect');
  // Values of the shared csv row 0 (params_M_c10, flops_M_c10, ..._c100, ..._in16): NASLib's FLOPs.
  assert.deepEqual(nb201Space.cost(c, 'cifar10', 'naslib'), { params_M: 0.129306, flops_M: 17.958592 });
  assert.deepEqual(nb201Space.cost(c, 'cifar100', 'naslib'), { params_M: 0.135156, flops_M: 17.964352 });
  assert.deepEqual(nb201Space.cost(c, 'ImageNet16-120', 'naslib'), { params_M: 0.136456, flops_M: 4.497472 });
  // Shown by default: the NB201 API's count (conv + linear); params do not depend on the convention.
  assert.deepEqual(nb201Space.cost(c, 'cifar10'), { params_M: 0.129306, flops_M: 15.64737 });
  assert.throws(() => nb201Space.cost(c, 'mnist'));
  assert.equal(tnb101MicroSpace.cost(nb201('none|none|none|none|none|none')), undefined);
});

test('enumerate: sizes and uniqueness', () => {
  const keys = new Set([...nb201Space.enumerate!()].map((c) => nb201Space.key(c)));
  assert.equal(keys.size, 15625);
  assert.equal(nb201Space.size, 15625);
  const t = [...tnb101MicroSpace.enumerate!()];
  assert.equal(t.length, 4096);
  assert.equal(new Set(t.map((c) => tnb101MicroSpace.key(c))).size, 4096);
  assert.ok(t.every((c) => tnb101MicroSpace.validate(c).length === 0));
  assert.equal(nb201Space.indexOf(nb201Space.cellAt(1234)), 1234);
  assert.equal(dartsSpace.size, 1037664180n * 1037664180n);
});

test('sample is deterministic per seed and valid', () => {
  for (const space of listSpaces()) {
    const a = Array.from({ length: 20 }, ((r) => () => space.sample(r))(createRng(7)));
    const b = Array.from({ length: 20 }, ((r) => () => space.sample(r))(createRng(7)));
    const c = Array.from({ length: 20 }, ((r) => () => space.sample(r))(createRng(8)));
    assert.deepEqual(a, b, space.id);
    assert.notDeepEqual(a, c, space.id);
    for (const cell of a) assert.deepEqual(space.validate(cell), [], space.id);
  }
});

test('neighbours are valid, distinct and differ from the cell; mutate picks one', () => {
  const rng = createRng(3);
  for (const space of listSpaces()) {
    for (let i = 0; i < 5; i++) {
      const cell = space.sample(rng);
      const ns = space.neighbours(cell);
      assert.ok(ns.length > 0, space.id);
      const keys = ns.map((n) => space.key(n));
      assert.equal(new Set(keys).size, keys.length, `${space.id}: distinct`);
      assert.ok(!keys.includes(space.key(cell)), `${space.id}: excludes the cell`);
      for (const n of ns) assert.deepEqual(space.validate(n), [], space.id);
      assert.ok(keys.includes(space.key(space.mutate(cell, rng))));
    }
  }
  assert.equal(nb201Space.neighbours(nb201('none|none|none|none|none|none')).length, 24);
});

test('DARTS toGraphs: 11 nodes per cell, hand-written adjacency, two graphs', () => {
  const [normal, reduce] = dartsSpace.toGraphs(V2);
  assert.deepEqual(normal.ops, ['input', 'input', 'sep_conv_3x3', 'sep_conv_3x3', 'sep_conv_3x3', 'sep_conv_3x3', 'sep_conv_3x3', 'skip_connect', 'skip_connect', 'dil_conv_3x3', 'output']);
  const A = zeros(11);
  for (const [i, j] of [[0, 2], [1, 3], [0, 4], [1, 5], [1, 6], [0, 7], [0, 8], [2, 9], [3, 9]]) A[i][j] = 1;
  for (let i = 2; i <= 9; i++) A[i][10] = 1;
  assert.deepEqual(normal.adj, A);
  assert.equal(reduce.ops.length, 11);
  // Reduce pairs 3 and 6/7 read node 2 (pair-nodes 2 and 3).
  assert.equal(reduce.adj[2][4], 1);
  assert.equal(reduce.adj[3][4], 1);
  // Changing only the reduce cell changes only the second graph.
  const other: DartsCell = { ...V2, reduce: V2.reduce.map(([op, s]) => [op === 'max_pool_3x3' ? 'avg_pool_3x3' : op, s]) as DartsPairs };
  const [n2, r2] = dartsSpace.toGraphs(other);
  assert.deepEqual(n2, normal);
  assert.notDeepEqual(r2, reduce);
});

test('DARTS validate, canonical key (pair order, node relabelling, concat)', () => {
  assert.deepEqual(dartsSpace.validate(V2), []);
  const bad: DartsCell = { ...V2, normal: [...V2.normal.slice(0, 7), ['sep_conv_9x9', 5]] };
  assert.equal(dartsSpace.validate(bad).length, 2);
  assert.equal(dartsSpace.validate({ ...V2, reduce: V2.reduce.slice(0, 6) }).length, 1);
  const swapped: DartsCell = { ...V2, normal: V2.normal.map((_, i) => V2.normal[i ^ 1]), normalConcat: [5, 4, 3, 2, 2] };
  assert.equal(dartsSpace.key(swapped), dartsSpace.key(V2));
  assert.deepEqual(dartsSpace.canonical(swapped), dartsSpace.canonical(V2));
  // Nodes 2 and 3 of the normal cell are independent: swapping them is the same cell.
  const n = V2.normal;
  const relabelled: DartsCell = { ...V2, normal: [n[2], n[3], n[0], n[1], n[4], n[5], n[6], ['dil_conv_3x3', 3]] };
  assert.equal(dartsSpace.key(relabelled), dartsSpace.key(V2));
  const different: DartsCell = { ...V2, normal: [...n.slice(0, 7), ['dil_conv_5x5', 2]] };
  assert.notEqual(dartsSpace.key(different), dartsSpace.key(V2));
  // DARTS-V2 normal: node 5 reads node 2 (depth 1) through dil_conv_3x3 -> depth 2.
  assert.equal(dartsCellDepth(V2.normal), 2);
  assert.equal(dartsCellDepth(V2.reduce), 2);
});

test('DARTS cost: DARTS-V2 reproduces the DARTS repository figures', () => {
  // DARTS's train.py / train_imagenet.py print "param size = 3.349342MB" / "4.718752MB" for DARTS_V2.
  assert.equal(dartsSpace.cost(V2)!.params_M, 3.349342);
  const im = dartsNetworkCost(V2, { dataset: 'imagenet' })!;
  assert.equal(im.params_M, 4.718752);
  assert.ok(Math.abs(im.params_M / 4.7 - 1) < 0.03);
  assert.ok(Math.abs(im.flops_M / 574 - 1) < 0.06, `mult-adds ${im.flops_M}`);
  assert.ok(dartsNetworkCost(V2, { dataset: 'imagenet', convention: 'mult-adds' })!.flops_M < im.flops_M);
});

test('DARTS edges: 14 slots per cell type with all 8 ops; cellFromEdges inverts', () => {
  const slots = dartsSpace.edges!();
  assert.equal(slots.length, 28);
  assert.ok(slots.every((s) => s.ops.length === 8 && s.ops.includes('none') && s.from < s.to));
  const choice = slots.map((s) => {
    const half = s.cellType === 'normal' ? V2.normal : V2.reduce;
    const pair = half.slice(2 * (s.to - 2), 2 * (s.to - 2) + 2).find(([, src]) => src === s.from);
    return pair ? pair[0] : 'none';
  });
  assert.equal(dartsSpace.key(dartsSpace.cellFromEdges!(choice)), dartsSpace.key(V2));
  assert.throws(() => dartsSpace.cellFromEdges!(slots.map(() => 'none')));
  const e = nb201Space.edges!();
  assert.equal(e.length, 6);
  assert.deepEqual(e.map((s) => [s.from, s.to]), [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]]);
  assert.deepEqual(nb201Space.cellFromEdges!(e.map((s) => s.ops[3])).ops, new Array(6).fill('nor_conv_3x3'));
  assert.equal((nb101Space as SearchSpace).edges, undefined);
});

test('NB101: validation bounds, pruning, isomorphism-invariant key', () => {
  const cell: Nb101Cell = {
    kind: 'nb101',
    matrix: [
      [0, 1, 1, 0, 0],
      [0, 0, 0, 1, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
    ],
    ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'conv1x1-bn-relu', 'output'],
  };
  assert.deepEqual(nb101Space.validate(cell), []);
  // Same graph with vertices 1..3 permuted (1->3, 3->2, 2->1 relabelling kept topological).
  const perm: Nb101Cell = {
    kind: 'nb101',
    matrix: [
      [0, 1, 1, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 1, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
    ],
    ops: ['input', 'maxpool3x3', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'],
  };
  assert.equal(nb101Space.key(perm), nb101Space.key(cell));
  assert.deepEqual(nb101Space.canonical(perm), nb101Space.canonical(cell));
  // A dangling vertex is pruned away: same module.
  const dangling: Nb101Cell = {
    kind: 'nb101',
    matrix: [
      [0, 1, 1, 0, 1, 0],
      [0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ],
    ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'conv1x1-bn-relu', 'conv3x3-bn-relu', 'output'],
  };
  assert.equal(nb101Space.key(dangling), nb101Space.key(cell));
  assert.deepEqual(nb101Space.toGraphs(dangling), [{ ops: cell.ops, adj: cell.matrix }]);
  assert.deepEqual(nb101Space.cost(dangling), nb101Space.cost(cell));
  const other = { ...cell, ops: ['input', 'conv1x1-bn-relu', 'maxpool3x3', 'conv1x1-bn-relu', 'output'] };
  assert.notEqual(nb101Space.key(other), nb101Space.key(cell));
  // Bounds: lower-triangular edge, disconnected output, 8 vertices, 10 edges.
  assert.ok(nb101Space.validate({ ...cell, matrix: cell.matrix.map((r, i) => r.map((x, j) => (i === 3 && j === 1 ? 1 : x))) }).length > 0);
  assert.deepEqual(nb101Space.validate({ ...cell, matrix: zeros(5) }), ['no path from input to output']);
  const full = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j > i ? 1 : 0)));
  assert.ok(nb101Space.validate({ kind: 'nb101', matrix: full(8), ops: ['input', ...new Array(6).fill('maxpool3x3'), 'output'] }).length > 0);
  assert.ok(nb101Space.validate({ kind: 'nb101', matrix: full(6), ops: ['input', ...new Array(4).fill('maxpool3x3'), 'output'] })[0].includes('edges'));
});

test('graph space: scored as given, topological order, cycles rejected', () => {
  const g: GraphCell = { kind: 'graph', ops: ['input', 'sep_conv_3x3', 'nor_conv_1x1', 'output'], edges: [[0, 2], [2, 1], [1, 3]] };
  assert.deepEqual(graphSpace.validate(g), []);
  const [og] = graphSpace.toGraphs(g);
  assert.deepEqual(og.ops, ['input', 'nor_conv_1x1', 'sep_conv_3x3', 'output']);
  assert.deepEqual(og.adj, [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]]);
  assert.equal(graphSpace.key(g), graphSpace.key(graphSpace.canonical(g)));
  assert.ok(graphSpace.cost(g)!.params_M > 0);
  assert.deepEqual(graphSpace.validate({ ...g, edges: [[0, 1], [1, 2], [2, 1], [2, 3]] }), ['the graph has a cycle']);
  assert.ok(graphSpace.validate({ ...g, ops: ['input', 'warp_drive', 'nor_conv_1x1', 'output'] })[0].includes('warp_drive'));
});

test('custom space with a new operator: validate, sample, toGraphs, cost hints, limits', () => {
  const space = createCustomSpace({
    id: 'mine',
    topology: 'nb201',
    operators: ['none', 'nor_conv_3x3', { name: 'gelu_conv_3x3', description: 'Convolution 3 by 3 with GELU' }],
    maxParamsM: 0.5,
  });
  assert.equal(space.size, 729);
  assert.equal(space.operator('gelu_conv_3x3')?.description, 'Convolution 3 by 3 with GELU');
  assert.equal(space.operator('nor_conv_3x3')?.description, 'Convolution 3 by 3');
  const cell = nb201('gelu_conv_3x3|none|nor_conv_3x3|none|none|gelu_conv_3x3');
  assert.deepEqual(space.validate(cell), []);
  assert.equal(space.validate(nb201('avg_pool_3x3|none|none|none|none|none')).length, 1);
  const s = space.sample(createRng(1));
  assert.deepEqual(space.validate(s), []);
  assert.equal(space.toGraphs(cell)[0].ops[1], 'gelu_conv_3x3');
  assert.equal(new Set([...space.enumerate!()].map((c) => space.key(c))).size, 729);
  assert.equal(space.cost(cell), undefined, 'new op without a cost hint');
  assert.deepEqual(checkLimits(space, cell), []);

  const hinted = createCustomSpace({
    id: 'hinted',
    topology: 'nb201',
    operators: ['none', 'nor_conv_3x3', { name: 'gelu_conv_3x3', description: 'Convolution 3 by 3 with GELU', cost: { like: 'nor_conv_3x3' } }],
    maxParamsM: 0.5,
  });
  const same = nb201('nor_conv_3x3|none|nor_conv_3x3|none|none|nor_conv_3x3');
  assert.deepEqual(hinted.cost(cell), nb201Space.cost(same));
  const big = nb201(new Array(6).fill('nor_conv_3x3').join('|'));
  assert.equal(checkLimits(hinted, big).length, 1);

  const darts = createCustomSpace({ id: 'd', topology: 'darts', operators: ['sep_conv_3x3', { name: 'shift', description: 'Spatial shift', cost: { perChannelSq: 0, perChannel: 0 } }] });
  assert.ok(darts.operators.some((o) => o.name === 'none'));
  const dc = darts.sample(createRng(4)) as DartsCell;
  assert.deepEqual(darts.validate(dc), []);
  assert.equal(darts.toGraphs(dc).length, 2);
  assert.ok(darts.cost(dc)!.params_M > 0);
  assert.equal(darts.edges!().length, 28);

  const n101 = createCustomSpace({ id: 'n', topology: 'nb101', operators: ['conv3x3-bn-relu', { name: 'ghost', description: 'Ghost module 3 by 3' }], maxNodes: 5, maxEdges: 6 });
  const nc = n101.sample(createRng(2)) as Nb101Cell;
  assert.deepEqual(n101.validate(nc), []);
  assert.ok(nc.ops.length <= 5);

  assert.throws(() => createCustomSpace({ id: 'x', topology: 'nb201', operators: ['warp'] }), CustomSpaceError);
  try {
    createCustomSpace({ id: 'x y', topology: 'darts', operators: ['none', 'none'], maxNodes: 3 });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof CustomSpaceError && e.problems.length === 4, String(e));
  }
});
