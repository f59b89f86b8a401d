/** Rank metrics: reference values (scipy) and, with the shared data, the NB201 params baselines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readCsv } from '../../src/core/csv';
import {
  bestOfPredictedTopK, kendall, rankAverage, rankReport, spearman, topIndices, topOverlap, trueOfPredictedTop1,
} from '../../src/core/metrics';
import { dataDir, NO_DATA_MESSAGE } from '../../src/core/paths';
import { createRng } from '../../src/core/random';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('spearman and kendall tau-b match scipy on the documented examples', () => {
  close(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 0.8207826816681233);
  close(kendall([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]), -0.4714045207910316);
  close(spearman([1, 2, 3], [3, 2, 1]), -1);
  close(kendall([1, 2, 3, 4], [1, 2, 3, 4]), 1);
  assert.deepEqual(Array.from(rankAverage([10, 20, 10, 30])), [1.5, 3, 1.5, 4]);
  assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
  // NaN pairs are dropped.
  close(spearman([1, 2, NaN, 3], [1, 2, 5, 3]), 1);
});

test('kendall (merge sort) equals the O(n^2) tau-b definition with many ties', () => {
  const rng = createRng(3);
  const x = Array.from({ length: 300 }, () => rng.int(12));
  const y = Array.from({ length: 300 }, (_, i) => (x[i] + rng.int(6)) % 9);
  let c = 0, d = 0, tx = 0, ty = 0;
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) {
    const a = Math.sign(x[i] - x[j]);
    const b = Math.sign(y[i] - y[j]);
    if (a === 0 && b === 0) continue;
    if (a === 0) tx++;
    else if (b === 0) ty++;
    else if (a === b) c++;
    else d++;
  }
  const ref = (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
  close(kendall(x, y), ref, 1e-12);
});

test('top-k helpers', () => {
  const pred = [0.1, 0.9, 0.5, 0.7, 0.3];
  const truth = [50, 80, 95, 90, 10];
  assert.deepEqual(topIndices(pred, 2), [1, 3]);
  assert.equal(trueOfPredictedTop1(pred, truth), 80);
  assert.equal(bestOfPredictedTopK(pred, truth, 3), 95);
  assert.equal(topOverlap(pred, truth, 0.4), 0.5); // top-2 predicted {1,3}, true {2,3}
  const r = rankReport(pred, truth);
  assert.equal(r.n, 5);
  assert.equal(r.top1, 80);
});

test('NB201: params vs accuracy reproduce the published baselines', { skip: dataDir() ? false : NO_DATA_MESSAGE }, () => {
  const t = readCsv(join(dataDir()!, 'nasbench201', 'nb201_all.csv'));
  const col = (name: string) => t.rows.map((r) => Number(r[t.col(name)]));
  const params = col('params_M_c10');
  const acc = col('c10_test_200');
  assert.equal(params.length, 15625);
  close(spearman(params, acc), 0.7526938517364276, 1e-9);
  close(kendall(params, acc), 0.5778485929525705, 1e-9);
  const valid = t.rows.filter((r) => r[t.col('no_unreachable_branch')] === '1');
  assert.equal(valid.length, 9445);
  const rho = spearman(valid.map((r) => Number(r[t.col('zc_c10_params')])), valid.map((r) => Number(r[t.col('c10_valid_200_naslib')])));
  close(rho, 0.7470972193512849, 1e-9);
});
