/** Host-side effects the webviews ask for that need nothing but `vscode`: reveal a range, copy text. */
import * as vscode from 'vscode';
import type { LspRange } from '../../shared/protocol';

/** Opens the document and selects the cell (LSP positions: 0-based line, UTF-16 character). */
export async function revealRange(uri: string, range: LspRange): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  const editor = await vscode.window.showTextDocument(doc, { selection: r, preserveFocus: false });
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export async function copyText(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage('TG-NAS: copied to the clipboard', 2000);
}
