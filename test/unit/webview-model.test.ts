import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SORT, LeaderboardModel, filterRows, sortIndices, sortKey, toRow } from '../../src/webview/leaderboard-model';
import { assignLayers, edgesOf, layoutGraph } from '../../src/webview/graph-layout';
import { dartsSpace, nb201Space } from '../../src/core/spaces/index';
import type { ScoredCell } from '../../src/shared/protocol';
import { DARTS_V2, makeEntries } from '../webview/fixtures';

const names = (m: LeaderboardModel, order: Int32Array) => Array.from(order, (i) => m.rows()[i].name);

test('leaderboard: numeric sort both ways, missing values last either way, stable ties', () => {
  // One space: raw scores compare only within a space (the score sort groups by space first).
  const e = makeEntries(6).map((x) => ({ ...x, space: 'nb201', spaceLabel: 'NAS-Bench-201' }));
  e[1] = { ...e[1], score: undefined };
  e[4] = { ...e[4], score: { ...e[4].score!, score: e[2].score!.score } };
  const m = new LeaderboardModel();
  m.setAll(e);
  const all = filterRows(m.rows(), { space: '', text: '' });
  const desc = sortIndices(m.rows(), all, { column: 'score', descending: true });
  const asc = sortIndices(m.rows(), all, { column: 'score', descending: false });
  assert.equal(names(m, desc).at(-1), 'cell_00001');
  assert.equal(names(m, asc).at(-1), 'cell_00001');
  const s = (o: Int32Array) => Array.from(o.slice(0, -1), (i) => m.rows()[i].score!);
  assert.deepEqual(s(desc), [...s(desc)].sort((a, b) => b - a));
  assert.deepEqual(s(asc), [...s(asc)].sort((a, b) => a - b));
  const d = names(m, desc);
  assert.ok(d.indexOf('cell_00002') < d.indexOf('cell_00004'), 'equal scores keep row order');
});

test('leaderboard: predicted accuracies of different spaces (different targets) never interleave', () => {
  const e = makeEntries(8).map((x, i) => ({
    ...x, space: i % 2 ? 'nb201' : 'tnb101-micro', spaceLabel: i % 2 ? 'NAS-Bench-201' : 'TransNAS-Bench-101 micro',
    score: { ...x.score!, predictedAccuracy: { value: 90 - i, low: 80, high: 95, target: i % 2 ? 'CIFAR-10 test accuracy' : 'class_object top-1' } },
  }));
  const m = new LeaderboardModel();
  m.setAll(e);
  const order = sortIndices(m.rows(), filterRows(m.rows(), { space: '', text: '' }), { column: 'accuracy', descending: true });
  const spaces = Array.from(order, (i) => m.rows()[i].space);
  assert.equal(new Set(spaces.slice(0, 4)).size, 1, spaces.join());
  assert.equal(new Set(spaces.slice(4)).size, 1, spaces.join());
});

test('leaderboard: text sort is case-insensitive and numeric-aware', () => {
  const base = makeEntries(1)[0];
  const m = new LeaderboardModel();
  m.setAll(['b10', 'B2', 'a', 'b1', 'b02x'].map((name) => ({ ...base, name })));
  const order = sortIndices(m.rows(), filterRows(m.rows(), { space: '', text: '' }), { column: 'name', descending: false });
  assert.deepEqual(names(m, order), ['a', 'b1', 'B2', 'b02x', 'b10']);
  assert.ok(sortKey('cell_2') < sortKey('cell_10'));
});

test('leaderboard: filters by space and text (name, file, notation); per-file upsert replaces that file only', () => {
  const e = makeEntries(30, 1, 5);
  const m = new LeaderboardModel();
  m.setAll(e, 'model');
  assert.equal(filterRows(m.rows(), { space: 'darts', text: '' }).length, 10);
  assert.equal(filterRows(m.rows(), { space: '', text: 'FILE03' }).length, 6);
  assert.equal(filterRows(m.rows(), { space: 'nb201', text: 'nor_conv_1x1' }).length, 10);
  assert.deepEqual(m.spaces().map(([id]) => id), ['darts', 'nb101', 'nb201']);
  const uri = e[0].uri;
  m.upsert(uri, [{ ...e[0], name: 'only' }, { ...e[1], name: 'other file, dropped' }]);
  assert.equal(m.rows().length, 30 - 6 + 1);
  assert.ok(m.rows().some((r) => r.name === 'only'));
  assert.ok(!m.rows().some((r) => r.name.startsWith('other file')));
  m.upsert(uri, []);
  assert.equal(m.rows().length, 24);
});

test('leaderboard: a row without a name shows its notation; file is the decoded base name', () => {
  const e: ScoredCell = { ...makeEntries(1)[0], name: undefined, uri: 'file:///p/my%20net.py' };
  const r = toRow(e);
  assert.equal(r.name, e.notation);
  assert.equal(r.file, 'my net.py');
});

test('graph layout (rows and columns): one node per operator, edges go to a later layer, no overlaps', () => {
  for (const g of [...dartsSpace.toGraphs(DARTS_V2), ...nb201Space.toGraphs({ kind: 'nb201', ops: ['nor_conv_3x3', 'skip_connect', 'none', 'avg_pool_3x3', 'nor_conv_1x1', 'nor_conv_3x3'] })]) {
    const edges = edgesOf(g.adj);
    for (const direction of ['TB', 'LR'] as const) {
    const layout = layoutGraph(g.ops.length, edges, { labelWidth: (i) => g.ops[i].length * 7, direction });
    assert.equal(layout.nodes.length, g.ops.length);
    assert.equal(layout.edges.length, edges.length);
    for (const [a, b] of edges) assert.ok(layout.nodes[a].layer < layout.nodes[b].layer);
    assert.equal(layout.nodes[0].layer, 0);
    assert.equal(layout.nodes.at(-1)!.layer, Math.max(...layout.nodes.map((n) => n.layer)), 'output on the last layer');
    for (const p of layout.nodes) {
      assert.ok(p.x >= 0 && p.x + p.width <= layout.width && p.y + p.height <= layout.height);
      for (const q of layout.nodes) {
        if (p !== q && p.layer === q.layer) {
          assert.ok(direction === 'TB' ? p.x + p.width <= q.x || q.x + q.width <= p.x : p.y + p.height <= q.y || q.y + q.height <= p.y, 'no overlap');
        }
      }
    }
    }
  }
});

test('graph layout: longest-path layers, and a cycle does not hang', () => {
  assert.deepEqual(assignLayers(4, [[0, 1], [1, 2], [0, 2], [2, 3]]), [0, 1, 2, 3]);
  const layers = assignLayers(3, [[0, 1], [1, 2], [2, 1]]);
  assert.equal(layers.length, 3);
});

test('leaderboard: spaces rank by percentile by default; the score sort never mixes spaces', () => {
  assert.deepEqual(DEFAULT_SORT, { column: 'percentile', descending: true });
  const m = new LeaderboardModel();
  m.setAll(makeEntries(30), 'test-model');
  const all = filterRows(m.rows(), { space: '', text: '' });
  const pct = Array.from(sortIndices(m.rows(), all, DEFAULT_SORT), (i) => m.rows()[i].percentile!);
  assert.deepEqual(pct, [...pct].sort((a, b) => b - a));
  const byScore = Array.from(sortIndices(m.rows(), all, { column: 'score', descending: true }), (i) => m.rows()[i]);
  const spaces = byScore.map((r) => r.space);
  // Each space is one contiguous block (labels in order), sorted by score within it.
  assert.deepEqual(spaces, [...spaces].sort());
  for (const label of new Set(spaces)) {
    const scores = byScore.filter((r) => r.space === label).map((r) => r.score!);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), label);
  }
});

test('leaderboard: rows keep the model that scored them; rows of another model are stale', () => {
  const e = makeEntries(4);
  e[1] = { ...e[1], model: 'no-nb201' };
  const m = new LeaderboardModel();
  m.setAll(e, 'test-model');
  assert.deepEqual(m.rows().map((r) => r.model), ['test-model', 'no-nb201', 'test-model', 'test-model']);
  assert.deepEqual(m.rows().map((r) => m.isStale(r)), [false, true, false, false]);
  m.model = 'no-nb201';
  assert.deepEqual(m.rows().map((r) => m.isStale(r)), [true, false, true, true]);
  const unscored = toRow({ ...e[0], score: undefined, model: undefined });
  assert.equal(m.isStale(unscored), false, 'a row without a score is not stale, only unscored');
});
