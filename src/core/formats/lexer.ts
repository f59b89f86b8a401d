/**
 * Lexer of the `.arch` language. Comments are first blanked out of the whole document
 * (`maskComments`, offsets preserved) so that the embedded notations (NB201 strings,
 * Genotype(...), JSON) never see them; the lexer then tokenizes statement headers,
 * `space { }` bodies and `graph { }` blocks. Newlines are tokens: they separate items.
 */
import type { Reporter } from './text';

export type ArchTokKind = 'ident' | 'number' | 'string' | 'punct' | 'newline' | 'other';

export interface ArchToken {
  kind: ArchTokKind;
  /** Source text (for strings: the decoded value). */
  value: string;
  start: number;
  end: number;
  /** Strings only: false when the closing quote is missing. */
  closed?: boolean;
}

/**
 * Replaces `#` comments by spaces (newlines kept), outside "..." and '...' strings, which end at
 * the end of their line at the latest.
 */
export function maskComments(text: string): string {
  // Slices of the text between comments, and each comment blanked (a '\r' kept): no per-character array.
  const parts: string[] = [];
  let from = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote || c === '\n') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      let j = text.indexOf('\n', i);
      if (j < 0) j = text.length;
      parts.push(text.slice(from, i), text.slice(i, j).replace(/[^\r]/g, ' '));
      from = j;
      i = j;
    }
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

const PUNCT2 = ['<-'];
const PUNCT1 = '{}[](),;:=';

/** Identifiers may contain '-' between word characters (NB101 op names such as conv3x3-bn-relu). */
const IDENT = /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;

export function lexArch(text: string, start = 0, end = text.length): ArchToken[] {
  const toks: ArchToken[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '\n') {
      toks.push({ kind: 'newline', value: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < end && text[j] !== '"' && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < end && text[j + 1] !== '\n') {
          const n = text[j + 1];
          value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
          continue;
        }
        value += text[j++];
      }
      const closed = j < end && text[j] === '"';
      toks.push({ kind: 'string', value, start: i, end: closed ? j + 1 : j, closed });
      i = closed ? j + 1 : j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.includes(two) && i + 2 <= end) {
      toks.push({ kind: 'punct', value: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      toks.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    IDENT.lastIndex = i;
    let m = IDENT.exec(text);
    if (m && i + m[0].length <= end) {
      toks.push({ kind: 'ident', value: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    m = NUMBER.exec(text);
    if (m && m[0] !== '-' && i + m[0].length <= end) {
      toks.push({ kind: 'number', value: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    toks.push({ kind: 'other', value: c, start: i, end: i + 1 });
    i++;
  }
  return toks;
}

/** Statement starts: a line whose first word is a top-level keyword followed by a name. */
export const STATEMENT_START = /^[ \t]*(cell|op|space)[ \t]+(?=[A-Za-z_])/gm;

export interface StatementSpan {
  keyword: 'cell' | 'op' | 'space';
  start: number;
  end: number;
}

/** Splits a (comment-masked) document into top-level statements; text before the first is returned as `preamble`. */
export function splitStatements(masked: string): { preamble: { start: number; end: number }; statements: StatementSpan[] } {
  const statements: StatementSpan[] = [];
  STATEMENT_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STATEMENT_START.exec(masked))) {
    const kwStart = m.index + m[0].length - m[0].trimStart().length;
    if (statements.length) statements[statements.length - 1].end = m.index;
    statements.push({ keyword: m[1] as StatementSpan['keyword'], start: kwStart, end: masked.length });
  }
  return { preamble: { start: 0, end: statements.length ? statements[0].start : masked.length }, statements };
}

/** Token cursor over one statement. */
export class Cursor {
  i = 0;
  constructor(readonly toks: ArchToken[], readonly end: number) {}
  peek(o = 0): ArchToken | undefined {
    return this.toks[this.i + o];
  }
  next(): ArchToken | undefined {
    return this.toks[this.i++];
  }
  skipNewlines(): void {
    while (this.peek()?.kind === 'newline') this.i++;
  }
  /** Inside `{ ... }`: the token that starts the next item (newlines and ';' skipped); undefined at '}' (then `closed`) or the end. */
  nextItem(): ArchToken | undefined {
    for (let t = this.next(); t; t = this.next()) {
      if (t.kind === 'newline' || t.value === ';') continue;
      if (t.value === '}') {
        this.closed = true;
        return undefined;
      }
      return t;
    }
    return undefined;
  }
  /** Whether nextItem() met the block's '}'. */
  closed = false;
  is(value: string, o = 0): boolean {
    const t = this.peek(o);
    return !!t && (t.kind === 'punct' || t.kind === 'ident') && t.value === value;
  }
}

/**
 * The head of a statement `KEYWORD NAME ...` over text[start, lexEnd): a cursor past the name, or
 * undefined (with the error reported) when no name follows the keyword.
 */
export function statementHead(
  text: string, start: number, lexEnd: number, rep: Reporter, keyword: 'cell' | 'op' | 'space', what: string,
): { c: Cursor; name: ArchToken } | undefined {
  const c = new Cursor(lexArch(text, start, lexEnd), lexEnd);
  c.next(); // the keyword
  const name = c.next();
  if (name?.kind !== 'ident') {
    rep.error(name?.start ?? lexEnd, name?.end ?? lexEnd, 'arch-syntax', `expected ${what} name after '${keyword}'`);
    return undefined;
  }
  return { c, name };
}

/** End of text[start, end) without trailing whitespace. */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
