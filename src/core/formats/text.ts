/**
 * Shared text helpers of the notation parsers: offset -> 1-based line/column mapping
 * (with a base position, so a string embedded in a larger document reports document
 * positions), diagnostics, and "did you mean" suggestions.
 */
import type { Diagnostic, Severity, SourceRange } from '../types';

/** Where the first character of a parsed text sits in its document (1-based). Default 1:1. */
export interface BasePosition {
  line?: number;
  column?: number;
}

/** Maps offsets of one text to 1-based line/column; columns count UTF-16 code units (as LSP does). */
export class LineMap {
  private readonly starts: number[] = [0];
  private readonly baseLine: number;
  private readonly baseColumn: number;

  constructor(readonly text: string, base: BasePosition = {}) {
    this.baseLine = base.line ?? 1;
    this.baseColumn = base.column ?? 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // Only the first line is shifted by the base column: later lines start at column 1 of the document.
    const column = lo === 0 ? this.baseColumn + o : o - this.starts[lo] + 1;
    return { line: this.baseLine + lo, column };
  }

  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Offset of a 1-based line/column (inverse of position, for callers holding editor positions). */
  offsetAt(line: number, column: number): number {
    const idx = Math.max(0, Math.min(line - this.baseLine, this.starts.length - 1));
    const col = idx === 0 ? column - this.baseColumn : column - 1;
    const lineEnd = idx + 1 < this.starts.length ? this.starts[idx + 1] - 1 : this.text.length;
    return Math.max(this.starts[idx], Math.min(this.starts[idx] + Math.max(0, col), lineEnd));
  }
}

/** Collects diagnostics against one LineMap. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly map: LineMap) {}

  add(severity: Severity, start: number, end: number, code: string, message: string, suggestions?: string[]): Diagnostic {
    const d: Diagnostic = { severity, range: this.map.range(start, Math.max(end, start)), message, code };
    if (suggestions && suggestions.length) d.suggestions = suggestions;
    this.diagnostics.push(d);
    return d;
  }
  error(start: number, end: number, code: string, message: string, suggestions?: string[]): Diagnostic {
    return this.add('error', start, end, code, message, suggestions);
  }
  warning(start: number, end: number, code: string, message: string, suggestions?: string[]): Diagnostic {
    return this.add('warning', start, end, code, message, suggestions);
  }
  private counted = 0;
  private errors = 0;
  /**
   * Errors reported so far. Counted incrementally (diagnostics are only ever appended, or reordered), so
   * a parser that asks before and after each of many cells of one document stays linear.
   */
  get errorCount(): number {
    for (; this.counted < this.diagnostics.length; this.counted++) if (this.diagnostics[this.counted].severity === 'error') this.errors++;
    return this.errors;
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Levenshtein distance with an early exit once every cell of a row exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Names close to `name`: small edit distance, same name in another case, or one containing
 * the other (so 'conv_3x3' finds 'nor_conv_3x3', four edits away). Best first, at most `limit`.
 */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored: Array<[string, number]> = [];
  const budget = Math.max(2, Math.floor(name.length / 3));
  for (const c of new Set(candidates)) {
    const cl = c.toLowerCase();
    let score: number;
    if (cl === lower) score = 0.1;
    else {
      const d = editDistance(lower, cl, budget);
      if (d <= budget) score = d;
      else if (lower.length >= 3 && (cl.includes(lower) || lower.includes(cl))) score = budget + 0.5;
      else continue;
    }
    scored.push([c, score]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map((s) => s[0]);
}

/** `unknown operator 'x' (did you mean 'y'?)` plus the suggestions for quick fixes. */
export function unknownName(what: string, name: string, candidates: Iterable<string>): { message: string; suggestions: string[] } {
  const suggestions = suggest(name, candidates);
  const hint = suggestions.length ? ` (did you mean '${suggestions[0]}'?)` : '';
  return { message: `unknown ${what} '${name}'${hint}`, suggestions };
}

const sets = new WeakMap<readonly string[], ReadonlySet<string>>();
/** The set of a vocabulary list, built once per list object (a document's cells share their space's list). */
export function setOf(list: readonly string[]): ReadonlySet<string> {
  let s = sets.get(list);
  if (!s) sets.set(list, (s = new Set(list)));
  return s;
}

/** Short quoted excerpt of source text for messages. */
export function excerpt(s: string, max = 24): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * Message for an operator outside the allowed set. `explain` may say why a known name is not
 * allowed here (e.g. "operator 'x' is not in the ops list of space 's'"); it replaces "unknown operator".
 */
export function unknownOperator(
  name: string,
  allowed: Iterable<string>,
  explain?: (name: string) => string | undefined,
): { message: string; suggestions: string[] } {
  const u = unknownName('operator', name, allowed);
  // A fix must not change what the author meant: 'noise' is two edits from 'none' (the zero op), but
  // turning an unknown operator into "no edge" or "identity" is only offered for a one-letter slip.
  const meaningless = /^(none|zero|zeroize|skip_connect|identity|input|output)$/;
  const kept = u.suggestions.filter((c) => !meaningless.test(c) || editDistance(name.toLowerCase(), c.toLowerCase(), 1) <= 1);
  if (kept.length !== u.suggestions.length) {
    u.suggestions = kept;
    u.message = `unknown operator '${name}'${kept.length ? ` (did you mean '${kept[0]}'?)` : ''}`;
  }
  const why = explain?.(name);
  if (!why) return u;
  return { message: u.suggestions.length ? `${why} (did you mean '${u.suggestions[0]}'?)` : why, suggestions: u.suggestions };
}
