/** TransNAS-Bench-101 macro and NAS-Bench-MR search spaces without the benchmark files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/random';
import { defaultSpaceFor, findBuiltinSpace, getSpace, nbmrModules, nbmrSpace, tnb101MacroSpace } from '../../src/core/spaces';
import { OperatorSet } from '../../src/core/data/operators';
import { nbmrGraph } from '../../src/core/data/loaders-extra';
import type { NbmrCell, Tnb101MacroCell } from '../../src/core/types';

const NBMR = '16_16_1_1_16_1_1_1_16_16_1_1_1_1_16_16_16_1_1_1_1_1_16_16_16_16_16';
const mr = (s: string): NbmrCell => ({ kind: 'nbmr', code: s.split('_').map(Number) });
const tnb = (s: string): Tnb101MacroCell => ({ kind: 'tnb101-macro', modules: [...s].map(Number) });

test('registry: ids, .arch names and aliases', () => {
  assert.equal(getSpace('tnb101-macro'), tnb101MacroSpace);
  assert.equal(getSpace('nbmr'), nbmrSpace);
  assert.equal(findBuiltinSpace('tnb101macro')?.space, tnb101MacroSpace);
  assert.equal(findBuiltinSpace('NAS-Bench-MR')?.space, nbmrSpace);
  assert.equal(findBuiltinSpace('tnb101-micro')?.archName, 'tnb101');
  assert.equal(findBuiltinSpace('nope'), undefined);
  assert.equal(defaultSpaceFor('tnb101-macro'), tnb101MacroSpace);
  assert.equal(defaultSpaceFor('nbmr'), nbmrSpace);
});

test('tnb101-macro: membership, enumeration, neighbours', () => {
  const s = tnb101MacroSpace;
  assert.deepEqual(s.validate(tnb('41414')), []);
  assert.match(s.validate(tnb('111')).join(), /4-6 modules/);
  assert.match(s.validate(tnb('11111')).join(), /0 modules stride/);
  assert.match(s.validate(tnb('44441')).join(), /4 modules double/);
  assert.match(s.validate(tnb('33333')).join(), /5 modules stride/);
  assert.match(s.validate(tnb('41514')).join(), /code 5/);
  assert.match(s.validate({ kind: 'nb201', ops: [] } as never).join(), /got a nb201 cell/);
  const all = [...s.enumerate!()];
  assert.equal(all.length, 3256);
  assert.equal(new Set(all.map((c) => s.key(c))).size, 3256);
  assert.ok(all.every((c) => s.validate(c).length === 0));
  const n = s.neighbours(tnb('41414'));
  const keys = n.map((c) => s.key(c));
  assert.equal(new Set(keys).size, keys.length);
  assert.ok(!keys.includes('64-41414-basic'));
  assert.ok(n.every((c) => s.validate(c).length === 0));
  for (const k of ['64-41413-basic', '64-141414-basic', '64-4141-basic']) assert.ok(keys.includes(k), k);
  const rng = createRng(1);
  for (let i = 0; i < 50; i++) assert.deepEqual(s.validate(s.mutate(s.sample(rng), rng)), []);
});

test('tnb101-macro: graph is the loader chain; cost is the MacroNet count', () => {
  const [g] = tnb101MacroSpace.toGraphs(tnb('4121'));
  assert.deepEqual(g.ops, ['input', 'basic-s2-c2', 'basic-s1-c1', 'basic-s1-c2', 'basic-s1-c1', 'output']);
  assert.deepEqual(g.adj[0], [0, 1, 0, 0, 0, 0]);
  assert.equal(tnb101MacroSpace.operator('basic-s2-c2')?.description,
    'Residual basic block: two convolutions 3 by 3 with stride 2, channels doubled, Batchnorm, ReLU, residual add');
  // By hand, 64-3112-basic: stem 3*32*9 + 64 + 32*64*9 + 128 = 19,488; module 3 (64 -> 64, stride 2): four
  // conv3x3+BN (36,992 each) + 1x1 shortcut+BN 4,224; two modules 1: 8 x 36,992; module 2 (64 -> 128):
  // 73,728+256 + 147,456+256 + shortcut 8,192+256 + second block 2 x (147,456+256).
  assert.equal(tnb101MacroSpace.cost(tnb('3111')), undefined); // doubles nothing: not a member
  const d = tnb101MacroSpace.cost(tnb('3112'))!;
  assert.equal(Math.round(d.params_M * 1e6), 19488 + (4 * 36992 + 4224) + 8 * 36992 + (73984 + 147712 + 8448 + 295424));
  const head = tnb101MacroSpace.cost(tnb('3112'), 'class_object')!;
  assert.ok(Math.abs((head.params_M - d.params_M) * 1e6 - (128 * 100 + 100)) < 1e-6);
});

test('nbmr: membership, sampling, neighbours, graph', () => {
  const s = nbmrSpace;
  assert.deepEqual(s.validate(mr(NBMR)), []);
  assert.match(s.validate(mr('16_16_1')).join(), /27 integers, got 3/);
  const bad = mr(NBMR);
  bad.code[0] = 12;
  bad.code[2] = 0;
  assert.deepEqual(s.validate(bad), ['position 1 (input_ch1): 12 channels is not a multiple of 8 in 8-128', 'position 3 (block 1 modules): 0 is not 1-4']);
  assert.equal(typeof s.size, 'bigint');
  assert.equal(s.operators.length, 257);
  const rng = createRng(3);
  for (let i = 0; i < 50; i++) {
    const c = s.mutate(s.sample(rng), rng);
    assert.deepEqual(s.validate(c), []);
    for (const op of s.toGraphs(c)[0].ops) assert.ok(s.operator(op), op);
  }
  const n = s.neighbours(mr(NBMR));
  assert.equal(n.length, 2 * 5 + 14 * 3 + 11 * 11);
  assert.equal(new Set(n.map((c) => s.key(c))).size, n.length);
  // The code's module list and the loader's graph builder.
  const modules = nbmrModules(mr(NBMR).code);
  assert.deepEqual(modules, [[1, [1], [16]], [2, [1, 1], [16, 16]], [3, [1, 1, 1], [16, 16, 16]], [4, [1, 1, 1, 1], [16, 16, 16, 16]]]);
  assert.deepEqual(s.toGraphs(mr(NBMR)), [nbmrGraph(modules, new OperatorSet())]);
  // Smallest-net params as the csv stores them (arch 1 of nbmr_all.csv).
  assert.equal(Math.round(s.cost(mr(NBMR))!.params_M * 1e6), 82658);
});
