/** Extension-host tests: run inside code-server's real extension host with the real language server. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test, waitFor } from './harness';
import type { TgnasApi } from '../../src/extension/main';
import { StatusRequest, type StatusResult } from '../../src/shared/protocol';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION } from '../../src/shared/settings';

const EXTENSION_ID = 'tgnas.tgnas-vscode';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

suite('extension', () => {
  let doc: vscode.TextDocument;

  test('activates when an .arch file opens', async () => {
    const ext = vscode.extensions.getExtension<TgnasApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded as a development extension`);
    doc = await vscode.workspace.openTextDocument(workspaceFile('sample.arch'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'nas-arch');
    // Activation comes from the language (implicit onLanguage event), not from this test.
    await waitFor('activation', () => ext.isActive);
    await ext.activate();
  }, 30_000);

  test('hover over a cell says TG-NAS', async () => {
    const offset = doc.getText().indexOf('|nor_conv_3x3~0|');
    assert.ok(offset >= 0);
    const position = doc.positionAt(offset + 5);
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
      return h?.length ? h : undefined;
    });
    const text = hoverText(hovers);
    assert.match(text, /TG-NAS/);
    assert.match(text, /best_c10/);
    assert.match(text, /percentile|%/);
  });

  test('no hover outside cells', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 3));
    assert.doesNotMatch(hoverText(hovers ?? []), /TG-NAS/);
  });

  test('unknown operator gets a diagnostic from the server', async () => {
    const typo = await vscode.workspace.openTextDocument(workspaceFile('typo.arch'));
    await vscode.window.showTextDocument(typo);
    const diags = await waitFor('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(typo.uri);
      return d.length ? d : undefined;
    });
    assert.equal(diags.length, 1);
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(typo.getText(diags[0].range), 'nor_conv_5x5');
    assert.equal(diags[0].code, 'unknown-operator');
    assert.equal(vscode.languages.getDiagnostics(doc.uri).length, 0, 'the valid sample has no diagnostics');
  });

  test('contributed command exists and runs', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('tgnas.showOutput'));
    await vscode.commands.executeCommand('tgnas.showOutput');
  });

  test('the tgnas section reads as one object the shared normaliser takes whole', () => {
    // The extension and the server both hand this object to normalizeSettings: its nested shape must hold.
    const raw = vscode.workspace.getConfiguration().get<Record<string, any>>(SETTINGS_SECTION);
    assert.equal(raw?.search?.population, DEFAULT_SETTINGS.search.population);
    assert.equal(raw?.encoder?.kind, DEFAULT_SETTINGS.encoder.kind);
    assert.deepEqual(normalizeSettings(raw), DEFAULT_SETTINGS);
  });

  test('server answers tgnas/status', async () => {
    const api = vscode.extensions.getExtension<TgnasApi>(EXTENSION_ID)!.exports;
    const status: StatusResult = await api.client.sendRequest(StatusRequest.type);
    assert.ok(['model', 'baseline'].includes(status.scorer), `scorer ${status.scorer}`);
    assert.ok(status.documents >= 2, `server tracks the open documents (got ${status.documents})`);
  });
});
