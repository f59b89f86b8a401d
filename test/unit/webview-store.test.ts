/**
 * Leaderboard persistence (src/extension/panels/leaderboard-store.ts): parsing what a Memento holds,
 * the row cap that drops the oldest files, upsert ordering and the debounced writer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScoredCell } from '../../src/shared/protocol';
import {
  capRows, groupByUri, LeaderboardStore, parseStored, serialise, staleUris, STORE_KEY, upsertRows, type MementoLike, type RowsByUri,
} from '../../src/extension/panels/leaderboard-store';
import { makeEntries } from '../webview/fixtures';

function rowsFor(uri: string, n: number): ScoredCell[] {
  return makeEntries(n, 7, 1).map((e) => ({ ...e, uri }));
}

function fakeMemento(initial?: unknown) {
  const data = new Map<string, unknown>();
  if (initial !== undefined) data.set(STORE_KEY, initial);
  const writes: unknown[] = [];
  const m: MementoLike & { writes: unknown[]; data: Map<string, unknown> } = {
    writes,
    data,
    get: (key) => data.get(key),
    update: async (key, value) => {
      writes.push(value);
      data.set(key, JSON.parse(JSON.stringify(value))); // what the real Memento stores: JSON
    },
  };
  return m;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('store: serialise then parse round-trips, oldest file first', () => {
  const byUri: RowsByUri = new Map([['file:///a.arch', rowsFor('file:///a.arch', 3)], ['file:///b.arch', rowsFor('file:///b.arch', 2)]]);
  const back = parseStored(JSON.parse(JSON.stringify(serialise(byUri))));
  assert.deepEqual([...back.keys()], ['file:///a.arch', 'file:///b.arch']);
  assert.deepEqual(back.get('file:///a.arch'), byUri.get('file:///a.arch'));
  assert.deepEqual(back.get('file:///b.arch'), byUri.get('file:///b.arch'));
});

test('store: rows of notebook cells are not stored (their URIs last one session)', () => {
  const cell = 'vscode-notebook-cell:/w/nb.ipynb#W1sZmlsZQ%3D%3D';
  const byUri: RowsByUri = new Map([['file:///a.arch', rowsFor('file:///a.arch', 1)], [cell, rowsFor(cell, 2)]]);
  assert.deepEqual(Object.keys(serialise(byUri)), ['file:///a.arch']);
});

test('store: malformed stored values are dropped, valid files kept', () => {
  for (const v of [undefined, null, 42, 'x', [], [rowsFor('file:///a.arch', 1)]]) assert.equal(parseStored(v).size, 0);
  const good = rowsFor('file:///a.arch', 2);
  const bad = rowsFor('file:///b.arch', 2).map((e, i) => (i === 1 ? { ...e, range: 'nope' } : e));
  const foreign = rowsFor('file:///other.arch', 2);
  const back = parseStored({ 'file:///a.arch': good, 'file:///b.arch': bad, 'file:///c.arch': foreign, 'file:///d.arch': [], 'file:///e.arch': 'x' });
  assert.deepEqual([...back.keys()], ['file:///a.arch']);
});

test('store: the cap keeps the newest files and drops the oldest beyond it', () => {
  const byUri: RowsByUri = new Map([
    ['file:///old.arch', rowsFor('file:///old.arch', 5)],
    ['file:///mid.arch', rowsFor('file:///mid.arch', 4)],
    ['file:///new.arch', rowsFor('file:///new.arch', 3)],
  ]);
  assert.deepEqual([...capRows(byUri, 12).keys()], ['file:///old.arch', 'file:///mid.arch', 'file:///new.arch']);
  assert.deepEqual([...capRows(byUri, 11).keys()], ['file:///mid.arch', 'file:///new.arch']);
  assert.deepEqual([...capRows(byUri, 3).keys()], ['file:///new.arch']);
  // A newest file alone over the cap keeps its first rows.
  const one = capRows(byUri, 2);
  assert.deepEqual([...one.keys()], ['file:///new.arch']);
  assert.equal(one.get('file:///new.arch')!.length, 2);
  assert.equal(Object.keys(serialise(byUri, 7)).length, 2);
  assert.equal(Object.keys(serialise(byUri, 6)).length, 1);
  assert.equal(capRows(byUri, 0).size, 0);
});

test('store: upsert makes the file newest, filters foreign rows, empty removes', () => {
  const byUri = groupByUri([...rowsFor('file:///a.arch', 2), ...rowsFor('file:///b.arch', 1), ...rowsFor('file:///a.arch', 1)]);
  assert.deepEqual([...byUri.keys()], ['file:///a.arch', 'file:///b.arch']);
  assert.equal(byUri.get('file:///a.arch')!.length, 3);
  upsertRows(byUri, 'file:///a.arch', [...rowsFor('file:///a.arch', 1), ...rowsFor('file:///x.arch', 1)]);
  assert.deepEqual([...byUri.keys()], ['file:///b.arch', 'file:///a.arch']);
  assert.equal(byUri.get('file:///a.arch')!.length, 1);
  upsertRows(byUri, 'file:///b.arch', []);
  assert.deepEqual([...byUri.keys()], ['file:///a.arch']);
});

test('store: writes are debounced to one update with the latest rows; flush writes at once', async () => {
  const m = fakeMemento();
  const store = new LeaderboardStore(m, { delayMs: 20 });
  const byUri: RowsByUri = new Map();
  for (let i = 0; i < 5; i++) {
    upsertRows(byUri, `file:///f${i}.arch`, rowsFor(`file:///f${i}.arch`, 1));
    store.schedule(() => byUri);
  }
  assert.equal(m.writes.length, 0);
  await sleep(60);
  assert.equal(m.writes.length, 1);
  assert.equal(Object.keys(m.writes[0] as object).length, 5);
  assert.equal(new LeaderboardStore(m).load().size, 5);

  upsertRows(byUri, 'file:///f0.arch', []);
  store.schedule(() => byUri);
  await store.flush();
  assert.equal(m.writes.length, 2);
  assert.deepEqual([...new LeaderboardStore(m).load().keys()], ['file:///f1.arch', 'file:///f2.arch', 'file:///f3.arch', 'file:///f4.arch']);
  await sleep(40);
  assert.equal(m.writes.length, 2, 'a flushed write is not repeated by the timer');
  await store.flush();
  assert.equal(m.writes.length, 2, 'nothing pending: no write');
});

test('store: the stored value is capped; a failing memento is logged, not thrown', async () => {
  const m = fakeMemento();
  const store = new LeaderboardStore(m, { delayMs: 1, maxRows: 4 });
  store.schedule(() => new Map([['file:///a.arch', rowsFor('file:///a.arch', 3)], ['file:///b.arch', rowsFor('file:///b.arch', 3)]]));
  await store.flush();
  assert.deepEqual(Object.keys(m.writes[0] as object), ['file:///b.arch']);

  const logs: string[] = [];
  const broken = new LeaderboardStore({ get: () => { throw new Error('gone'); }, update: async () => { throw new Error('full'); } }, { log: (l) => logs.push(l) });
  assert.equal(broken.load().size, 0);
  broken.schedule(() => new Map());
  await broken.flush();
  assert.equal(logs.length, 2);
  assert.match(logs[1], /could not store rows: Error: full/);
});

test('store: files with rows of another (or no known) model are stale, oldest first', () => {
  const byUri: RowsByUri = new Map([
    ['file:///a.arch', rowsFor('file:///a.arch', 2).map((r) => ({ ...r, model: 'universal' }))],
    ['file:///b.arch', rowsFor('file:///b.arch', 2).map((r, i) => ({ ...r, model: i ? 'no-nb201' : 'universal' }))],
    ['file:///c.arch', rowsFor('file:///c.arch', 1).map(({ model: _m, ...r }) => r)],
  ]);
  assert.deepEqual(staleUris(byUri, 'universal'), ['file:///b.arch', 'file:///c.arch']);
  assert.deepEqual(staleUris(byUri, 'no-nb201'), ['file:///a.arch', 'file:///b.arch', 'file:///c.arch']);
  assert.deepEqual(staleUris(new Map(), 'universal'), []);
});
