import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uriBaseName, validateHostMessage, validateWebviewMessage } from '../../src/shared/webview-protocol';
import { DARTS_V2, graphResult, makeEntries, paretoResult, searchProgress, searchResult } from '../webview/fixtures';

test('host messages: every type accepts its fixture', () => {
  const ok = [
    { type: 'leaderboard/set', entries: makeEntries(5), model: 'm' },
    { type: 'leaderboard/set', entries: [] },
    { type: 'leaderboard/upsert', uri: 'file:///a.arch', entries: makeEntries(2) },
    { type: 'search/start', searchId: 's', space: 'nb201', spaceLabel: 'NAS-Bench-201' },
    { type: 'search/progress', progress: searchProgress('s', 3)[0] },
    { type: 'search/result', result: searchResult('s', 5) },
    { type: 'search/error', searchId: 's', message: 'boom' },
    { type: 'graph/show', graph: graphResult('darts', DARTS_V2, 'v2') },
    { type: 'leaderboard/model', model: 'universal' },
    { type: 'search/start', searchId: 's', space: 'nb201', pareto: 'latency' },
    { type: 'search/result', result: paretoResult('s') },
    { type: 'search/result', result: paretoResult('s', 3, false) },
  ];
  for (const m of ok) assert.deepEqual(validateHostMessage(m), { ok: true, value: m }, m.type);
});

test('host messages: -Infinity best score arrives as null and is accepted', () => {
  const p = { ...searchProgress('s', 1)[0], bestScore: null };
  assert.equal(validateHostMessage({ type: 'search/progress', progress: p }).ok, true);
});

test('host messages: malformed, unknown and extra-field messages are rejected with a reason', () => {
  const bad: Array<[unknown, RegExp]> = [
    [null, /expected an object/],
    ['leaderboard/set', /expected an object/],
    [{ type: 'nope' }, /unknown message type "nope"/],
    [{ type: 'leaderboard/set' }, /leaderboard\/set\.entries: expected an array/],
    [{ type: 'leaderboard/set', entries: [{ ...makeEntries(1)[0], range: { start: { line: 1.5, character: 0 }, end: { line: 1, character: 0 } } }] },
      /entries\[0\]\.range\.start\.line: expected an integer/],
    [{ type: 'leaderboard/set', entries: [], html: '<b>' }, /unexpected field "html"/],
    [{ type: 'search/progress', progress: { ...searchProgress('s', 1)[0], phase: 'guessing' } }, /phase: expected one of/],
    [{ type: 'graph/show', graph: { ...graphResult('darts', DARTS_V2), graphs: [{ label: 'x', nodes: [], adj: [[0]] }] } }, /0 nodes but a 1-row adjacency/],
    [{ type: 'graph/show', graph: { ...graphResult('darts', DARTS_V2), graphs: [{ label: 'x', nodes: [{ op: 'a', kind: 'laser', description: '' }], adj: [[0]] }] } },
      /kind: expected one of/],
    [{ type: 'search/progress', progress: { ...searchProgress('s', 1)[0], step: NaN } }, /step: expected an integer/],
    [{ type: 'search/result', result: { ...paretoResult('s'), pareto: { axis: 'weight' } } }, /pareto\.axis: expected one of params, flops, latency/],
    [{ type: 'search/result', result: { ...paretoResult('s'), front: [{ ...paretoResult('s').front![0], objective: 'big' }] } }, /front\[0\]\.objective: expected a number/],
    [{ type: 'search/result', result: { ...searchResult('s', 2), evidence: { kind: 'vibes' } } }, /evidence\.kind: expected in-space or unseen-space/],
    [{ type: 'leaderboard/set', entries: [{ ...makeEntries(1)[0], score: { score: 1, percentile: 2, evidence: { kind: 'in-space' } } }] },
      /score\.evidence\.data: expected a string/],
    [{ type: 'search/start', searchId: 's', space: 'nb201', pareto: 'weight' }, /pareto: expected one of/],
  ];
  for (const [m, re] of bad) {
    const r = validateHostMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 80));
    if (!r.ok) assert.match(r.error, re);
  }
});

test('webview messages: the ones the UI posts are valid; the rest rejected', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
  for (const m of [
    { type: 'ready', view: 'leaderboard' },
    { type: 'reveal', uri: 'file:///a.arch', range },
    { type: 'search/cancel', searchId: 's' },
    { type: 'search/insert', searchId: 's', rank: 1, arch: 'cell a in nb201 = |...|' },
    { type: 'search/copy', text: 'x' },
    { type: 'search/export', searchId: 's', rank: 1, text: 'x' },
    { type: 'search/showGraph', searchId: 's', rank: 2, text: 'x' },
    { type: 'log', level: 'warn', message: 'm' },
    { type: 'openModelCard', model: 'universal' },
  ]) assert.equal(validateWebviewMessage(m).ok, true, m.type);
  assert.equal(validateWebviewMessage({ type: 'ready', view: 'settings' }).ok, false);
  assert.equal(validateWebviewMessage({ type: 'reveal', uri: 'file:///a', range: { start: { line: 0 } } }).ok, false);
  assert.equal(validateWebviewMessage({ type: 'leaderboard/set', entries: [] }).ok, false, 'host-to-webview types are not accepted from the page');
  assert.equal(validateWebviewMessage({ type: 'search/copy', text: 'x'.repeat(1_000_001) }).ok, false);
  assert.equal(validateWebviewMessage({ type: '__proto__' }).ok, false);
  assert.equal(validateWebviewMessage({ type: 'toString' }).ok, false);
});

test('uriBaseName decodes the last path segment', () => {
  assert.equal(uriBaseName('file:///home/u/my%20cells/a%2Bb.arch'), 'a+b.arch');
  assert.equal(uriBaseName('untitled:Untitled-1'), 'untitled:Untitled-1');
  assert.equal(uriBaseName('file:///x/y.arch?query#frag'), 'y.arch');
  assert.equal(uriBaseName('file:///x/%E0%A4%A.arch'), '%E0%A4%A.arch');
});
