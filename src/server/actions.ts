/**
 * Quick fixes: a diagnostic carrying suggestions ('did you mean') offers one replacement edit per
 * suggestion. Suggestions of 'unbalanced-brackets' are insertions at a place the range does not
 * say, so they get no edit; quoted names (genotypes, JSON) keep their quotes.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const NOT_REPLACEMENTS = new Set(['unbalanced-brackets', 'unterminated-string']);

export function quickFixes(doc: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'tgnas' || NOT_REPLACEMENTS.has(String(d.code))) continue;
    const suggestions = (d.data as { suggestions?: string[] } | undefined)?.suggestions ?? [];
    const old = doc.getText(d.range);
    const q = old.length >= 2 && (old[0] === '"' || old[0] === "'") && old[old.length - 1] === old[0] ? old[0] : '';
    suggestions.forEach((s, i) => out.push({
      title: `Did you mean '${s}'?`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: i === 0,
      edit: { changes: { [doc.uri]: [{ range: d.range, newText: q + s + q }] } },
    }));
  }
  return out;
}
