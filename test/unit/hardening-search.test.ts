/** Issue 13 (hardening), core search: one merge rule for limits (the tighter of space and request). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeLimits, searchSpace } from '../../src/core/search';
import { createCustomSpace } from '../../src/core/spaces';
import type { Cell } from '../../src/core/types';

test('mergeLimits: the tighter of each limit; an absent limit never loosens one that is set', () => {
  assert.deepEqual(mergeLimits({ maxParamsM: 1, maxFlopsM: 150 }, { maxParamsM: undefined, maxFlopsM: undefined, maxLatencyMs: undefined }), { maxParamsM: 1, maxFlopsM: 150 });
  assert.deepEqual(mergeLimits({ maxParamsM: 1, maxFlopsM: 150 }, { maxParamsM: 5, maxFlopsM: 100 }), { maxParamsM: 1, maxFlopsM: 100 });
  assert.deepEqual(mergeLimits(undefined, { maxLatencyMs: 3 }), { maxLatencyMs: 3 });
  assert.deepEqual(mergeLimits(undefined, undefined), {});
  assert.deepEqual(mergeLimits({ maxParamsM: 2 }, { maxParamsM: 0.5 }, { maxParamsM: 1 }), { maxParamsM: 0.5 });
});

test('searchSpace: a custom space\'s own limits hold when the caller passes undefined limits', async () => {
  const space = createCustomSpace({
    id: 'small201', topology: 'nb201', operators: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'], maxParamsM: 0.5, maxFlopsM: 80,
  });
  // A scorer that prefers big cells: without the limits the top cells are all over them.
  const scorer = async (cells: Cell[]) => cells.map((c) => space.cost(c)!.params_M);
  const r = await searchSpace(space, scorer, { seed: 0, top: 10, generations: 5, limits: { maxParamsM: undefined, maxFlopsM: undefined } });
  assert.ok(r.results.length > 0);
  for (const x of r.results) assert.ok(x.cost!.params_M <= 0.5 && x.cost!.flops_M <= 80, `${x.key}: ${x.cost!.params_M} M, ${x.cost!.flops_M} M FLOPs`);
  assert.deepEqual(r.limits, { maxParamsM: 0.5, maxFlopsM: 80 });
  const looser = await searchSpace(space, scorer, { seed: 0, top: 10, generations: 5, limits: { maxParamsM: 3 } });
  for (const x of looser.results) assert.ok(x.cost!.params_M <= 0.5, `${x.key}: ${x.cost!.params_M} M`);
});
