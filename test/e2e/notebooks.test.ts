/**
 * Extension-host tests of notebooks: a real `.ipynb` opened with VS Code's built-in Jupyter
 * serializer (the `vscode.ipynb` extension, present in code-server). Its cells are text documents
 * with `vscode-notebook-cell:` URIs, and the TG-NAS server serves them as it serves files.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test, waitFor } from './harness';

const notebookUri = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'genotypes.ipynb');
const text = (hovers: vscode.Hover[] | undefined) => (hovers ?? []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');

suite('notebooks', () => {
  let notebook: vscode.NotebookDocument;
  const cellOf = (language: string, n = 0) => notebook.getCells().filter((c) => c.document.languageId === language)[n].document;
  /** The hover text 3 characters into `needle`, once it matches `ready` (the server scores in the background). */
  const hoverAt = (doc: vscode.TextDocument, needle: string, ready: RegExp, timeout?: number) => {
    const position = doc.positionAt(doc.getText().indexOf(needle) + 3);
    return waitFor(`a hover matching ${ready} in the ${doc.languageId} cell`, async () => {
      const t = text(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position));
      return ready.test(t) ? t : undefined;
    }, timeout);
  };

  test('an .ipynb opens as a notebook whose cells are vscode-notebook-cell documents', async () => {
    assert.ok(vscode.extensions.getExtension('vscode.ipynb'), 'the built-in Jupyter serializer is present');
    notebook = await vscode.workspace.openNotebookDocument(notebookUri());
    await vscode.window.showNotebookDocument(notebook);
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    assert.deepEqual(notebook.getCells().map((c) => c.document.languageId), ['markdown', 'python', 'nas-arch', 'nas-arch']);
    assert.equal(cellOf('python').uri.scheme, 'vscode-notebook-cell');
  }, 30_000);

  test('a Genotype code cell gets a TG-NAS hover and an inlay hint', async () => {
    const doc = cellOf('python');
    const hover = await hoverAt(doc, 'Genotype(\n', /percentile|%/, 30_000);
    assert.match(hover, /TG-NAS/);
    assert.match(hover, /Genotype( `\w+`)? · DARTS/);
    const hints = await waitFor('an inlay hint in the code cell', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
      return h?.length ? h : undefined;
    });
    assert.equal(hints.length, 1);
    assert.match(String(hints[0].label), /pct|%/);
  }, 40_000);

  test('an NB201 string in a Markdown cell gets a hover', async () => {
    const hover = await hoverAt(cellOf('markdown'), '|nor_conv_3x3~0|', /TG-NAS/);
    assert.match(hover, /NB201 cell · NAS-Bench-201/);
  });

  test('an op declared in one .arch cell scores a cell of another', async () => {
    const doc = cellOf('nas-arch', 1);
    assert.match(doc.getText(), /^cell ghosted/);
    const hints = await waitFor('the ghosted cell scored', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
      return h?.length ? h : undefined;
    }, 30_000);
    assert.equal(hints.length, 1);
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri), [], 'ghost is declared in the notebook');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }, 40_000);
});
