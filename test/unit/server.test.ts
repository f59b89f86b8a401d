/** Protocol tests: dist/server.js over --stdio, driven by a JSON-RPC client like any editor. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import { CancellationTokenSource, LspClient } from '../support/lsp-client';

const BEST = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const TYPO = '|nor_conv_3x4~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|skip_connect~1|skip_connect~2|';
const example = (f: string) => readFileSync(join(projectRoot(), 'examples', f), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tgnas-lsp-'));
const uriOf = (name: string) => `file://${join(dir, name)}`;

let lsp: LspClient;
before(async () => {
  writeFileSync(join(dir, 'on-disk.arch'), `cell disk = ${BEST}\n`);
  lsp = new LspClient();
  const init = await lsp.initialize({ trusted: true }, dir);
  assert.ok(init.capabilities.hoverProvider && init.capabilities.inlayHintProvider && init.capabilities.codeLensProvider);
});
after(() => lsp.close());

test('diagnostics: unknown operator with a did-you-mean quick fix; the fix clears it', async () => {
  const uri = uriOf('typo.arch');
  const text = `# cells\ncell good = ${BEST}\ncell typo = ${TYPO}\n`;
  lsp.open(uri, text);
  const pub = await lsp.waitDiagnostics(uri, (d) => d.diagnostics.length > 0);
  const d = pub.diagnostics.find((x) => x.code === 'unknown-operator');
  assert.ok(d, JSON.stringify(pub.diagnostics));
  assert.equal(d.severity, 1);
  assert.deepEqual(d.range, { start: { line: 2, character: 13 }, end: { line: 2, character: 25 } });
  const actions = await lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.equal(actions[0].title, "Did you mean 'nor_conv_3x3'?");
  const edit = actions[0].edit.changes[uri][0];
  assert.equal(edit.newText, 'nor_conv_3x3');
  // Apply the edit as the editor would, then the error is gone.
  const lines = text.split('\n');
  lines[2] = lines[2].slice(0, edit.range.start.character) + edit.newText + lines[2].slice(edit.range.end.character);
  lsp.change(uri, lines.join('\n'));
  await lsp.waitDiagnostics(uri, (p) => p.diagnostics.length === 0);
  // ...and breaking a cell brings an error back.
  lsp.change(uri, `cell good = ${BEST.replace('~2|', '~5|')}\n`);
  const broken = await lsp.waitDiagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.equal(broken.diagnostics[0].severity, 1);
});

test('hover on a cell: score, percentile, params/FLOPs, space and model; nothing outside cells', async () => {
  const uri = uriOf('hover.arch');
  lsp.open(uri, `# best\ncell best_c10 = ${BEST}\n`);
  const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } });
  const md: string = h.contents.value;
  assert.match(md, /TG-NAS/);
  assert.match(md, /best_c10/);
  assert.match(md, /NAS-Bench-201/);
  assert.match(md, /percentile/);
  assert.match(md, /1\.\d{3} M params · \d+\.\d M FLOPs/);
  assert.match(md, /model/);
  assert.equal(await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } }), null);
});

test('new operators: information diagnostic, hover with nearest known operators', async () => {
  const uri = uriOf('custom.arch');
  lsp.open(uri, example('custom-space.arch'));
  const pub = await lsp.waitDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'unseen-operator'));
  const unseen = pub.diagnostics.filter((d) => d.code === 'unseen-operator');
  assert.ok(unseen.every((d) => d.severity === 3));
  assert.ok(unseen.some((d) => /ghost_conv_3x3/.test(d.message) && /scored from its description/.test(d.message)));
  const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 6 } });
  assert.match(h.contents.value, /ghost_conv_3x3/);
  assert.match(h.contents.value, /Nearest known operators/);
  assert.match(h.contents.value, /- `\w+` \d\.\d\d/);
});

test('inlay hints after each cell, code lenses, completion, symbols, folding, definition', async () => {
  const uri = uriOf('custom.arch');
  const all = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };
  const hints = await lsp.request<any[]>('textDocument/inlayHint', { textDocument: { uri }, range: all });
  assert.equal(hints.length, 6);
  assert.ok(hints.every((h) => /pct|%/.test(h.label)));
  const lenses = await lsp.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
  const titles = lenses.map((l) => l.command.title);
  assert.equal(titles.filter((t) => t === 'Search this space').length, 3);
  assert.equal(titles.filter((t) => t === 'Show graph').length, 6);
  assert.equal(titles.filter((t) => t === 'Export as PyTorch').length, 6);
  assert.deepEqual(lenses.find((l) => l.command.title === 'Search this space').command.arguments, [{ uri, space: 'ghost201' }]);

  const items = await lsp.request<any[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 0 } });
  assert.ok(items.some((i) => i.label === 'cell (NB201)' && i.insertTextFormat === 2));
  const ghost = items.find((i) => i.label === 'ghost_conv_3x3');
  assert.equal(ghost?.detail, 'Ghost convolution 3 by 3, cheap linear features');
  assert.equal(items.find((i) => i.label === 'nor_conv_3x3')?.detail, 'Convolution 3 by 3');

  const symbols = await lsp.request<any[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols.filter((s) => s.kind === 3).map((s) => s.name), ['ghost201', 'mobile_dag', 'ghost_darts']);
  assert.equal(symbols.filter((s) => s.kind === 5).length, 6);
  const folds = await lsp.request<any[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.ok(folds.some((f) => f.startLine === 11 && f.endLine === 16), JSON.stringify(folds));
  // 'ghost_conv_3x3' in the space's ops list -> its op declaration.
  const text = example('custom-space.arch').split('\n');
  const line = text.findIndex((l) => l.includes('ops: [none, skip_connect, nor_conv_1x1'));
  const def = await lsp.request('textDocument/definition', { textDocument: { uri }, position: { line, character: text[line].indexOf('ghost_conv_3x3') + 2 } });
  assert.deepEqual(def.range.start, { line: 5, character: 3 });
});

test('other files: Genotype literals in Python get hovers and hints', async () => {
  const uri = uriOf('genotypes.py');
  lsp.open(uri, example('genotypes.py'), 'python');
  const hints = await lsp.request<any[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } } });
  assert.equal(hints.length, 5);
  const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 19, character: 12 } });
  assert.match(h.contents.value, /Genotype `DARTS_V1` · DARTS/);
});

test('edits re-score only the changed cell', async () => {
  const uri = uriOf('incremental.arch');
  const cells = ['none', 'skip_connect', 'nor_conv_1x1', 'avg_pool_3x3'].map((op, i) => `cell c${i} = |${op}~0|+|nor_conv_3x3~0|${op}~1|+|skip_connect~0|none~1|${op}~2|`);
  lsp.open(uri, cells.join('\n'));
  const range = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
  await lsp.request('textDocument/inlayHint', { textDocument: { uri }, range });
  const before = (await lsp.request('tgnas/status', {})).cachedScores;
  cells[1] = cells[1].replace('skip_connect~0|none~1', 'skip_connect~0|nor_conv_1x1~1');
  lsp.change(uri, cells.join('\n'));
  const hints = await lsp.request<any[]>('textDocument/inlayHint', { textDocument: { uri }, range });
  assert.equal(hints.length, 4);
  assert.equal((await lsp.request('tgnas/status', {})).cachedScores, before + 1);
});

test('tgnas/score, tgnas/graph, tgnas/leaderboard, tgnas/status', async () => {
  const uri = uriOf('hover.arch');
  const score = await lsp.request('tgnas/score', { uri });
  assert.equal(score.cells.length, 1);
  assert.equal(score.cells[0].name, 'best_c10');
  assert.ok(score.cells[0].score.percentile > 50);
  const one = await lsp.request('tgnas/score', { architecture: BEST });
  assert.equal(one.cells[0].key, score.cells[0].key);

  const graph = await lsp.request('tgnas/graph', { uri: uriOf('custom.arch'), name: 'ghost_genotype' });
  assert.deepEqual(graph.graphs.map((g: any) => g.label), ['normal', 'reduce']);
  const nodes = graph.graphs[0].nodes;
  assert.ok(nodes.some((n: any) => n.op === 'ghost_conv_3x3' && n.unseen && n.kind === 'conv'));
  assert.equal(graph.graphs[0].adj.length, nodes.length);

  const board = await lsp.request('tgnas/leaderboard', {});
  assert.ok(board.entries.some((e: any) => e.name === 'disk'), 'files on disk in the workspace are included');
  assert.ok(board.entries.some((e: any) => e.name === 'g201_a'));
  assert.equal(board.files, 1);

  const st = await lsp.request('tgnas/status', {});
  assert.equal(st.state, 'ready');
  assert.ok(['model', 'baseline'].includes(st.scorer));
  assert.ok(st.documents >= 4);
  await assert.rejects(lsp.request('tgnas/graph', { uri, name: 'nope' }), /no valid cell named 'nope'/);
});

test('tgnas/exportPytorch: Python that compiles, placeholders for new operators', async () => {
  const uri = uriOf('custom.arch');
  for (const name of ['g201_a', 'mobile_a', 'ghost_genotype']) {
    const r = await lsp.request('tgnas/exportPytorch', { uri, name });
    assert.ok(r.placeholders.length > 0);
    assert.match(r.code, /raise NotImplementedError/);
    // Self-contained: torch is the only import.
    assert.deepEqual(r.code.match(/^(import|from) .*/gm), ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F']);
    const file = join(dir, r.fileName);
    writeFileSync(file, r.code);
    execFileSync('python3', ['-m', 'py_compile', file]);
  }
});

test('tgnas/search runs to the end with progress, and cancels within 200 ms', async () => {
  const uri = uriOf('custom.arch');
  const progress = () => lsp.notifications.filter((n) => n.method === 'tgnas/searchProgress');
  const res = await lsp.request('tgnas/search', { uri, space: 'ghost201', searchId: 's1', generations: 5, population: 16, top: 5 });
  assert.equal(res.cancelled, false);
  assert.equal(res.results.length, 5);
  assert.ok(res.results[0].arch.startsWith('cell ghost201_best1 in ghost201 = |'));
  assert.ok(res.results.every((r: any) => r.params_M <= 1.0), 'the space block limit max_params: 1.0 holds');
  const mine = progress().filter((n) => n.params.searchId === 's1');
  assert.ok(mine.length > 2);
  assert.equal(mine.at(-1)!.params.phase, 'done');

  const cts = new CancellationTokenSource();
  const pending = lsp.request('tgnas/search', { space: 'darts', searchId: 's2', generations: 100000, population: 256 }, cts);
  const t0 = Date.now();
  while (!progress().some((n) => n.params.searchId === 's2' && n.params.phase !== 'loading')) {
    if (Date.now() - t0 > 20_000) throw new Error('no progress from the darts search');
    await new Promise((r) => setTimeout(r, 10));
  }
  const t1 = performance.now();
  cts.cancel();
  const cancelled = await pending;
  const ms = performance.now() - t1;
  assert.equal(cancelled.cancelled, true);
  assert.ok(ms < 200, `cancel took ${ms.toFixed(0)} ms`);
  // The server still answers after a cancelled search.
  assert.equal((await lsp.request('tgnas/status', {})).state, 'ready');
});

test('tgnas/search with a Pareto axis: the non-dominated front beside the shortlist, evidence and median history', async () => {
  const uri = uriOf('custom.arch');
  const res = await lsp.request('tgnas/search', { uri, space: 'ghost201', searchId: 'p1', generations: 4, population: 16, top: 3, pareto: 'params' });
  assert.deepEqual(res.pareto, { axis: 'params' });
  assert.ok(res.front.length >= 2, `front of ${res.front.length}`);
  for (let i = 1; i < res.front.length; i++) {
    assert.ok(res.front[i].objective > res.front[i - 1].objective, 'cheapest first');
    assert.ok(res.front[i].score > res.front[i - 1].score, 'each dearer point scores higher');
  }
  for (const c of res.front) {
    assert.equal(c.objective, c.params_M);
    assert.ok(c.arch.startsWith('cell ghost201_pareto'), c.arch);
    assert.equal(c.predictedAccuracy, undefined, 'a custom space is never given an accuracy');
    assert.equal(typeof c.percentile, 'number');
  }
  assert.equal(res.evidence.kind, 'unseen-space');
  assert.ok(res.evidence.unseenOperators.includes('ghost_conv_3x3'), JSON.stringify(res.evidence));
  assert.match(res.calibrationNote, /./);
  assert.equal(res.historyMedian.length, 4);
  res.historyMedian.forEach((m: number | null, g: number) => assert.ok(m === null || m <= res.history[g]));

  const nb = await lsp.request('tgnas/search', { space: 'nb201', searchId: 'p2', generations: 3, population: 8, top: 2, pareto: 'latency', device: 'edgegpu' });
  assert.deepEqual(nb.pareto, { axis: 'latency', device: 'edgegpu' });
  assert.ok(nb.front.length >= 1 && nb.front.every((c: any) => c.latencyMs === c.objective && c.predictedAccuracy), JSON.stringify(nb.front[0]));
  assert.equal(nb.evidence.kind, 'in-space');
  assert.ok(nb.results.every((c: any) => typeof c.latencyMs === 'number'), 'a device reports each result\'s latency');

  await assert.rejects(lsp.request('tgnas/search', { space: 'nb201', searchId: 'p3', pareto: 'latency' }), /needs a device/);
  await assert.rejects(lsp.request('tgnas/search', { space: 'darts', searchId: 'p4', pareto: 'latency', device: 'edgegpu' }), /NB201 cells only/);
  await assert.rejects(lsp.request('tgnas/search', { space: 'nb201', searchId: 'p5', pareto: 'weight' }), /'pareto' must be one of none, params, flops, latency/);
  await assert.rejects(lsp.request('tgnas/search', { space: 'nb201', searchId: 'p6', device: 'toaster' }), /'device' must be one of/);
});

/** The first tgnas/documentScored for `uri`, among notifications from index `from` on, that satisfies `pred`. */
async function waitScored(uri: string, from: number, pred: (entries: any[]) => boolean, timeoutMs = 10_000): Promise<any[]> {
  const t0 = Date.now();
  for (;;) {
    const hit = lsp.notifications.slice(from).find((n) => n.method === 'tgnas/documentScored' && n.params.uri === uri && pred(n.params.entries));
    if (hit) return hit.params.entries;
    if (Date.now() - t0 > timeoutMs) {
      const seen = lsp.notifications.filter((n) => n.method === 'tgnas/documentScored' && n.params.uri === uri).map((n) => n.params.entries.length);
      throw new Error(`no matching tgnas/documentScored for ${uri} in ${timeoutMs} ms (entry counts seen: ${JSON.stringify(seen)})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('tgnas/documentScored: rows follow opening, editing and closing documents', async () => {
  const uri = uriOf('scored.arch');
  const OTHER = '|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|none~2|';
  let from = lsp.notifications.length;
  lsp.open(uri, `cell first = ${BEST}\n`);
  const opened = await waitScored(uri, from, (e) => e.length > 0);
  assert.equal(opened.length, 1);
  assert.equal(opened[0].name, 'first');
  assert.equal(opened[0].uri, uri);
  assert.ok(opened[0].score.percentile > 50);
  assert.equal(opened[0].model, (await lsp.request('tgnas/status', {})).model, 'each row names the model that scored it');
  assert.equal(opened[0].score.evidence.kind, 'in-space');
  // Same rows as the leaderboard request gives for the document.
  assert.deepEqual(opened, (await lsp.request('tgnas/leaderboard', { uris: [uri] })).entries);

  from = lsp.notifications.length;
  lsp.change(uri, `cell first = ${BEST}\ncell second = ${OTHER}\n`);
  const edited = await waitScored(uri, from, (e) => e.length === 2);
  assert.deepEqual(edited.map((e) => e.name), ['first', 'second']);
  assert.equal(edited[1].range.start.line, 1);
  assert.ok(edited[1].score.percentile < edited[0].score.percentile);

  // Recognised cells in a Python file too; closing it removes its rows.
  const py = uriOf('scored.py');
  from = lsp.notifications.length;
  lsp.open(py, `best = '${BEST}'\n`, 'python');
  const pyRows = await waitScored(py, from, (e) => e.length > 0);
  assert.equal(pyRows.length, 1);
  assert.equal(pyRows[0].name, undefined);
  from = lsp.notifications.length;
  await lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri: py } });
  await waitScored(py, from, (e) => e.length === 0);
});

test('tgnas/documentScored: workspace .arch files changed and deleted on disk', async () => {
  const file = join(dir, 'watched.arch');
  const uri = uriOf('watched.arch');
  writeFileSync(file, `cell watched = ${BEST}\n`);
  let from = lsp.notifications.length;
  await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
  const rows = await waitScored(uri, from, (e) => e.length > 0);
  assert.deepEqual(rows.map((e) => e.name), ['watched']);
  unlinkSync(file);
  from = lsp.notifications.length;
  await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
  await waitScored(uri, from, (e) => e.length === 0);
});
