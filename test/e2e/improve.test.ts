/**
 * Extension-host test of "Improve this cell" in real VS Code: the code action's edit raises the
 * predicted score (the hover's percentile), and undo restores the text.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test, waitFor } from './harness';

const WEAK = '|avg_pool_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|skip_connect~2|';
const hoverText = async (doc: vscode.TextDocument, at: vscode.Position) =>
  ((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [])
    .flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
/** The percentile in a hover ("87th percentile"). */
const percentileOf = (hover: string) => Number(/(\d+)(?:st|nd|rd|th) percentile/.exec(hover)?.[1]);

suite('improve this cell', () => {
  test('the best single edit raises the predicted percentile; undo restores the text', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: `weak = '${WEAK}'\n` });
    await vscode.window.showTextDocument(doc);
    const at = new vscode.Position(0, 12);
    const before = await waitFor('a scored hover', async () => {
      const p = percentileOf(await hoverText(doc, at));
      return Number.isFinite(p) ? p : undefined;
    }, 30_000);
    assert.match(await hoverText(doc, at), /Improve this cell/, 'the hover links to the improve menu');
    const action = await waitFor('an improve action', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at), vscode.CodeActionKind.RefactorRewrite.value);
      return actions?.find((a) => a.title.startsWith('TG-NAS: edge'));
    }, 30_000);
    assert.ok(action.edit, action.title);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    const changed = doc.getText();
    assert.notEqual(changed, `weak = '${WEAK}'\n`);
    const after = await waitFor('the edited cell scored', async () => {
      const p = percentileOf(await hoverText(doc, at));
      return Number.isFinite(p) && doc.version > 1 ? p : undefined;
    }, 30_000);
    assert.ok(after > before, `${action.title}: ${before} -> ${after}`);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restores the text', () => (doc.getText() === `weak = '${WEAK}'\n` ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }, 90_000);
});
