/**
 * "Improve this cell" over the protocol: code actions on a cell offer its best single edits as plain
 * text edits in the author's notation (each raises the predicted score) and a hill-climb that asks
 * for confirmation (a preview); the file's space limits hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serverForTests } from '../support/lsp-client';
import { analyzeDocument } from '../../src/core/analysis';
import { loadProxy } from '../../src/core/proxy';

const server = serverForTests('tgnas-improve-');
const { dir } = server;
const WEAK = '|avg_pool_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|skip_connect~2|';
const here = { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } };


/** Code actions at `range`, asked until the model has loaded (the first request starts the load). */
async function actionsAt(uri: string, range = here): Promise<any[]> {
  for (let k = 0; k < 100; k++) {
    const a = await server.lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    if (a.some((x) => x.kind === 'refactor.rewrite')) return a;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no improve action came');
}

test('an NB201 string in Python: single edits that raise the score, in its own notation', async () => {
  const uri = `file://${join(dir, 'cells.py')}`;
  const text = `weak = '${WEAK}'\n`;
  server.lsp.open(uri, text, 'python');
  const actions = (await actionsAt(uri)).filter((a) => a.kind === 'refactor.rewrite');
  assert.ok(actions.length >= 2);
  const proxy = await loadProxy({ model: 'universal', cacheDir: null, log: () => undefined });
  const scoreOf = async (t: string) => {
    const c = analyzeDocument('x.py', t).cells[0];
    return (await proxy.scoreRaw(c.space, [c.cell]))[0];
  };
  const before = await scoreOf(text);
  const singles = actions.filter((a) => a.edit);
  for (const a of singles) {
    assert.match(a.title, /^TG-NAS: edge \d→\d: \w+ → \w+ \([+−-]\d+\.\d pct/);
    const [e] = a.edit.documentChanges[0].edits;
    // The edit replaces the string between the quotes (characters 8 .. 8 + its length) with another NB201 string.
    assert.deepEqual(e.range, { start: { line: 0, character: 8 }, end: { line: 0, character: 8 + WEAK.length } });
    assert.match(e.newText, /^\|[a-z_0-9]+~0\|\+/);
    const after = `weak = '${e.newText}'\n`;
    assert.ok((await scoreOf(after)) > before, a.title);
  }
  // The hill-climb's edit is computed when the action is chosen (codeAction/resolve), then previewed.
  const lazy = actions.find((a) => !a.edit);
  assert.ok(lazy?.data?.tgnasClimb, 'a hill-climb action');
  const climb = await server.lsp.request<any>('codeAction/resolve', lazy);
  assert.equal(climb.edit.changeAnnotations.tgnasClimb.needsConfirmation, true);
  assert.match(climb.edit.changeAnnotations.tgnasClimb.description, /; then /);
  const climbed = climb.edit.documentChanges[0].edits[0].newText;
  assert.ok((await scoreOf(`weak = '${climbed}'\n`)) > (await scoreOf(`weak = '${singles[0].edit.documentChanges[0].edits[0].newText}'\n`)) - 1e-9);
  proxy.dispose();
});

test('.arch: the edit replaces the cell value only; a space limit is respected', async () => {
  const uri = `file://${join(dir, 'small.arch')}`;
  const text = `space small { topology: nb201; ops: [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]; max_params: 0.2 }\ncell c in small = ${WEAK}\n`;
  server.lsp.open(uri, text, 'nas-arch');
  const range = { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } };
  const actions = (await actionsAt(uri, range)).filter((a) => a.kind === 'refactor.rewrite' && a.edit);
  assert.ok(actions.length >= 1);
  for (const a of actions) {
    const [e] = a.edit.documentChanges[0].edits;
    assert.deepEqual(e.range.start, { line: 1, character: 18 });
    const after = text.split('\n')[0] + `\ncell c in small = ${e.newText}\n`;
    const a2 = analyzeDocument('small.arch', after);
    assert.deepEqual(a2.diagnostics.filter((d) => d.severity !== 'info'), [], a.title);
    assert.ok(a2.cells[0].space.cost(a2.cells[0].cell)!.params_M <= 0.2, a.title);
  }
});

test('no action off a cell; quick fixes still come alone when only quick fixes are asked for', async () => {
  const uri = `file://${join(dir, 'cells.py')}`;
  const off = await server.lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } });
  assert.deepEqual(off, []);
  const only = await server.lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: here, context: { diagnostics: [], only: ['quickfix'] } });
  assert.deepEqual(only, []);
});

test('no edits where writing back would change the layout (GDAS/SETN groups, FairDARTS triples)', async () => {
  const uri = `file://${join(dir, 'gdas.py')}`;
  const gdas = "GDAS = Genotype(normal=[(('skip_connect', 0), ('skip_connect', 1)), (('skip_connect', 0), ('sep_conv_5x5', 2)), (('sep_conv_3x3', 3), ('skip_connect', 0)), (('sep_conv_5x5', 4), ('sep_conv_3x3', 3))], normal_concat=[2, 3, 4, 5], reduce=[(('sep_conv_5x5', 0), ('sep_conv_3x3', 1)), (('sep_conv_5x5', 2), ('sep_conv_5x5', 1)), (('dil_conv_5x5', 2), ('sep_conv_3x3', 1)), (('sep_conv_5x5', 0), ('sep_conv_5x5', 1))], reduce_concat=[2, 3, 4, 5], connectN=None, connects=None)";
  server.lsp.open(uri, `weak = '${WEAK}'\n${gdas}\n`, 'python');
  await actionsAt(uri); // the model is loaded and line 0 has offers
  const at = { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } };
  const actions = await server.lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: at, context: { diagnostics: [] } });
  assert.deepEqual(actions.filter((a) => a.kind === 'refactor.rewrite'), []);
});
