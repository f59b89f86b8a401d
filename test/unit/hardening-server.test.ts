/** Issue 13 (hardening), server side over LSP: escaped hovers, validated request parameters, no stack traces, limits. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import { escapeMarkdown, mdCode } from '../../src/server/markdown';
import { LspClient } from '../support/lsp-client';
import { LINK_COMMANDS } from '../../src/shared/protocol';

const BEST = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const INJECT = '![x](https://example.com/p.png) [a](http://x) <img src=x> **bold** `code`';
const dir = mkdtempSync(join(tmpdir(), 'tgnas-hardening-'));
const uriOf = (name: string) => `file://${join(dir, name)}`;

/** Markdown that would render an image, a link or raw HTML: the construct's opening character not backslash-escaped. */
function assertInert(text: string, where: string): void {
  // The server's own links run only the client's LINK_COMMANDS (their arguments are URI-encoded JSON): no document text makes one.
  const links = [...text.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
  for (const c of links) assert.ok((LINK_COMMANDS as readonly string[]).includes(c), `${where}: a link to ${c}`);
  const md = text.replace(/\[[^\]\\]*\]\(command:[\w.]+(\?[^)\s]*)?\)/g, '');
  assert.doesNotMatch(md, /(^|[^\\])!\[/, `${where}: unescaped image in ${JSON.stringify(md)}`);
  assert.doesNotMatch(md, /(^|[^\\])\[[^\]]*(^|[^\\])\]\(/, `${where}: unescaped link in ${JSON.stringify(md)}`);
  assert.doesNotMatch(md, /(^|[^\\])<[A-Za-z/!?]/, `${where}: unescaped HTML in ${JSON.stringify(md)}`);
}

test('escapeMarkdown / mdCode: markup in document text stays text', () => {
  const e = escapeMarkdown(`${INJECT}\n# heading www.x.org https://y.com a@b.co &amp; ~~s~~`);
  assertInert(e, 'escapeMarkdown');
  assert.ok(!e.includes('\n'), 'no new block');
  for (const escaped of ['\\*\\*bold', '\\`code\\`', '\\&amp;', '\\~\\~s', 'https\\://', 'www\\.', 'b\\.co']) assert.ok(e.includes(escaped), `no ${escaped} in ${e}`);
  assert.equal(escapeMarkdown('- item'), '\\- item');
  assert.equal(escapeMarkdown('NAS-Bench-201 + ops'), 'NAS-Bench-201 + ops');
  assert.equal(mdCode('a`b'), '``a`b``');
  assert.equal(mdCode('`x`'), '`` `x` ``');
});

let lsp: LspClient;
before(async () => {
  lsp = new LspClient();
  // A looser network budget than the custom space's own max_params: 1.0 / max_flops: 150.
  await lsp.initialize({ trusted: true, settings: { limits: { maxParamsM: 5, maxFlopsM: 1000 } } }, dir);
});
after(() => lsp.close());

test('hover and completion: document text is escaped, never a live image, link or HTML', async () => {
  const uri = uriOf('inject.arch');
  const text = [
    `op evil_op "${INJECT}" kind=conv`,
    'space evil201 { topology: nb201; ops: [none, skip_connect, nor_conv_3x3, evil_op] }',
    'cell c = |evil_op~0|+|nor_conv_3x3~0|evil_op~1|+|skip_connect~0|none~1|evil_op~2|',
    'cell broken in evil201 = |[a](http://x)~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    '',
  ].join('\n');
  lsp.open(uri, text);
  await lsp.waitDiagnostics(uri, (d) => d.diagnostics.length > 0);
  const op = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
  assert.ok(op, 'a hover on the op declaration');
  assert.equal(op.contents.kind, 'markdown');
  assert.match(op.contents.value, /evil/, 'the hover still names the operator');
  assert.match(op.contents.value, /example\\\.com/, 'the description is shown, escaped');
  assertInert(op.contents.value, 'op hover');
  const cell = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 12 } });
  assert.ok(cell);
  assertInert(cell.contents.value, 'cell hover');
  const broken = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } });
  if (broken) assertInert(broken.contents.value, 'broken cell hover');

  const items = await lsp.request<any[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 0 } });
  const evil = items.find((i) => i.label === 'evil_op');
  assert.ok(evil, 'the declared operator is offered');
  if (typeof evil.documentation === 'object') assertInert(evil.documentation.value, 'completion documentation');
});

test('custom requests: wrongly typed parameters get InvalidParams (-32602) with one line, and no stack trace is ever sent', async () => {
  const uri = uriOf('ok.arch');
  lsp.open(uri, `cell best = ${BEST}\n`);
  const bad: Array<[string, unknown]> = [
    ['tgnas/score', { architecture: 42 }],
    ['tgnas/score', { uri: 7 }],
    ['tgnas/score', [BEST]],
    ['tgnas/graph', { uri, position: 'here' }],
    ['tgnas/graph', { uri, position: { line: -1, character: 0 } }],
    ['tgnas/graph', { name: 3, uri }],
    ['tgnas/exportPytorch', { architecture: { text: BEST } }],
    ['tgnas/leaderboard', { uris: uri }],
    ['tgnas/leaderboard', { uris: [1, 2] }],
    ['tgnas/search', { space: 5, searchId: 'x1' }],
    ['tgnas/search', { searchId: 'x2' }],
    ['tgnas/search', { space: 'nb201', searchId: 'x3', top: -3 }],
    ['tgnas/search', { space: 'nb201', searchId: 'x4', top: 0 }],
    ['tgnas/search', { space: 'nb201', searchId: 'x5', population: 0 }],
    ['tgnas/search', { space: 'nb201', searchId: 'x6', generations: -1 }],
    ['tgnas/search', { space: 'nb201', searchId: 'x7', maxParamsM: -1 }],
    ['tgnas/search', { space: 'nb201', searchId: 'x8', top: '10' }],
    ['tgnas/search', { space: 'nb201', searchId: 'x9', seed: 1.5 }],
  ];
  for (const [method, params] of bad) {
    const where = `${method} ${JSON.stringify(params)}`;
    await assert.rejects(lsp.request(method, params), (e: any) => {
      assert.equal(e.code, -32602, `${where}: ${e.code} ${e.message}`);
      assert.equal(String(e.message).split('\n').length, 1, where);
      assert.doesNotMatch(String(e.message), /is not a function|Cannot read prop|undefined/, where);
      return true;
    });
  }
  // Well-typed requests still work.
  const ok = await lsp.request('tgnas/score', { architecture: BEST });
  assert.equal(ok.cells.length, 1);
  const graph = await lsp.request('tgnas/graph', { uri, position: { line: 0, character: 14 } });
  assert.equal(graph.graphs.length, 1);
  // Nothing the server sent (logs included) carries a stack frame.
  await new Promise((r) => setTimeout(r, 200));
  for (const n of lsp.notifications) assert.ok(!JSON.stringify(n.params ?? '').includes('    at '), `${n.method}: ${JSON.stringify(n.params).slice(0, 300)}`);
});

test('tgnas/search: the tighter of the space block\'s limits and the settings\' budget applies', async () => {
  const uri = uriOf('custom.arch');
  lsp.open(uri, readFileSync(join(projectRoot(), 'examples', 'custom-space.arch'), 'utf8'));
  const res = await lsp.request('tgnas/search', { uri, space: 'ghost201', searchId: 'lim1', generations: 5, population: 16, top: 10 });
  assert.equal(res.cancelled, false);
  assert.ok(res.results.length > 0);
  for (const r of res.results) assert.ok(r.params_M <= 1.0 && r.flops_M <= 150, `${r.params_M} M params, ${r.flops_M} M FLOPs`);
  // A request's own tighter limit holds too; 0 means no limit, as in the settings.
  const tight = await lsp.request('tgnas/search', { uri, space: 'ghost201', searchId: 'lim2', generations: 5, population: 16, top: 10, maxParamsM: 0.6, maxFlopsM: 0 });
  for (const r of tight.results) assert.ok(r.params_M <= 0.6 && r.flops_M <= 150, `${r.params_M} M params, ${r.flops_M} M FLOPs`);
});
