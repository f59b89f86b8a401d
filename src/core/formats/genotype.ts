/**
 * DARTS genotypes as researchers keep them in genotypes.py:
 *   Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=range(2, 6))
 * Tuples or lists, either quote style, a module prefix, positional or keyword arguments, line
 * breaks, trailing commas, `range(a, b)` / `list(range(a, b))` and `#` comments are all accepted.
 * Only literals are read: a variable argument is reported as 'genotype-not-literal' (the
 * in-text finder uses that code to skip code such as `Genotype(normal=gene_normal, ...)`).
 */
import type { DartsCell, DartsPairs } from '../types';
import { DARTS_OPS } from '../spaces/vocabulary';
import { BasePosition, LineMap, Reporter, excerpt, unknownName, unknownOperator, setOf } from './text';
import type { ParseResult, RangeParseOptions } from './nb201';
import { MAX_NESTING } from '../limits';

export const DARTS_OP_NAMES: readonly string[] = DARTS_OPS.map((o) => o.name);
/** NASLib NB301 compact op order. */
export const NB301_COMPACT_OPS: readonly string[] = [
  'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5',
];
const ARG_NAMES = ['normal', 'normal_concat', 'reduce', 'reduce_concat'] as const;
type ArgName = (typeof ARG_NAMES)[number];

export interface GenotypeOptions extends RangeParseOptions {
  /**
   * Intermediate nodes per cell (pairs = 2 × nodes). Default 4 (DARTS: 8 pairs).
   * 'any' reads NASNet-style cells of any size (an even pair count).
   */
  nodes?: number | 'any';
}

export function parseGenotype(text: string, options: GenotypeOptions & BasePosition = {}): ParseResult<DartsCell> {
  const rep = new Reporter(new LineMap(text, options));
  const cell = parseGenotypeRange(text, 0, text.length, rep, options);
  return { cell, diagnostics: rep.diagnostics };
}

type TokT = 'name' | 'int' | 'str' | '(' | ')' | '[' | ']' | ',' | '=' | '-' | 'other';
interface Tok { t: TokT; s: number; e: number; v: string }

/** Python-ish tokens; comments and whitespace dropped. Exported for the in-text finder's bracket matching. */
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
        toks.push({ t: 'str', s: i, e: j + 1, v: value });
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
    } else {
      const t: TokT = '()[],=-'.includes(ch) ? (ch as TokT) : 'other';
      toks.push({ t, s: i, e: i + 1, v: ch });
      i++;
    }
  }
  return toks;
}

const CLOSE: Record<string, string> = { '(': ')', '[': ']' };

/** Reports unbalanced brackets; true when balanced. */
export function checkBrackets(toks: readonly Tok[], rep: Reporter): boolean {
  const stack: Tok[] = [];
  let ok = true;
  for (const t of toks) {
    if (t.t === '(' || t.t === '[') stack.push(t);
    else if (t.t === ')' || t.t === ']') {
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

type Node =
  | { k: 'seq'; items: Node[]; s: number; e: number }
  | { k: 'str'; v: string; s: number; e: number }
  | { k: 'int'; v: number; s: number; e: number }
  | { k: 'name'; v: string; s: number; e: number }
  | { k: 'call'; name: string; args: Node[]; s: number; e: number };

class SyntaxStop extends Error {}

class Parser {
  i = 0;
  /** Bracket depth of the value being read: bounded by MAX_NESTING (no stack overflow on deep input). */
  private depth = 0;
  constructor(private toks: Tok[], private rep: Reporter, private end: number) {}
  peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  fail(t: Tok | undefined, message: string): never {
    const s = t ? t.s : this.end;
    this.rep.error(s, t ? t.e : this.end, 'genotype-syntax', message);
    throw new SyntaxStop();
  }
  expect(tt: TokT, what: string): Tok {
    const t = this.peek();
    if (t?.t !== tt) this.fail(t, `expected ${what}${t ? `, found '${excerpt(t.v)}'` : ' before the end'}`);
    this.i++;
    return t;
  }
  /** Comma-separated values up to `close`; a trailing comma is fine. */
  list(close: TokT): Node[] {
    const items: Node[] = [];
    while (this.peek()?.t !== close) {
      items.push(this.value());
      const t = this.peek();
      if (t?.t === ',') this.i++;
      else if (t?.t !== close) this.fail(t, `expected ',' or '${close}'${t ? `, found '${excerpt(t.v)}'` : ''}`);
    }
    this.i++;
    return items;
  }
  value(): Node {
    if (++this.depth > MAX_NESTING) {
      const t = this.peek();
      this.rep.error(t ? t.s : this.end, t ? t.e : this.end, 'too-deeply-nested', `brackets nested more than ${MAX_NESTING} levels deep (a cell nests 4 at most)`);
      throw new SyntaxStop();
    }
    try {
      return this.valueAt();
    } finally {
      this.depth--;
    }
  }
  private valueAt(): Node {
    const t = this.peek();
    if (!t) return this.fail(t, 'expected a value');
    if (t.t === '[' || t.t === '(') {
      this.i++;
      const items = this.list(t.t === '[' ? ']' : ')');
      return { k: 'seq', items, s: t.s, e: this.toks[this.i - 1].e };
    }
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
        const args = this.list(')');
        return { k: 'call', name: t.v, args, s: t.s, e: this.toks[this.i - 1].e };
      }
      return { k: 'name', v: t.v, s: t.s, e: t.e };
    }
    return this.fail(t, `unexpected '${excerpt(t.v)}'`);
  }
}

/** Parses text[start, end) as one `Genotype(...)` literal. */
export function parseGenotypeRange(
  text: string,
  start: number,
  end: number,
  rep: Reporter,
  options: GenotypeOptions = {},
): DartsCell | undefined {
  const before = rep.errorCount;
  const toks = tokenizePython(text, start, end, rep);
  if (toks.length === 0) {
    rep.error(start, end, 'genotype-syntax', 'empty genotype: expected Genotype(normal=[...], normal_concat=[...], reduce=[...], reduce_concat=[...])');
    return undefined;
  }
  if (!checkBrackets(toks, rep) || rep.errorCount > before) return undefined;
  const p = new Parser(toks, rep, end);
  const args = new Map<ArgName, Node>();
  const argRange = { s: toks[0].s, e: toks[toks.length - 1].e };
  try {
    const head = p.expect('name', "'Genotype('");
    if (!/(^|\.)Genotype$/.test(head.v)) {
      rep.error(head.s, head.e, 'genotype-syntax', `expected 'Genotype(' here, found '${excerpt(head.v)}'`, ['Genotype']);
      return undefined;
    }
    const open = p.expect('(', "'(' after Genotype");
    let positional = 0;
    while (p.peek()?.t !== ')') {
      const t = p.peek();
      let name: ArgName | undefined;
      if (t?.t === 'name' && p.peek(1)?.t === '=') {
        p.i += 2;
        if (!(ARG_NAMES as readonly string[]).includes(t.v)) {
          const u = unknownName('Genotype argument', t.v, ARG_NAMES);
          rep.error(t.s, t.e, 'genotype-argument', `${u.message}; Genotype takes normal, normal_concat, reduce, reduce_concat`, u.suggestions);
        } else name = t.v as ArgName;
        if (name && args.has(name)) {
          rep.error(t.s, t.e, 'genotype-argument', `argument '${name}' is given twice`);
          name = undefined;
        }
      } else {
        if (positional >= 4) rep.error(t!.s, t!.e, 'genotype-argument', 'Genotype takes 4 arguments: normal, normal_concat, reduce, reduce_concat');
        else if (args.has(ARG_NAMES[positional])) rep.error(t!.s, t!.e, 'genotype-argument', `argument '${ARG_NAMES[positional]}' is given twice`);
        else name = ARG_NAMES[positional];
        positional++;
      }
      const v = p.value();
      if (name) args.set(name, v);
      const sep = p.peek();
      if (sep?.t === ',') p.i++;
      else if (sep?.t !== ')') p.fail(sep, `expected ',' or ')' in Genotype(...)${sep ? `, found '${excerpt(sep.v)}'` : ''}`);
    }
    p.i++;
    argRange.s = open.s;
    const rest = p.peek();
    if (rest) rep.error(rest.s, toks[toks.length - 1].e, 'genotype-syntax', `unexpected text after the closing ')' of Genotype(...): '${excerpt(text.slice(rest.s, toks[toks.length - 1].e))}'`);
  } catch (e) {
    if (e instanceof SyntaxStop) return undefined;
    throw e;
  }

  const vocab = options.ops === undefined ? DARTS_OP_NAMES : options.ops;
  const allowed = vocab ? setOf(vocab) : undefined;
  const normal = readPairs('normal', args.get('normal'), rep, argRange, options, allowed);
  const reduce = readPairs('reduce', args.get('reduce'), rep, argRange, options, allowed);
  const normalConcat = readConcat('normal_concat', args.get('normal_concat'), normal, rep, argRange);
  const reduceConcat = readConcat('reduce_concat', args.get('reduce_concat'), reduce, rep, argRange);
  if (rep.errorCount > before || !normal || !reduce || !normalConcat || !reduceConcat) return undefined;
  return { kind: 'darts', normal, normalConcat, reduce, reduceConcat };
}

function notLiteral(n: Node, what: string, rep: Reporter): void {
  rep.error(n.s, n.e, 'genotype-not-literal', `${what} is '${n.k === 'name' ? n.v : 'a call'}', not a literal: only written-out genotypes can be read`);
}

function readPairs(
  arg: 'normal' | 'reduce',
  n: Node | undefined,
  rep: Reporter,
  where: { s: number; e: number },
  options: GenotypeOptions,
  allowed: ReadonlySet<string> | undefined,
): DartsPairs | undefined {
  if (!n) {
    rep.error(where.s, where.e, 'genotype-argument', `missing argument '${arg}' (a list of ('op', input) pairs)`);
    return undefined;
  }
  if (n.k !== 'seq') {
    if (n.k === 'name' || n.k === 'call') notLiteral(n, `'${arg}'`, rep);
    else rep.error(n.s, n.e, 'genotype-pair', `'${arg}' must be a list of ('op', input) pairs`);
    return undefined;
  }
  const pairs: DartsPairs = [];
  const count = n.items.length;
  const nodes = options.nodes === 'any' ? Math.floor(count / 2) : (options.nodes ?? 4);
  if (options.nodes === 'any' ? count % 2 !== 0 || count < 2 : count !== 2 * nodes) {
    const need = options.nodes === 'any' ? 'an even number of pairs' : `${2 * nodes} pairs (two per intermediate node 2..${nodes + 1})`;
    rep.error(n.s, n.e, 'genotype-pair-count', `wrong pair count: '${arg}' has ${count} pairs, must have ${need}`);
  }
  n.items.forEach((item, i) => {
    const node = 2 + Math.floor(i / 2);
    if (item.k !== 'seq' || item.items.length !== 2 || item.items[0].k !== 'str' || item.items[1].k !== 'int') {
      if (item.k === 'name') notLiteral(item, `pair ${i + 1} of '${arg}'`, rep);
      else rep.error(item.s, item.e, 'genotype-pair', `pair ${i + 1} of '${arg}' must be ('op', input), e.g. ('sep_conv_3x3', 0)`);
      return;
    }
    const [op, input] = item.items as [Extract<Node, { k: 'str' }>, Extract<Node, { k: 'int' }>];
    if (allowed && !allowed.has(op.v)) {
      const u = unknownOperator(op.v, allowed, options.explainUnknown);
      rep.error(op.s, op.e, 'unknown-operator', u.message, u.suggestions);
    }
    if (input.v < 0 || input.v >= node) {
      rep.error(input.s, input.e, 'genotype-input-range', `input ${input.v} for node ${node}: must be 0..${node - 1}`);
    }
    pairs.push([op.v, input.v]);
  });
  return pairs;
}

function readConcat(
  arg: 'normal_concat' | 'reduce_concat',
  n: Node | undefined,
  pairs: DartsPairs | undefined,
  rep: Reporter,
  where: { s: number; e: number },
): number[] | undefined {
  // Without a valid pair list the node count is unknown: only the concat's form is checked.
  const nodes = pairs && pairs.length >= 2 && pairs.length % 2 === 0 ? pairs.length / 2 : undefined;
  if (!n) {
    if (nodes === undefined) return undefined;
    rep.warning(where.s, where.e, 'genotype-missing-concat', `missing '${arg}': assuming all intermediate nodes [${range(2, nodes + 2).join(', ')}]`);
    return range(2, nodes + 2);
  }
  let values: Array<{ v: number; s: number; e: number }> = [];
  let inner = n;
  if (inner.k === 'call' && /(^|\.)(list|tuple)$/.test(inner.name) && inner.args.length === 1) inner = inner.args[0];
  if (inner.k === 'call' && /^range$/.test(inner.name)) {
    const a = inner.args;
    if (a.length < 1 || a.length > 2 || a.some((x) => x.k !== 'int')) {
      rep.error(inner.s, inner.e, 'genotype-concat', `'${arg}' must be range(a, b) with integer bounds`);
      return undefined;
    }
    const [lo, hi] = a.length === 1 ? [0, (a[0] as { v: number }).v] : [(a[0] as { v: number }).v, (a[1] as { v: number }).v];
    values = range(lo, hi).map((v) => ({ v, s: inner.s, e: inner.e }));
  } else if (inner.k === 'seq') {
    for (const x of inner.items) {
      if (x.k !== 'int') {
        rep.error(x.s, x.e, 'genotype-concat', `'${arg}' lists node numbers, e.g. [2, 3, 4, 5]`);
        return undefined;
      }
      values.push(x);
    }
  } else {
    if (inner.k === 'name' || inner.k === 'call') notLiteral(inner, `'${arg}'`, rep);
    else rep.error(inner.s, inner.e, 'genotype-concat', `'${arg}' must be a list of node numbers or range(a, b)`);
    return undefined;
  }
  if (values.length === 0) rep.error(n.s, n.e, 'genotype-concat', `'${arg}' is empty: the cell output must concatenate at least one node`);
  const seen = new Set<number>();
  for (const x of values) {
    if (nodes !== undefined && (x.v < 0 || x.v > nodes + 1)) rep.error(x.s, x.e, 'genotype-concat-range', `concat node ${x.v} does not exist: the cell has nodes 0..${nodes + 1}`);
    else if (seen.has(x.v)) rep.warning(x.s, x.e, 'genotype-concat-duplicate', `node ${x.v} is concatenated twice`);
    seen.add(x.v);
  }
  return values.map((x) => x.v);
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b && out.length < 1000; i++) out.push(i);
  return out;
}

function pairsText(pairs: DartsPairs): string {
  return `[${pairs.map(([op, i]) => `('${op}', ${i})`).join(', ')}]`;
}

/** Canonical one-line text, as DARTS genotypes.py writes it (lists for concat). */
export function formatGenotype(cell: DartsCell): string {
  return `Genotype(normal=${pairsText(cell.normal)}, normal_concat=[${cell.normalConcat.join(', ')}], ` +
    `reduce=${pairsText(cell.reduce)}, reduce_concat=[${cell.reduceConcat.join(', ')}])`;
}

/**
 * NASLib NB301 compact `[[(input, op), ...8], [(input, op), ...8]]` (op index into NB301_COMPACT_OPS,
 * all intermediate nodes concatenated).
 */
export function parseNb301CompactRange(text: string, start: number, end: number, rep: Reporter): DartsCell | undefined {
  const before = rep.errorCount;
  const toks = tokenizePython(text, start, end, rep);
  if (!checkBrackets(toks, rep) || rep.errorCount > before) return undefined;
  const p = new Parser(toks, rep, end);
  let root: Node;
  try {
    root = p.value();
    const rest = p.peek();
    if (rest) p.fail(rest, `unexpected text after the compact genotype: '${excerpt(rest.v)}'`);
  } catch (e) {
    if (e instanceof SyntaxStop) return undefined;
    throw e;
  }
  if (root.k !== 'seq' || root.items.length !== 2) {
    rep.error(root.s, root.e, 'nb301-compact', 'a NASLib NB301 compact genotype is [normal, reduce]: two lists of 8 (input, op) pairs');
    return undefined;
  }
  const halves = root.items.map((half, h): DartsPairs | undefined => {
    const name = h === 0 ? 'normal' : 'reduce';
    if (half.k !== 'seq' || half.items.length !== 8) {
      rep.error(half.s, half.e, 'genotype-pair-count', `the ${name} half must list 8 (input, op) pairs`);
      return undefined;
    }
    const out: DartsPairs = [];
    half.items.forEach((it, i) => {
      const node = 2 + Math.floor(i / 2);
      if (it.k !== 'seq' || it.items.length !== 2 || it.items.some((x) => x.k !== 'int')) {
        rep.error(it.s, it.e, 'genotype-pair', `pair ${i + 1} of ${name} must be (input, op) integers`);
        return;
      }
      const [inp, op] = it.items as Array<{ v: number; s: number; e: number }>;
      if (op.v < 0 || op.v >= NB301_COMPACT_OPS.length) {
        rep.error(op.s, op.e, 'nb301-compact', `op index ${op.v} out of range 0..6 (${NB301_COMPACT_OPS.join(', ')})`);
      }
      if (inp.v < 0 || inp.v >= node) rep.error(inp.s, inp.e, 'genotype-input-range', `input ${inp.v} for node ${node}: must be 0..${node - 1}`);
      out.push([NB301_COMPACT_OPS[op.v] ?? '?', inp.v]);
    });
    return out;
  });
  if (rep.errorCount > before || !halves[0] || !halves[1]) return undefined;
  return { kind: 'darts', normal: halves[0], normalConcat: [2, 3, 4, 5], reduce: halves[1], reduceConcat: [2, 3, 4, 5] };
}

/** DARTS cell -> NASLib NB301 compact text; undefined when an op or the concat does not fit that encoding. */
export function formatNb301Compact(cell: DartsCell): string | undefined {
  const half = (pairs: DartsPairs) => {
    const items = pairs.map(([op, i]) => [i, NB301_COMPACT_OPS.indexOf(op)]);
    return items.some((x) => x[1] < 0) ? undefined : `[${items.map((x) => `(${x[0]}, ${x[1]})`).join(', ')}]`;
  };
  const full = (c: number[]) => c.join() === '2,3,4,5';
  const n = half(cell.normal);
  const r = half(cell.reduce);
  if (!n || !r || cell.normal.length !== 8 || cell.reduce.length !== 8 || !full(cell.normalConcat) || !full(cell.reduceConcat)) return undefined;
  return `[${n}, ${r}]`;
}
