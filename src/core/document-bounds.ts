/**
 * The bounds of one document's analysis: how much of a huge document is read (and the one diagnostic
 * that says so), and how many diagnostics are listed before one summary counts the rest.
 */
import type { Diagnostic } from './types';
import { MAX_DIAGNOSTICS, MAX_DOCUMENT_CHARS } from './limits';

/**
 * Where a document longer than MAX_DOCUMENT_CHARS (or known to be truncated) is cut: at the start of the
 * last statement (`.arch`) or line (other files) that begins within the limit, so no statement is read
 * half; plus the one diagnostic, at the cut, that says so. Undefined for a document analysed whole.
 */
export function documentCut(text: string, language: 'arch' | 'text', truncated: boolean): { at: number; diagnostic: Diagnostic } | undefined {
  if (text.length <= MAX_DOCUMENT_CHARS && !truncated) return undefined;
  const limit = Math.min(text.length, MAX_DOCUMENT_CHARS);
  // A line start at or before the limit (the whole prefix when the text ends there and was only truncated).
  let at = text.length <= MAX_DOCUMENT_CHARS && text.endsWith('\n') ? text.length : text.lastIndexOf('\n', limit - 1) + 1;
  if (language === 'arch' && at > 0) {
    // Back to the last statement start: look at a bounded window only (statements are rarely that long).
    const from = Math.max(0, at - 65_536);
    const re = /^[ \t]*(?:cell|op|space)[ \t]+[A-Za-z_]/gm;
    re.lastIndex = from;
    let last = -1;
    for (let m = re.exec(text); m && m.index < at; m = re.exec(text)) last = m.index;
    if (last > 0) at = last;
  }
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('en-US')} KB`;
  const size = text.length > MAX_DOCUMENT_CHARS ? `${kb(text.length)} long` : `larger than ${kb(MAX_DOCUMENT_CHARS)}`;
  return {
    at,
    diagnostic: {
      severity: 'warning', code: 'document-too-large', range: { line, column: 1, endLine: line, endColumn: 1 },
      message: `this document is ${size}: TG-NAS analyses its first ${kb(MAX_DOCUMENT_CHARS)} only (${line > 1 ? `up to line ${line - 1}` : 'nothing here: its first line is longer'}); ` +
        'architectures from here on are neither checked nor scored. Split the file to analyse the rest',
    },
  };
}

/** At most MAX_DIAGNOSTICS diagnostics (in document order), then one that counts the rest, as severe as the worst of them. */
export function capDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const rest = diagnostics.slice(MAX_DIAGNOSTICS);
  const count = (sev: Diagnostic['severity']) => rest.filter((d) => d.severity === sev).length;
  const errors = count('error');
  const warnings = count('warning');
  const others = rest.length - errors - warnings;
  const n = (k: number) => k.toLocaleString('en-US');
  const parts = [errors && `${n(errors)} error${errors === 1 ? '' : 's'}`, warnings && `${n(warnings)} warning${warnings === 1 ? '' : 's'}`, others && `${n(others)} other`]
    .filter(Boolean).join(', ');
  const r = rest[0].range;
  kept.push({
    severity: errors ? 'error' : warnings ? 'warning' : rest[0].severity,
    code: 'too-many-problems',
    range: { line: r.line, column: r.column, endLine: r.line, endColumn: r.column },
    message: `… and ${n(rest.length)} more problems (${parts}) from here on, not listed: fix the ones above first`,
  });
  return kept;
}
