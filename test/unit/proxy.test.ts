import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/core/random';
import { fitCalibration, intervalCoverage, loadProxy, predictFromPercentile, QuantileDistribution, quantiles, ReferenceDistribution } from '../../src/core/proxy';
import { createCustomSpace, getSpace } from '../../src/core/spaces';
import type { Nb201Cell } from '../../src/core/types';

test('stored quantiles give the percentiles of the full reference population (within 0.2)', () => {
  const rng = createRng(5);
  const scores = Array.from({ length: 15625 }, () => rng.next() ** 3 - rng.next());
  const full = new ReferenceDistribution(scores);
  const stored = new QuantileDistribution(quantiles(scores));
  for (let i = 0; i < 200; i++) {
    const s = scores[rng.int(scores.length)];
    assert.ok(Math.abs(full.percentile(s) - stored.percentile(s)) < 0.2, `score ${s}`);
  }
  assert.equal(stored.percentile(-10), 0);
  assert.equal(stored.percentile(10), 100);
});

test('shipped model: stored NB201 reference matches a freshly scored one; custom spaces score their own', async () => {
  const proxy = await loadProxy({ model: 'universal', cacheDir: null, log: () => undefined });
  const nb201 = getSpace('nb201')!;
  const cells = [...nb201.enumerate!()] as Nb201Cell[];
  const raw = await proxy.scoreRaw(nb201, cells);
  const fresh = new ReferenceDistribution(raw);
  const scored = await proxy.score(nb201, cells.slice(0, 50));
  scored.forEach((s, i) => assert.ok(Math.abs(s.percentile - fresh.percentile(raw[i])) < 0.2));
  assert.ok(scored.every((s) => s.predictedAccuracy && s.predictedAccuracy.low <= s.predictedAccuracy.value));
  // A custom space reuses no built-in reference: percentiles come from its own population.
  const custom = createCustomSpace({ id: 'convs', topology: 'nb201', operators: ['nor_conv_1x1', 'nor_conv_3x3'] });
  const [c] = await proxy.score(custom, [{ kind: 'nb201', ops: Array(6).fill('nor_conv_3x3') }]);
  assert.ok(c.percentile >= 0 && c.percentile <= 100);
  assert.equal(c.predictedAccuracy, undefined);
  proxy.dispose();
});

test('calibration: fine grid, strictly increasing predictions, intervals cover about 80 %', () => {
  const rng = createRng(3);
  const pct = Array.from({ length: 4000 }, () => rng.next() * 100);
  const acc = pct.map((p) => 50 + p / 2 + (rng.next() - 0.5) * 10);
  const cal = fitCalibration('toy', 'toy', 'toy accuracy', 'test', pct, acc);
  assert.equal(cal.grid.percentile.length, 201);
  const a = predictFromPercentile(cal, 42.3)!;
  const b = predictFromPercentile(cal, 42.31)!;
  assert.ok(b.value > a.value, 'distinct percentiles, distinct predictions');
  assert.ok(Math.abs(a.value - (50 + 42.3 / 2)) < 1.5);
  assert.ok(a.low <= a.value && a.value <= a.high);
  // A flat region still maps to increasing values (ties are broken by the tiny slope).
  const flat = fitCalibration('toy', 'toy', 't', 's', pct, pct.map(() => 70));
  assert.ok(predictFromPercentile(flat, 60)!.value > predictFromPercentile(flat, 59)!.value);
  const cov = intervalCoverage(pct, acc);
  assert.ok(cov > 0.75 && cov < 0.85, `coverage ${cov}`);
});