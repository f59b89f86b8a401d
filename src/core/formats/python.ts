/**
 * Python literals as researchers write architectures in them: lists, tuples, dicts, strings in
 * either quote style (adjacent strings concatenated, as Python does), ints, names, calls, `...`,
 * `#` comments and line breaks. Shared by the Genotype, NB301 compact and NB101 `ModelSpec` /
 * dict readers. Anything that is not a literal (`genos[0]`, `a + b`, `x.normal`) reads as one
 * `expr` node, so callers can tell code from a broken literal and stay silent about code.
 */
import type { Reporter } from './text';
import { excerpt } from './text';
import { MAX_NESTING } from '../limits';

export type TokT = 'name' | 'int' | 'str' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ':' | '=' | '-' | '...' | 'other';
export interface Tok { t: TokT; s: number; e: number; v: string }

export type PyNode =
  | { k: 'seq'; items: PyNode[]; s: number; e: number; bracket: '[' | '(' }
  | { k: 'dict'; entries: Array<[PyNode, PyNode]>; s: number; e: number }
  | { k: 'str'; v: string; s: number; e: number }
  | { k: 'int'; v: number; s: number; e: number }
  | { k: 'name'; v: string; s: number; e: number }
  | { k: 'call'; name: string; args: PyNode[]; kwargs: Map<string, PyNode>; s: number; e: number }
  | { k: 'ellipsis'; s: number; e: number }
  /** Code, not a literal (a subscript, an operator, an attribute of a call, ...). */
  | { k: 'expr'; s: number; e: number };

/** Python-ish tokens over text[start, end); comments and whitespace dropped. */
export function tokenizePython(text: string, start: number, end: number, rep?: Reporter): Tok[] {
  const toks: Tok[] = [];
  let i = start;
  while (i < end) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\\') {
      i++;
    } else if (ch === '#') {
      while (i < end && text[i] !== '\n') i++;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < end && text[j] !== ch && text[j] !== '\n') {
        if (text[j] === '\\' && j + 1 < end) j++;
        value += text[j++];
      }
      if (j >= end || text[j] !== ch) {
        rep?.error(i, j, 'unterminated-string', `string starting with ${ch} is never closed`);
        toks.push({ t: 'other', s: i, e: j, v: text.slice(i, j) });
        i = j;
      } else {
        const prev = toks[toks.length - 1];
        // Implicit concatenation: 'ab' 'cd' (also across lines inside brackets) is one string 'abcd'.
        if (prev?.t === 'str') {
          prev.v += value;
          prev.e = j + 1;
        } else toks.push({ t: 'str', s: i, e: j + 1, v: value });
        i = j + 1;
      }
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < end && /[\w.]/.test(text[j])) j++;
      toks.push({ t: 'name', s: i, e: j, v: text.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < end && /[\w.]/.test(text[j])) j++;
      const v = text.slice(i, j);
      toks.push({ t: /^\d+$/.test(v) ? 'int' : 'other', s: i, e: j, v });
      i = j;
    } else if (ch === '.' && text.startsWith('...', i)) {
      toks.push({ t: '...', s: i, e: i + 3, v: '...' });
      i += 3;
    } else {
      const t: TokT = '()[]{},:=-'.includes(ch) ? (ch as TokT) : 'other';
      toks.push({ t, s: i, e: i + 1, v: ch });
      i++;
    }
  }
  return toks;
}

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const isOpen = (t: TokT) => t === '(' || t === '[' || t === '{';
const isClose = (t: TokT) => t === ')' || t === ']' || t === '}';

/** Reports unbalanced brackets; true when balanced. */
export function checkBrackets(toks: readonly Tok[], rep: Reporter): boolean {
  const stack: Tok[] = [];
  let ok = true;
  for (const t of toks) {
    if (isOpen(t.t)) stack.push(t);
    else if (isClose(t.t)) {
      const open = stack.pop();
      const below = stack[stack.length - 1];
      if (open && CLOSE[open.v] !== t.v && below && CLOSE[below.v] === t.v) {
        // The closer matches the bracket below: the top one is the bracket left open.
        rep.error(open.s, open.e, 'unbalanced-brackets', `'${open.v}' is never closed (add '${CLOSE[open.v]}')`, [CLOSE[open.v]]);
        stack.pop();
        ok = false;
      } else if (!open) {
        rep.error(t.s, t.e, 'unbalanced-brackets', `unmatched '${t.v}': no bracket is open here`);
        ok = false;
      } else if (CLOSE[open.v] !== t.v) {
        const p = rep.map.position(open.s);
        rep.error(t.s, t.e, 'unbalanced-brackets',
          `'${t.v}' closes '${open.v}' opened at line ${p.line}, column ${p.column}: expected '${CLOSE[open.v]}'`, [CLOSE[open.v]]);
        ok = false;
      }
    }
  }
  for (const open of stack) {
    rep.error(open.s, open.e, 'unbalanced-brackets', `'${open.v}' is never closed (add '${CLOSE[open.v]}')`, [CLOSE[open.v]]);
    ok = false;
  }
  return ok;
}

/** Thrown after a syntax error has been reported; the caller returns undefined. */
export class SyntaxStop extends Error {}

/** Recursive-descent reader of one Python value over balanced tokens. */
export class PythonParser {
  i = 0;
  /** Bracket depth of the value being read: bounded by MAX_NESTING (no stack overflow on deep input). */
  private depth = 0;
  constructor(
    private toks: Tok[],
    private rep: Reporter,
    private end: number,
    /** Diagnostic code of syntax errors ('genotype-syntax', 'nb101-syntax', ...). */
    private code = 'python-syntax',
  ) {}
  peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  fail(t: Tok | undefined, message: string): never {
    const s = t ? t.s : this.end;
    this.rep.error(s, t ? t.e : this.end, this.code, message);
    throw new SyntaxStop();
  }
  expect(tt: TokT, what: string): Tok {
    const t = this.peek();
    if (t?.t !== tt) this.fail(t, `expected ${what}${t ? `, found '${excerpt(t.v)}'` : ' before the end'}`);
    this.i++;
    return t;
  }
  /** Comma-separated values up to `close`; a trailing comma is fine. */
  list(close: TokT): PyNode[] {
    const items: PyNode[] = [];
    while (this.peek()?.t !== close) {
      items.push(this.value());
      this.separator(close);
    }
    this.i++;
    return items;
  }
  /** Call arguments: positional values and `name=value` keywords, up to ')'. */
  arguments(): { args: PyNode[]; kwargs: Map<string, PyNode>; keywordTokens: Map<string, Tok> } {
    const args: PyNode[] = [];
    const kwargs = new Map<string, PyNode>();
    const keywordTokens = new Map<string, Tok>();
    while (this.peek()?.t !== ')') {
      const t = this.peek();
      if (t?.t === 'name' && this.peek(1)?.t === '=') {
        this.i += 2;
        kwargs.set(t.v, this.value());
        keywordTokens.set(t.v, t);
      } else args.push(this.value());
      this.separator(')');
    }
    this.i++;
    return { args, kwargs, keywordTokens };
  }
  private separator(close: TokT): void {
    const t = this.peek();
    if (t?.t === ',') this.i++;
    else if (t?.t !== close) this.fail(t, `expected ',' or '${close}'${t ? `, found '${excerpt(t.v)}'` : ''}`);
  }
  value(): PyNode {
    if (++this.depth > MAX_NESTING) {
      const t = this.peek();
      this.rep.error(t ? t.s : this.end, t ? t.e : this.end, 'too-deeply-nested', `brackets nested more than ${MAX_NESTING} levels deep (a cell nests 4 at most)`);
      throw new SyntaxStop();
    }
    try {
      const v = this.valueAt();
      return this.atValueEnd() ? v : this.expressionTail(v.s);
    } finally {
      this.depth--;
    }
  }
  private atValueEnd(): boolean {
    const t = this.peek();
    return !t || t.t === ',' || t.t === ':' || isClose(t.t);
  }
  /** The rest of an expression (`genos[0]`, `a + b`): skipped to the next ',' or closing bracket at this level. */
  private expressionTail(s: number): PyNode {
    let depth = 0;
    let e = s;
    for (let t = this.peek(); t; t = this.peek()) {
      if (depth === 0 && (t.t === ',' || t.t === ':' || isClose(t.t))) break;
      if (isOpen(t.t)) depth++;
      else if (isClose(t.t)) depth--;
      e = t.e;
      this.i++;
    }
    return { k: 'expr', s, e };
  }
  private valueAt(): PyNode {
    const t = this.peek();
    if (!t) return this.fail(t, 'expected a value');
    if (t.t === '[' || t.t === '(') {
      this.i++;
      const items = this.list(t.t === '[' ? ']' : ')');
      return { k: 'seq', items, s: t.s, e: this.toks[this.i - 1].e, bracket: t.t };
    }
    if (t.t === '{') {
      this.i++;
      const entries: Array<[PyNode, PyNode]> = [];
      while (this.peek()?.t !== '}') {
        const key = this.value();
        this.expect(':', "':' after a dict key");
        entries.push([key, this.value()]);
        this.separator('}');
      }
      this.i++;
      return { k: 'dict', entries, s: t.s, e: this.toks[this.i - 1].e };
    }
    if (t.t === '...') return this.i++, { k: 'ellipsis', s: t.s, e: t.e };
    if (t.t === 'str') return this.i++, { k: 'str', v: t.v, s: t.s, e: t.e };
    if (t.t === 'int') return this.i++, { k: 'int', v: Number(t.v), s: t.s, e: t.e };
    if (t.t === '-' && this.peek(1)?.t === 'int') {
      const n = this.toks[this.i + 1];
      this.i += 2;
      return { k: 'int', v: -Number(n.v), s: t.s, e: n.e };
    }
    if (t.t === 'name') {
      this.i++;
      if (this.peek()?.t === '(') {
        this.i++;
        const { args, kwargs } = this.arguments();
        return { k: 'call', name: t.v, args, kwargs, s: t.s, e: this.toks[this.i - 1].e };
      }
      return { k: 'name', v: t.v, s: t.s, e: t.e };
    }
    // Anything else starts an expression (a lambda, a unary operator, ...): code, not a literal.
    this.i++;
    return this.expressionTail(t.s);
  }
}

/** True when a value holds `...` anywhere: an elided example, not an architecture. */
export function hasEllipsis(n: PyNode): boolean {
  switch (n.k) {
    case 'ellipsis':
      return true;
    case 'seq':
      return n.items.some(hasEllipsis);
    case 'dict':
      return n.entries.some(([k, v]) => hasEllipsis(k) || hasEllipsis(v));
    case 'call':
      return n.args.some(hasEllipsis) || [...n.kwargs.values()].some(hasEllipsis);
    default:
      return false;
  }
}

/** True when a value is code rather than data: a name, a call other than `range`/`list`/`tuple`, or an expression. */
export function isCode(n: PyNode): boolean {
  return n.k === 'name' || n.k === 'expr' || (n.k === 'call' && !/(^|\.)(range|list|tuple)$/.test(n.name));
}
