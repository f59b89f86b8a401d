/**
 * NAS-Bench-201 arch strings `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` and the NASLib tuple
 * `(a, b, c, d, e, f)`. Node j (1..3) lists its incoming edges `op~i` from node i in order, so
 * the six ops come out in the edge order (0>1),(0>2),(1>2),(0>3),(1>3),(2>3) of Nb201Cell.
 * Parsers never throw: they return diagnostics and a cell only when there is no error.
 */
import type { Diagnostic, Nb201Cell } from '../types';
import { NB201_OPS } from '../spaces/vocabulary';
import { BasePosition, LineMap, Reporter, excerpt, unknownOperator, setOf } from './text';

export const NB201_OP_NAMES: readonly string[] = NB201_OPS.map((o) => o.name);

/** Edge (from, to) of each position of Nb201Cell.ops. */
export const NB201_EDGES: ReadonlyArray<readonly [number, number]> = [
  [0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3],
];

/** NASLib tuple codes, and the arch-string position of each NASLib edge ((0>1),(0>2),(0>3),(1>2),(1>3),(2>3)). */
export const NASLIB_NB201_CODES: readonly string[] = ['skip_connect', 'none', 'nor_conv_3x3', 'nor_conv_1x1', 'avg_pool_3x3'];
const NASLIB_TO_ARCH = [0, 1, 3, 2, 4, 5];

export interface Nb201ParseOptions extends BasePosition {
  /** Allowed operator names; null accepts any name. Default: the NB201 operators. */
  ops?: readonly string[] | null;
}

export interface ParseResult<C> {
  cell?: C;
  diagnostics: Diagnostic[];
}

export interface RangeParseOptions {
  ops?: readonly string[] | null;
  /** Extra text for an unknown-operator message (e.g. "declared but not in space 'x'"). */
  explainUnknown?: (name: string) => string | undefined;
}

export function parseNb201(text: string, options: Nb201ParseOptions = {}): ParseResult<Nb201Cell> {
  const rep = new Reporter(new LineMap(text, options));
  const cell = parseNb201Range(text, 0, text.length, rep, options);
  return { cell, diagnostics: rep.diagnostics };
}

type Tok = { t: '|' | '+' | '~' | 'word' | 'other'; s: number; e: number };

/** [A-Za-z0-9_.-] */
const isWordChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

function tokenize(text: string, start: number, end: number): Tok[] {
  const toks: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const ch = text[i];
    if (ch === '|' || ch === '+' || ch === '~') {
      toks.push({ t: ch, s: i, e: i + 1 });
      i++;
      continue;
    }
    let j = i;
    while (j < end && isWordChar(text.charCodeAt(j))) j++;
    if (j > i) {
      toks.push({ t: 'word', s: i, e: j });
      i = j;
    } else {
      toks.push({ t: 'other', s: i, e: i + 1 });
      i++;
    }
  }
  return toks;
}

interface Edge {
  op: string;
  s: number;
  e: number;
  src?: number;
  srcS: number;
  srcE: number;
}

/** Parses text[start, end) as one NB201 string, reporting into `rep` (document offsets). */
export function parseNb201Range(
  text: string,
  start: number,
  end: number,
  rep: Reporter,
  options: RangeParseOptions = {},
): Nb201Cell | undefined {
  const before = rep.errorCount;
  const toks = tokenize(text, start, end);
  if (toks.length === 0) {
    rep.error(start, end, 'nb201-empty', "empty NB201 string: expected '|op~0|+|op~0|op~1|+|op~0|op~1|op~2|'");
    return undefined;
  }
  if (!toks.some((t) => t.t === '|' || t.t === '~')) {
    rep.error(toks[0].s, toks[toks.length - 1].e, 'nb201-syntax',
      `'${excerpt(text.slice(toks[0].s, toks[toks.length - 1].e))}' is not an NB201 string: expected '|op~0|+|op~0|op~1|+|op~0|op~1|op~2|'`);
    return undefined;
  }
  const groups: Array<{ edges: Edge[]; s: number; e: number }> = [];
  let group: Edge[] = [];
  let groupStart = toks[0].s;
  let i = 0;
  if (toks[0].t !== '|') {
    rep.error(toks[0].s, toks[0].e, 'nb201-missing-pipe', "an NB201 string starts with '|' (e.g. '|nor_conv_3x3~0|+...')");
  } else i++;
  const closeGroup = (at: Tok) => {
    if (group.length === 0) rep.error(at.s, at.e, 'nb201-empty-node', "empty node group: each '+'-separated group lists at least one 'op~i|'");
    else groups.push({ edges: group, s: groupStart, e: group[group.length - 1].srcE + 1 });
    group = [];
  };
  while (i < toks.length) {
    const t = toks[i];
    if (t.t === 'word') {
      const edge: Edge = { op: text.slice(t.s, t.e), s: t.s, e: t.e, srcS: t.e, srcE: t.e };
      i++;
      if (toks[i]?.t === '~') {
        const tilde = toks[i++];
        const n = toks[i];
        if (n?.t === 'word' && /^\d+$/.test(text.slice(n.s, n.e))) {
          edge.src = Number(text.slice(n.s, n.e));
          edge.srcS = tilde.s;
          edge.srcE = n.e;
          i++;
        } else {
          rep.error(tilde.s, tilde.e, 'nb201-missing-source', `expected a source node number after '~' (e.g. '${edge.op}~0')`);
          edge.srcS = tilde.s;
          edge.srcE = tilde.e;
        }
      } else {
        rep.error(t.s, t.e, 'nb201-missing-source', `missing '~source' after '${edge.op}': write '${edge.op}~i' where i is the source node`);
      }
      group.push(edge);
      if (toks[i]?.t === '|') i++;
      else rep.error(edge.srcE, edge.srcE, 'nb201-missing-pipe', `missing '|' after '${text.slice(edge.s, edge.srcE)}'`);
    } else if (t.t === '+') {
      closeGroup(t);
      i++;
      if (toks[i]?.t === '|') {
        groupStart = toks[i].s;
        i++;
      } else {
        groupStart = t.e;
        rep.error(t.s, t.e, 'nb201-missing-pipe', "expected '|' after '+' (groups are written '|...|+|...|')");
      }
    } else if (t.t === '|') {
      rep.error(t.s, t.e, 'nb201-empty-edge', "empty edge: '|' must be followed by 'op~i|' or '+'");
      i++;
    } else {
      rep.error(t.s, t.e, 'nb201-unexpected', `unexpected '${excerpt(text.slice(t.s, t.e))}' in NB201 string`);
      i++;
    }
  }
  if (group.length) groups.push({ edges: group, s: groupStart, e: group[group.length - 1].srcE + 1 });
  else if (toks[toks.length - 1].t === '+') rep.error(toks[toks.length - 1].s, toks[toks.length - 1].e, 'nb201-empty-node', "trailing '+': a node group must follow");

  const lastEnd = toks[toks.length - 1].e;
  if (groups.length !== 3) {
    rep.error(toks[0].s, lastEnd, 'nb201-node-count',
      `an NB201 cell has 3 nodes after the input, written as 3 groups separated by '+'; found ${groups.length}`);
  }
  const vocab = options.ops === undefined ? NB201_OP_NAMES : options.ops;
  const allowed = vocab ? setOf(vocab) : undefined;
  const ops: string[] = [];
  groups.forEach((g, gi) => {
    const node = gi + 1;
    if (node <= 3 && g.edges.length !== node) {
      const expect = Array.from({ length: node }, (_, k) => `op~${k}`).join('|');
      rep.error(g.s, g.e, 'nb201-edge-count',
        `node ${node} must list ${node} incoming edge${node > 1 ? 's' : ''} (|${expect}|), found ${g.edges.length}`);
    }
    g.edges.forEach((edge, k) => {
      ops.push(edge.op);
      if (allowed && !allowed.has(edge.op)) {
        const u = unknownOperator(edge.op, allowed, options.explainUnknown);
        rep.error(edge.s, edge.e, 'unknown-operator', u.message, u.suggestions);
      }
      if (edge.src === undefined) return;
      if (edge.src >= node) {
        rep.error(edge.srcS, edge.srcE, 'nb201-source-range',
          `edge from node ${edge.src} into node ${node}: node ${node} only takes inputs from nodes 0..${node - 1}`, [`~${Math.min(k, node - 1)}`]);
      } else if (edge.src !== k && k < node) {
        const order = Array.from({ length: node }, (_, x) => `~${x}`).join(', ');
        rep.error(edge.srcS, edge.srcE, 'nb201-source-order',
          `expected source ~${k} here (node ${node} lists its inputs in order ${order}), found ~${edge.src}`, [`~${k}`]);
      }
    });
  });
  if (rep.errorCount > before || ops.length !== 6) return undefined;
  return { kind: 'nb201', ops };
}

export function formatNb201(cell: Nb201Cell): string {
  const o = cell.ops;
  return `|${o[0]}~0|+|${o[1]}~0|${o[2]}~1|+|${o[3]}~0|${o[4]}~1|${o[5]}~2|`;
}

/** NASLib tuple (op codes in NASLib edge order) -> cell; undefined when not 6 codes in 0..4. */
export function nb201FromNaslibTuple(codes: readonly number[]): Nb201Cell | undefined {
  if (codes.length !== 6 || codes.some((c) => !Number.isInteger(c) || c < 0 || c > 4)) return undefined;
  const ops = new Array<string>(6);
  codes.forEach((c, n) => (ops[NASLIB_TO_ARCH[n]] = NASLIB_NB201_CODES[c]));
  return { kind: 'nb201', ops };
}

/** Cell -> NASLib tuple; undefined when an op has no NASLib code. */
export function nb201ToNaslibTuple(cell: Nb201Cell): number[] | undefined {
  const codes = NASLIB_TO_ARCH.map((a) => NASLIB_NB201_CODES.indexOf(cell.ops[a]));
  return codes.some((c) => c < 0) ? undefined : codes;
}

export function formatNaslibTuple(cell: Nb201Cell): string | undefined {
  const t = nb201ToNaslibTuple(cell);
  return t && `(${t.join(', ')})`;
}

/** Parses `(4, 0, 3, 1, 4, 3)` (or `[...]`) as a NASLib NB201 tuple. */
export function parseNaslibTuple(text: string, options: BasePosition = {}): ParseResult<Nb201Cell> {
  const rep = new Reporter(new LineMap(text, options));
  const cell = parseNaslibTupleRange(text, 0, text.length, rep);
  return { cell, diagnostics: rep.diagnostics };
}

export function parseNaslibTupleRange(text: string, start: number, end: number, rep: Reporter): Nb201Cell | undefined {
  const body = text.slice(start, end);
  const lead = body.length - body.trimStart().length;
  const inner = body.trim();
  const open = inner[0];
  const close = open === '(' ? ')' : open === '[' ? ']' : '';
  if (!close || inner[inner.length - 1] !== close) {
    rep.error(start + lead, start + lead + inner.length, 'naslib-tuple-syntax',
      'expected a NASLib NB201 tuple like (4, 0, 3, 1, 4, 3)');
    return undefined;
  }
  const codes: number[] = [];
  const re = /[^,\s()[\]]+/g;
  const innerStart = start + lead;
  let m: RegExpExecArray | null;
  let bad = false;
  const content = inner.slice(1, -1);
  while ((m = re.exec(content))) {
    const s = innerStart + 1 + m.index;
    const v = Number(m[0]);
    if (!/^\d+$/.test(m[0]) || v > 4) {
      rep.error(s, s + m[0].length, 'naslib-tuple-code',
        `'${excerpt(m[0])}' is not a NASLib NB201 op code: use 0=skip_connect, 1=none, 2=nor_conv_3x3, 3=nor_conv_1x1, 4=avg_pool_3x3`);
      bad = true;
    }
    codes.push(v);
  }
  if (codes.length !== 6) {
    rep.error(innerStart, innerStart + inner.length, 'naslib-tuple-length',
      `a NASLib NB201 tuple has 6 op codes (one per edge), found ${codes.length}`);
    return undefined;
  }
  return bad ? undefined : nb201FromNaslibTuple(codes);
}
