/**
 * WebviewChannel (the host side of every TG-NAS webview) against a fake `vscode` module: queueing
 * until the page is ready, coalescing, validation of what the page posts, the HTML it sets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { makeEntries } from '../webview/fixtures';

class Uri {
  constructor(readonly path: string) {}
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.path, ...parts].join('/'));
  }
  toString(): string {
    return `file://${this.path}`;
  }
}
class Disposable {
  constructor(private readonly fn: () => void) {}
  dispose(): void {
    this.fn();
  }
}
const fakeVscode = { Uri, Disposable };

// The channel imports 'vscode', which exists only inside the editor: serve the fake instead.
const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? fakeVscode : load(request, ...rest));

function fakeWebview() {
  let listener: ((m: unknown) => void) | undefined;
  const sent: Array<{ type: string }> = [];
  return {
    sent,
    options: undefined as unknown,
    html: '',
    cspSource: 'https://res.example',
    asWebviewUri: (u: Uri) => `https://res.example${u.path}`,
    postMessage: async (m: { type: string }) => {
      sent.push(m);
      return true;
    },
    onDidReceiveMessage: (fn: (m: unknown) => void) => {
      listener = fn;
      return new Disposable(() => (listener = undefined));
    },
    fromPage: (m: unknown) => listener?.(m),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

test('channel: sets a CSP page with the bundle and stylesheet; options limit resources to dist/ and media/', async () => {
  const { WebviewChannel } = await import('../../src/extension/panels/channel');
  const wv = fakeWebview();
  new WebviewChannel(wv as never, new Uri('/ext') as never, 'search', 'TG-NAS search');
  assert.match(wv.html, /<script nonce="[^"]+" src="https:\/\/res\.example\/ext\/dist\/webview\.js">/);
  assert.match(wv.html, /href="https:\/\/res\.example\/ext\/media\/webview\.css"/);
  assert.match(wv.html, /data-view="search"/);
  const o = wv.options as { enableScripts: boolean; localResourceRoots: Uri[] };
  assert.equal(o.enableScripts, true);
  assert.deepEqual(o.localResourceRoots.map((u) => u.path), ['/ext/dist', '/ext/media']);
});

test('channel: queues until ready, coalesces replaced messages, then delivers in order', async () => {
  const { WebviewChannel } = await import('../../src/extension/panels/channel');
  const wv = fakeWebview();
  const ch = new WebviewChannel(wv as never, new Uri('/ext') as never, 'leaderboard', 'x');
  ch.post({ type: 'leaderboard/set', entries: makeEntries(3) });
  ch.post({ type: 'leaderboard/upsert', uri: 'file:///a.arch', entries: [] });
  ch.post({ type: 'leaderboard/set', entries: makeEntries(2) });
  ch.post({ type: 'leaderboard/upsert', uri: 'file:///b.arch', entries: [] });
  assert.equal(wv.sent.length, 0);
  wv.fromPage({ type: 'ready', view: 'leaderboard' });
  assert.deepEqual(wv.sent.map((m) => m.type), ['leaderboard/set', 'leaderboard/upsert']);
  assert.equal((wv.sent[0] as unknown as { entries: unknown[] }).entries.length, 2);
  ch.reset(); // page hidden: queue again until the new page says ready
  ch.post({ type: 'leaderboard/upsert', uri: 'file:///c.arch', entries: [] });
  assert.equal(wv.sent.length, 2);
  wv.fromPage({ type: 'ready', view: 'leaderboard' });
  assert.equal(wv.sent.length, 3);
});

test('channel: handlers get valid messages only; malformed ones are logged', async () => {
  const { WebviewChannel } = await import('../../src/extension/panels/channel');
  const wv = fakeWebview();
  const logs: string[] = [];
  const ch = new WebviewChannel(wv as never, new Uri('/ext') as never, 'search', 'x', (l) => logs.push(l));
  const got: string[] = [];
  const sub = ch.onMessage((m) => {
    got.push(m.type);
  });
  wv.fromPage({ type: 'search/cancel', searchId: 's1' });
  wv.fromPage({ type: 'search/cancel', searchId: 7 });
  wv.fromPage({ type: 'runCommand', command: 'workbench.action.terminal.new' });
  wv.fromPage({ type: 'log', level: 'warn', message: 'from page' });
  await tick();
  assert.deepEqual(got, ['search/cancel', 'log']);
  assert.match(logs[0], /rejected message: search\/cancel\.searchId: expected a string/);
  assert.match(logs[1], /unknown message type "runCommand"/);
  assert.match(logs[2], /\[webview warn\] from page/);
  sub.dispose();
  wv.fromPage({ type: 'search/cancel', searchId: 's2' });
  await tick();
  assert.equal(got.length, 2);
});

test('leaderboard provider: rows restored from the memento are posted when the view resolves; changes are stored', async () => {
  const { LeaderboardViewProvider } = await import('../../src/extension/panels/leaderboard-view');
  const { STORE_KEY } = await import('../../src/extension/panels/leaderboard-store');
  const stored = makeEntries(6, 3, 2); // two files
  const byFile: Record<string, unknown[]> = {};
  for (const e of stored) (byFile[e.uri] ??= []).push(e);
  const data = new Map<string, unknown>([[STORE_KEY, JSON.parse(JSON.stringify(byFile))]]);
  const writes: unknown[] = [];
  const memento = {
    get: (k: string) => data.get(k),
    update: async (k: string, v: unknown) => {
      writes.push(v);
      data.set(k, v);
    },
  };
  const provider = new LeaderboardViewProvider(new Uri('/ext') as never, undefined, memento);
  const wv = fakeWebview();
  const on = () => new Disposable(() => undefined);
  provider.resolveWebviewView({ webview: wv, visible: true, onDidChangeVisibility: on, onDidDispose: on } as never);
  wv.fromPage({ type: 'ready', view: 'leaderboard' });
  assert.equal(wv.sent.length, 1);
  const set = wv.sent[0] as unknown as { type: string; entries: Array<{ uri: string }> };
  assert.equal(set.type, 'leaderboard/set');
  assert.equal(set.entries.length, 6);
  assert.deepEqual(new Set(set.entries.map((e) => e.uri)), new Set(Object.keys(byFile)));

  // An upsert with no rows removes the file; dispose flushes the debounced write.
  const first = Object.keys(byFile)[0];
  provider.upsert(first, []);
  assert.equal(writes.length, 0);
  provider.dispose();
  await tick();
  assert.equal(writes.length, 1);
  assert.deepEqual(Object.keys(writes[0] as object), Object.keys(byFile).slice(1));
});
