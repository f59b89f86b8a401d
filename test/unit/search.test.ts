import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/core/random';
import { searchSpace, SearchCancelled } from '../../src/core/search';
import { createCustomSpace, getSpace } from '../../src/core/spaces';
import type { SearchSpace } from '../../src/core/spaces';
import type { Cell, DartsCell, Nb201Cell } from '../../src/core/types';

/** Additive oracle over NB201-style slots: the optimum is the per-slot argmax. */
function additiveOracle(space: SearchSpace, seed: number) {
  const slots = space.edges!();
  const rng = createRng(seed);
  const weights = slots.map((s) => new Map(s.ops.map((o) => [o, rng.next()])));
  const best = slots.map((s, i) => [...weights[i].entries()].sort((a, b) => b[1] - a[1])[0][0]);
  const scorer = async (cells: Cell[]) =>
    cells.map((c) => (c as Nb201Cell).ops.reduce((sum, op, i) => sum + (weights[i].get(op) ?? 0), 0));
  return { scorer, best };
}

test('search finds the optimum of a synthetic oracle on nb201', async () => {
  const space = getSpace('nb201')!;
  for (const seed of [1, 2, 3]) {
    const { scorer, best } = additiveOracle(space, seed);
    const r = await searchSpace(space, scorer, { seed, top: 5, generations: 10 });
    assert.deepEqual((r.results[0].cell as Nb201Cell).ops, best);
    assert.ok(r.evaluations > 0 && r.evaluations < 15625);
  }
});

test('pruning ranks by score delta, not by operator order (reference defect)', async () => {
  const space = getSpace('nb201')!;
  // Favour the operator that comes LAST in each slot's list: a key-sorted pruner removes it first.
  const scorer = async (cells: Cell[]) =>
    cells.map((c) => (c as Nb201Cell).ops.reduce((sum, op) => sum + (op === 'avg_pool_3x3' ? 1 : op === 'none' ? 0.5 : 0), 0));
  const r = await searchSpace(space, scorer, { seed: 0, phases: { evolution: false } });
  assert.deepEqual((r.pruned as Nb201Cell).ops, Array(6).fill('avg_pool_3x3'));
});

test('limits are respected: no returned cell exceeds max params', async () => {
  const space = getSpace('nb201')!;
  const scorer = async (cells: Cell[]) => cells.map((c) => space.cost(c)!.params_M);
  const r = await searchSpace(space, scorer, { seed: 0, top: 10, limits: { maxParamsM: 0.6 } });
  assert.equal(r.results.length, 10);
  for (const x of r.results) assert.ok(x.cost!.params_M <= 0.6, `${x.key} has ${x.cost!.params_M} M params`);
  assert.ok(r.results[0].cost!.params_M > 0.5, 'the best feasible cell should be close to the limit');
});

test('same seed, same result; shortlist has no equivalent duplicates', async () => {
  const space = getSpace('nb201')!;
  const { scorer } = additiveOracle(space, 7);
  const a = await searchSpace(space, scorer, { seed: 42, top: 20, generations: 5 });
  const b = await searchSpace(space, scorer, { seed: 42, top: 20, generations: 5 });
  assert.deepEqual(a.results.map((x) => [x.key, x.score]), b.results.map((x) => [x.key, x.score]));
  assert.equal(new Set(a.results.map((x) => x.key)).size, a.results.length);
  const keys = a.results.map((x) => space.key(space.canonical(x.cell)));
  assert.equal(new Set(keys).size, keys.length);
});

test('cancellation stops a search within 200 ms', async () => {
  const space = getSpace('darts')!;
  const slow = async (cells: Cell[]) => {
    await new Promise((r) => setTimeout(r, 30));
    return cells.map(() => Math.random());
  };
  const controller = new AbortController();
  const started = performance.now();
  const run = searchSpace(space, slow, { seed: 0, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(run, SearchCancelled);
  const stoppedAfterAbort = performance.now() - started - 100;
  assert.ok(stoppedAfterAbort < 200, `stopped ${stoppedAfterAbort.toFixed(0)} ms after the request`);
});

test('darts search prunes both cells and returns valid genotypes', async () => {
  const space = getSpace('darts')!;
  // Oracle: the normal cell likes separable convs, the reduction cell likes max pooling.
  const scorer = async (cells: Cell[]) =>
    cells.map((c) => {
      const d = c as DartsCell;
      return d.normal.filter(([op]) => op === 'sep_conv_3x3').length + d.reduce.filter(([op]) => op === 'max_pool_3x3').length;
    });
  const r = await searchSpace(space, scorer, { seed: 0, top: 3, generations: 5, pruningSamples: 8 });
  const pruned = r.pruned as DartsCell;
  assert.deepEqual(space.validate(pruned), []);
  assert.ok(pruned.normal.every(([op]) => op === 'sep_conv_3x3'));
  assert.ok(pruned.reduce.every(([op]) => op === 'max_pool_3x3'));
  assert.equal(r.results[0].score, 16);
});

test('a custom space with a new operator completes', async () => {
  const space = createCustomSpace({
    id: 'mine',
    topology: 'nb201',
    operators: ['skip_connect', 'nor_conv_3x3', { name: 'shift_conv', description: 'Shift operation followed by a 1 by 1 convolution' }],
  });
  const scorer = async (cells: Cell[]) => cells.map((c) => (c as Nb201Cell).ops.filter((o) => o === 'shift_conv').length);
  const r = await searchSpace(space, scorer, { seed: 3, top: 3, generations: 5 });
  assert.deepEqual((r.results[0].cell as Nb201Cell).ops, Array(6).fill('shift_conv'));
});
