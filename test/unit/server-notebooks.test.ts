/**
 * Notebook cells over the protocol: `.ipynb` code and Markdown cells reach the server as text
 * documents with `vscode-notebook-cell:` URIs, one per cell, in the cell's language. They get the
 * diagnostics, hovers, inlay hints and lenses of files; they are never read from disk; the `.arch`
 * cells of one notebook share their `op` and `space` declarations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serverForTests } from '../support/lsp-client';

const BEST = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const GENOTYPE = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
const server = serverForTests('tgnas-notebook-');
const { dir } = server;
/** VS Code's cell URIs: the notebook's path, the cell in the fragment. */
const cell = (notebook: string, n: number) => `vscode-notebook-cell:${join(dir, notebook)}#W${n}sZmlsZQ%3D%3D`;
const all = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };


test('a Python code cell: Genotype literal gets diagnostics, hover, inlay hint and lenses', async () => {
  const uri = cell('models.ipynb', 0);
  server.lsp.open(uri, `from genotypes import Genotype\nDARTS = ${GENOTYPE}\nBAD = Genotype(normal=[('sep_conv_3x4', 0)])\n`, 'python');
  const pub = await server.lsp.waitDiagnostics(uri, (d) => d.diagnostics.length > 0);
  // The broken literal's diagnostic, on its line of the cell (never an error: it is someone's Python).
  assert.ok(pub.diagnostics.some((d) => d.severity >= 2 && d.range.start.line === 2), JSON.stringify(pub.diagnostics));
  const h = await server.lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } });
  assert.match(h.contents.value, /TG-NAS/);
  assert.match(h.contents.value, /Genotype( `\w+`)? · DARTS/);
  const hints = await server.lsp.request<any[]>('textDocument/inlayHint', { textDocument: { uri }, range: all });
  assert.equal(hints.length, 1);
  assert.match(hints[0].label, /pct|%/);
  const lenses = await server.lsp.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(lenses.map((l) => l.command.title).sort(), ['Export as PyTorch', 'Show graph']);
  assert.equal(lenses[0].command.arguments[0].uri, uri);
});

test('a Markdown cell: NB201 string gets a hover', async () => {
  const uri = cell('models.ipynb', 1);
  server.lsp.open(uri, `# Best cell\n\nThe searched cell is \`${BEST}\`.\n`, 'markdown');
  const h = await server.lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 30 } });
  assert.match(h.contents.value, /NB201 cell · NAS-Bench-201/);
});

test('cells are never read from disk: a closed cell is "not open", not a file error', async () => {
  await assert.rejects(server.lsp.request('tgnas/score', { uri: cell('gone.ipynb', 0) }), (e: any) => e.code === -32602 && /is not open/.test(e.message));
  const board = await server.lsp.request('tgnas/leaderboard', {});
  assert.ok(board.entries.some((e: any) => e.uri === cell('models.ipynb', 0)), 'open cells are leaderboard rows');
});

test('.arch cells of one notebook share op and space declarations; other notebooks do not', async () => {
  const decls = cell('search.ipynb', 0);
  const uses = cell('search.ipynb', 1);
  const other = cell('other.ipynb', 0);
  const ghostCell = `cell g = |ghost~0|+|nor_conv_3x3~0|ghost~1|+|skip_connect~0|nor_conv_3x3~1|ghost~2|\ncell s in small = |ghost~0|+|none~0|ghost~1|+|none~0|none~1|ghost~2|\n`;
  server.lsp.open(decls, 'op ghost "Ghost convolution 3 by 3, cheap linear features" kind=conv\nspace small {\n  topology: nb201\n  ops: [none, ghost]\n}\n');
  server.lsp.open(uses, ghostCell);
  server.lsp.open(other, ghostCell);
  await server.lsp.waitDiagnostics(uses, (d) => d.diagnostics.length === 0);
  const foreign = await server.lsp.waitDiagnostics(other, (d) => d.diagnostics.some((x) => x.code === 'unknown-operator'));
  assert.ok(foreign.diagnostics.some((x) => x.code === 'unknown-space'), JSON.stringify(foreign.diagnostics));
  const hints = await server.lsp.request<any[]>('textDocument/inlayHint', { textDocument: { uri: uses }, range: all });
  assert.equal(hints.length, 2, 'both cells are scored with the declared operator');
  const score = await server.lsp.request('tgnas/score', { uri: uses });
  assert.deepEqual(score.cells.map((c: any) => c.space), ['nb201', 'small']);
  // The declaring cell's symbols are its own; the using cell lists only its cells.
  const symbols = await server.lsp.request<any[]>('textDocument/documentSymbol', { textDocument: { uri: uses } });
  assert.deepEqual(symbols.map((s) => s.name), ['g', 's']);

  // Removing the declaration revalidates the other cell of the notebook.
  server.lsp.change(decls, '# nothing declared\n');
  const broken = await server.lsp.waitDiagnostics(uses, (d) => d.diagnostics.some((x) => x.code === 'unknown-operator'));
  assert.equal(broken.uri, uses);
});
