/** Core shapes -> LSP shapes. Core ranges are 1-based with exclusive ends; LSP's are 0-based. */
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver/node';
import type { Diagnostic as CoreDiagnostic, Severity, SourceRange } from '../core/types';

export const toRange = (r: SourceRange): Range => ({
  start: { line: r.line - 1, character: r.column - 1 },
  end: { line: r.endLine - 1, character: r.endColumn - 1 },
});

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information,
};

/** Suggestions travel in `data` so the code-action handler can offer them without re-parsing. */
export const toDiagnostic = (d: CoreDiagnostic): Diagnostic => ({
  range: toRange(d.range), severity: SEVERITY[d.severity], message: d.message, code: d.code, source: 'tgnas',
  ...(d.suggestions?.length ? { data: { suggestions: d.suggestions } } : {}),
});

export const inRange = (r: SourceRange, line: number, character: number): boolean => {
  const l = line + 1;
  const c = character + 1;
  if (l < r.line || l > r.endLine) return false;
  if (l === r.line && c < r.column) return false;
  if (l === r.endLine && c > r.endColumn) return false;
  return true;
};
