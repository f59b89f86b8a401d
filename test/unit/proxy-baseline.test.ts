/**
 * core/proxy/baseline.ts: the structural stand-in the editor uses without a trained model. It ranks
 * by kind-weighted operator count, claims no accuracy, and lists nearest known operators in the
 * same shape and order as the GCN proxy (shared ranking of core/encoder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASELINE_MODEL, BaselineProxy } from '../../src/core/proxy/baseline';
import { getSpace } from '../../src/core/spaces';

const nb201 = (op: string) => ({ kind: 'nb201' as const, ops: Array(6).fill(op) });
// An encoder folder that does not exist: the baseline falls back to word overlap (no tfjs in this test).
const noEncoder = () => new BaselineProxy({ kind: 'use-lite', dir: '/nonexistent/use-lite' }, () => undefined);

test('baseline: convolutions outrank pools and skips; percentiles, no accuracy', async () => {
  const proxy = noEncoder();
  const space = getSpace('nb201')!;
  const [conv, pool, skip] = await proxy.score(space, [nb201('nor_conv_3x3'), nb201('avg_pool_3x3'), nb201('skip_connect')]);
  assert.ok(conv.score > pool.score && pool.score > skip.score);
  assert.ok(conv.percentile > 90 && skip.percentile < 50, `${conv.percentile} ${skip.percentile}`);
  assert.equal(conv.predictedAccuracy, undefined);
  assert.equal(proxy.info.model, BASELINE_MODEL);
  assert.deepEqual(Array.from(await proxy.scoreRaw(space, [nb201('none')])), [0]);
  assert.deepEqual(proxy.unseenOperators(space), []);
  proxy.dispose();
});

test('baseline: nearest known operators by word overlap, best first, sentences shared by operators named together', async () => {
  const proxy = noEncoder();
  const near = await proxy.nearestOperators('Convolution 3 by 3 with a residual gate', 3);
  assert.equal(near.length, 3);
  assert.ok(near[0].similarity >= near[1].similarity && near[1].similarity >= near[2].similarity);
  assert.equal(near[0].description, 'Convolution 3 by 3');
  assert.match(near[0].name, /nor_conv_3x3/);
  // The query's own sentence is not its own neighbour (as in the GCN proxy).
  const self = await proxy.nearestOperators('Convolution 3 by 3', 5);
  assert.ok(self.every((n) => n.description !== 'Convolution 3 by 3'));
  proxy.dispose();
});
