/** Training-data loaders, operator sentences and `--data` specs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOADERS, loadDataSpec, nbgraphGraph, parseDataSpec, subsetSpace, DataSpecError, convOp, maxPoolOp, mbconvOp, IDENTITY } from '../../src/core/data';
import { dataDir, NO_DATA_MESSAGE } from '../../src/core/paths';
import { builtinOperators } from '../../src/core/spaces/vocabulary';
import { nb201Space } from '../../src/core/spaces';
import { spearman } from '../../src/core/metrics';

test('data spec parser', () => {
  const all = LOADERS.map((l) => l.id);
  assert.deepEqual(parseDataSpec('all').map((s) => s.space), all);
  assert.deepEqual(parseDataSpec('all,-nb201').map((s) => s.space), all.filter((s) => s !== 'nb201'));
  assert.deepEqual(parseDataSpec('nb201:c10,nb101'), [{ space: 'nb101', tasks: undefined }, { space: 'nb201', tasks: ['c10'] }]);
  assert.deepEqual(parseDataSpec('nbgraph:cora+pubmed'), [{ space: 'nbgraph', tasks: ['cora', 'pubmed'] }]);
  assert.deepEqual(parseDataSpec('tnb101-micro').map((s) => s.space), ['tnb101']);
  assert.throws(() => parseDataSpec('darts'), /no labelled training data/);
  assert.throws(() => parseDataSpec('nb999'), (e: Error) => e instanceof DataSpecError && /known: all, nb101/.test(e.message));
  assert.throws(() => parseDataSpec('nb201,-nb201'), /selects no space/);
  assert.throws(() => parseDataSpec(''), DataSpecError);
});

test('operator sentences: equal operators, equal text across spaces', () => {
  const builtin = builtinOperators();
  assert.equal(IDENTITY.description, builtin.get('skip_connect')!.description);
  assert.equal(convOp({ kernel: 3 }).description, builtin.get('nor_conv_3x3')!.description);
  assert.equal(convOp({ kernel: 1 }).description, builtin.get('conv1x1-bn-relu')!.description);
  assert.equal(maxPoolOp(3, 2).description, 'Max pooling 3 by 3 with stride 2');
  assert.equal(
    mbconvOp({ expansion: 3, kernel: 3, stride: 1, se: false, residual: true }).description,
    'MobileNetV2 inverted residual block: 1 by 1 expansion by 3, depthwise convolution 3 by 3, 1 by 1 projection, residual add',
  );
  // NAS-Bench-Graph DAG: link 0-0-1-1 -> nodes 3 and 4 and 2 have no successor except 1 -> 3,4.
  const g = nbgraphGraph([0, 0, 1, 1], ['gcn', 'gat', 'sage', 'fc']);
  assert.deepEqual(g.adj[0], [0, 1, 1, 0, 0, 0]);
  assert.deepEqual(g.adj[1], [0, 0, 0, 1, 1, 0]);
  assert.deepEqual(g.adj.map((r) => r[5]), [0, 0, 1, 1, 1, 0]);
});

test('loaders: every labelled space loads with labels and described operators', { skip: dataDir() ? false : NO_DATA_MESSAGE }, () => {
  const spaces = loadDataSpec('all', { dataDir: dataDir()! });
  const expect: Record<string, number> = { nb101: 1291, nb201: 15625, tnb101: 4096, nbmacro: 3969, anb: 5138, metaqnn: 2288, resnets: 670, naap440: 440, nbgraph: 26206, tnb101macro: 3256, nbmr: 2507, vitpit: 100 };
  const sentenceOf = new Map<string, string>();
  for (const s of spaces) {
    assert.equal(s.graphs.length, expect[s.space], s.space);
    for (const t of s.tasks) assert.equal(t.labels.length, s.graphs.length);
    for (const [a] of s.graphs) {
      for (const op of a.ops) assert.ok(s.operators.has(op), `${s.space}: '${op}' undescribed`);
      assert.equal(a.adj.length, a.ops.length);
    }
    // One name, one sentence, in every space.
    for (const [name, op] of s.operators) {
      const prev = sentenceOf.get(name);
      if (prev !== undefined) assert.equal(op.description, prev, `${s.space}: '${name}'`);
      sentenceOf.set(name, op.description);
    }
  }
  const nb201 = spaces.find((s) => s.space === 'nb201')!;
  assert.deepEqual(nb201.tasks.slice(0, 3).map((t) => t.name), ['c10', 'c100', 'in16']);
  assert.equal(nb201.tasks[0].labels[0], 85.863333);
  // Same conversion as scoring: index 0 of the csv is cell 0 of the space's enumeration.
  assert.deepEqual(nb201.graphs[0][0], nb201Space.toGraphs(nb201Space.enumerate!()[Symbol.iterator]().next().value!)[0]);
  const tnb = spaces.find((s) => s.space === 'tnb101')!;
  assert.equal(tnb.tasks.length, 10);
  // Native TransNAS-Bench coding in arch-string order: row '(0, 0, 0, 0, 0, 3)' is all none but a 3x3 conv on 2>3.
  const i = tnb.ids!.indexOf('(0, 0, 0, 0, 0, 3)');
  assert.deepEqual(tnb.graphs[i][0].ops, ['input', 'none', 'none', 'none', 'none', 'none', 'nor_conv_3x3', 'output']);
  // The decoding makes TNB101 class_scene agree with NB201 CIFAR-10 on the shared cells (0.15 with the NASLib-201 coding).
  const nbIndex = new Map(nb201.graphs.map((g, k) => [g[0].ops.join('|'), k]));
  const shared = tnb.graphs.map((g) => nbIndex.get(g[0].ops.join('|'))!);
  const scene = tnb.tasks.find((t) => t.name === 'class_scene')!.labels;
  const rho = spearman(Array.from(scene), shared.map((k) => nb201.tasks[0].labels[k]));
  assert.ok(rho > 0.85, `class_scene vs NB201 c10: ${rho}`);
  const sub = loadDataSpec('all,-nb201,-nbgraph,-anb', { dataDir: dataDir()!, maxArchsPerSpace: 300, seed: 1 });
  assert.ok(sub.every((s) => s.graphs.length <= 300));
  assert.ok(!sub.some((s) => s.space === 'nb201'));
});

test('subsetSpace keeps baseline columns aligned with the kept graphs', () => {
  const g = (op: string) => [{ ops: ['input', op, 'output'], adj: [[0, 1, 0], [0, 0, 1], [0, 0, 0]] }];
  const space = {
    space: 's', label: 's', operators: new Map(), graphs: [g('a'), g('b'), g('c')],
    tasks: [{ name: 't', description: 't', labels: Float64Array.from([1, 2, 3]) }],
    columns: { params: Float64Array.from([10, 20, 30]) },
  };
  const sub = subsetSpace(space, [2, 0]);
  assert.deepEqual(Array.from(sub.columns!.params), [30, 10]);
  assert.deepEqual(Array.from(sub.tasks[0].labels), [3, 1]);
  assert.equal(sub.graphs[0][0].ops[1], 'c');
});
