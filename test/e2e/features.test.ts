/** Extension-host tests of the editor features: scores in hovers, search (to the end and cancelled), PyTorch export. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { suite, test, waitFor } from './harness';
import type { TgnasApi } from '../../src/extension/main';
import type { SearchResult } from '../../src/shared/protocol';

const api = () => vscode.extensions.getExtension<TgnasApi>('tgnas.tgnas-vscode')!.exports;
const sample = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'sample.arch');

suite('features', () => {
  test('hover over a cell gives its score, cost and model', async () => {
    const doc = await vscode.workspace.openTextDocument(sample());
    const position = doc.positionAt(doc.getText().indexOf('|nor_conv_3x3~0|') + 3);
    const text = await waitFor('a scored hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
      const t = (hovers ?? []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      return /percentile|%/.test(t) ? t : undefined;
    });
    assert.match(text, /M params/);
    assert.match(text, /NAS-Bench-201/);
  });

  test('inlay hints show a score after each cell', async () => {
    const doc = await vscode.workspace.openTextDocument(sample());
    const hints = await waitFor('inlay hints', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
      return h?.length ? h : undefined;
    });
    assert.equal(hints.length, 2, 'two valid cells (the typo cell has no score)');
  });

  test('Search Best Cell runs to the end', async () => {
    const result = await vscode.commands.executeCommand<SearchResult>('tgnas.searchBestCell', { uri: sample().toString(), space: 'nb201', generations: 3, population: 8, top: 3 });
    assert.ok(result, 'the command returns the search result');
    assert.equal(result.cancelled, false);
    assert.equal(result.results.length, 3);
    assert.match(result.results[0].arch, /^cell nb201_best1 (in nb201 )?= \|/);
  }, 60_000);

  test('Search Best Cell can be cancelled', async () => {
    const pending = vscode.commands.executeCommand<SearchResult>('tgnas.searchBestCell', { space: 'darts', generations: 100000, population: 256, searchId: 'e2e-cancel' });
    await waitFor('the search to run', () => api().search.isRunning('e2e-cancel'), 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    api().search.cancel('e2e-cancel');
    const result = await pending;
    assert.equal(result?.cancelled, true);
    assert.ok(Date.now() - t0 < 2000, `cancel answered in ${Date.now() - t0} ms`);
  }, 60_000);

  test('Export Cell as PyTorch opens Python that compiles', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('tgnas.exportPytorch', { uri: sample().toString(), name: 'best_c10' });
    assert.ok(doc, 'an editor opened');
    assert.equal(doc.languageId, 'python');
    assert.match(doc.getText(), /class Network\(nn\.Module\)/);
    const file = join(mkdtempSync(join(tmpdir(), 'tgnas-e2e-')), 'best_c10.py');
    writeFileSync(file, doc.getText());
    execFileSync('python3', ['-m', 'py_compile', file]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }, 30_000);
});
