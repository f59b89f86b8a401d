/** Issue 13 (hardening): the NB201 latency model never predicts a negative latency. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/core/random';
import { fitLatency, LATENCY_DEVICES, latencyTable, nnls, predictLatency } from '../../src/core/latency';
import { getSpace } from '../../src/core/spaces';
import type { Nb201Cell } from '../../src/core/types';

const cells = [...getSpace('nb201')!.enumerate!()] as Nb201Cell[];

test('latency model: every one of the 15,625 NB201 cells gets a latency >= 0 on every device', () => {
  assert.equal(cells.length, 15625);
  for (const device of LATENCY_DEVICES) {
    const table = latencyTable(device);
    assert.ok(table.bias >= 0, `${device}: bias ${table.bias}`);
    for (const w of table.weights) for (const [op, v] of Object.entries(w)) assert.ok(v >= 0, `${device}: ${op} costs ${v} ms`);
    let min = Infinity;
    for (const c of cells) min = Math.min(min, predictLatency(table, c)!);
    assert.ok(min >= 0, `${device}: a cell predicted at ${min.toFixed(3)} ms`);
    // The fit's error is recorded per device.
    for (const k of ['r2', 'maeMs', 'maxErrMs', 'mapePct'] as const) assert.ok(Number.isFinite(table.fit[k]), `${device}: fit.${k}`);
  }
});

test('fitLatency: non-negative per-operator costs even where least squares goes negative; exact on additive data', () => {
  const ops = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
  // Multiplicative latencies (0.2-4 ms): cheap cells are cheaper than an additive model allows, so an
  // unconstrained least-squares fit predicts below zero for the cheapest ones.
  const cost: Record<string, number> = { none: 0, skip_connect: 0.025, nor_conv_1x1: 0.3, nor_conv_3x3: 0.5, avg_pool_3x3: 0.15 };
  const y = cells.map((c) => 0.2 * Math.exp(c.ops.reduce((s, op) => s + cost[op], 0)));
  const t = fitLatency('raspi4', cells, y, ops);
  assert.ok(t.bias >= 0);
  for (const w of t.weights) for (const v of Object.values(w)) assert.ok(v >= 0, `weight ${v}`);
  for (const c of cells) assert.ok(predictLatency(t, c)! >= 0);
  assert.ok(t.fit.r2 > 0.85, `r2 ${t.fit.r2}`);

  // Additive data with a positive floor is fitted exactly (the constraint costs nothing there).
  const rng = createRng(3);
  const w = Array.from({ length: 6 }, () => Object.fromEntries(ops.map((o) => [o, rng.next() * 2 - 0.5])));
  const additive = cells.map((c) => 10 + c.ops.reduce((s, op, e) => s + w[e][op], 0));
  const exact = fitLatency('edgegpu', cells, additive, ops);
  assert.ok(exact.fit.maxErrMs < 1e-4, `max error ${exact.fit.maxErrMs}`);
  assert.ok(exact.fit.r2 > 0.999999);
});

test('nnls: the Karush-Kuhn-Tucker conditions hold on random problems', () => {
  const rng = createRng(11);
  for (let trial = 0; trial < 20; trial++) {
    const n = 2 + rng.int(12);
    const rows = n + 5;
    const x = Array.from({ length: rows }, () => Array.from({ length: n }, () => rng.next() * 2 - 1));
    const y = Array.from({ length: rows }, () => rng.next() * 4 - 2);
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => x.reduce((s, r) => s + r[i] * r[j], 0)));
    const b = Array.from({ length: n }, (_, i) => x.reduce((s, r, k) => s + r[i] * y[k], 0));
    const beta = nnls(a, b);
    const g = b.map((bi, i) => bi - a[i].reduce((s, aij, j) => s + aij * beta[j], 0));
    beta.forEach((v, i) => {
      assert.ok(v >= 0, `x[${i}] = ${v}`);
      if (v > 0) assert.ok(Math.abs(g[i]) < 1e-6, `trial ${trial}: free x[${i}] has gradient ${g[i]}`);
      else assert.ok(g[i] < 1e-6, `trial ${trial}: x[${i}] = 0 with gradient ${g[i]} > 0`);
    });
  }
});
