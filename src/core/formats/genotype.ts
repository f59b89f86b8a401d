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
import { PythonParser, SyntaxStop, checkBrackets, hasEllipsis, tokenizePython, type PyNode } from './python';

type Node = PyNode;

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

/** Extra keyword fields of AutoDL's GDAS/SETN genotypes: accepted and ignored. */
const IGNORED_FIELDS = new Set(['connectN', 'connects']);

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
  const p = new PythonParser(toks, rep, end, 'genotype-syntax');
  const args = new Map<ArgName, Node>();
  const argRange = { s: toks[0].s, e: toks[toks.length - 1].e };
  try {
    const head = p.expect('name', "'Genotype('");
    if (!/(^|\.)Genotype$/.test(head.v)) {
      rep.error(head.s, head.e, 'genotype-syntax', `expected 'Genotype(' here, found '${excerpt(head.v)}'`, ['Genotype']);
      return undefined;
    }
    const open = p.expect('(', "'(' after Genotype");
    const call = p.arguments();
    argRange.s = open.s;
    const rest = p.peek();
    if (rest) rep.error(rest.s, toks[toks.length - 1].e, 'genotype-syntax', `unexpected text after the closing ')' of Genotype(...): '${excerpt(text.slice(rest.s, toks[toks.length - 1].e))}'`);
    // An elided example (`normal=[('sep_conv_3x3', 0), ...]`) is prose, not a broken cell.
    if ([...call.args, ...call.kwargs.values()].some(hasEllipsis)) {
      rep.add('info', start, end, 'genotype-elided', 'an elided Genotype example (`...`): nothing to read');
      return undefined;
    }
    call.args.forEach((v, i) => {
      if (i >= 4) rep.error(v.s, v.e, 'genotype-argument', 'Genotype takes 4 arguments: normal, normal_concat, reduce, reduce_concat');
      else args.set(ARG_NAMES[i], v);
    });
    for (const [name, v] of call.kwargs) {
      const t = call.keywordTokens.get(name)!;
      if ((ARG_NAMES as readonly string[]).includes(name)) {
        if (args.has(name as ArgName)) rep.error(t.s, t.e, 'genotype-argument', `argument '${name}' is given twice`);
        else args.set(name as ArgName, v);
        continue;
      }
      if (IGNORED_FIELDS.has(name)) continue;
      // A misspelt field is an error; another library's extra field is not this reader's business.
      const u = unknownName('Genotype argument', name, ARG_NAMES);
      if (u.suggestions.length) rep.error(t.s, t.e, 'genotype-argument', `${u.message}; Genotype takes normal, normal_concat, reduce, reduce_concat`, u.suggestions);
    }
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
  const shown = n.k === 'name' ? n.v : n.k === 'call' ? 'a call' : 'an expression';
  rep.error(n.s, n.e, 'genotype-not-literal', `${what} is '${shown}', not a literal: only written-out genotypes can be read`);
}

const isCodeNode = (n: Node) => n.k === 'name' || n.k === 'call' || n.k === 'expr';
type Edge = { op: Extract<Node, { k: 'str' }>; input: Extract<Node, { k: 'int' }>; node: number; item: Node };

/**
 * The edges of `normal` / `reduce` in any of the field's layouts, each with its target node:
 * DARTS pairs `('op', input)` (two per node, in node order), GDAS/SETN per-node groups
 * `(('op', input), ('op', input))`, and FairDARTS triples `('op', node, input)`.
 */
function readEdges(arg: string, n: Extract<Node, { k: 'seq' }>, rep: Reporter): { edges: Edge[]; layout: 'pairs' | 'nested' | 'triples' } | undefined {
  const isPair = (x: Node) => x.k === 'seq' && x.items.length === 2 && x.items[0].k === 'str' && x.items[1].k === 'int';
  const isTriple = (x: Node) => x.k === 'seq' && x.items.length === 3 && x.items[0].k === 'str' && x.items[1].k === 'int' && x.items[2].k === 'int';
  const isGroup = (x: Node) => x.k === 'seq' && x.items.length > 0 && x.items.every(isPair);
  const edges: Edge[] = [];
  if (n.items.length > 0 && n.items.every(isTriple)) {
    for (const item of n.items) {
      const [op, node, input] = (item as Extract<Node, { k: 'seq' }>).items as [Edge['op'], Edge['input'], Edge['input']];
      edges.push({ op, input, node: node.v, item });
    }
    return { edges, layout: 'triples' };
  }
  if (n.items.length > 0 && n.items.every(isGroup)) {
    n.items.forEach((group, g) => {
      for (const item of (group as Extract<Node, { k: 'seq' }>).items) {
        const [op, input] = (item as Extract<Node, { k: 'seq' }>).items as [Edge['op'], Edge['input']];
        edges.push({ op, input, node: 2 + g, item });
      }
    });
    return { edges, layout: 'nested' };
  }
  let ok = true;
  n.items.forEach((item, i) => {
    if (isPair(item)) {
      const [op, input] = (item as Extract<Node, { k: 'seq' }>).items as [Edge['op'], Edge['input']];
      edges.push({ op, input, node: 2 + Math.floor(i / 2), item });
      return;
    }
    ok = false;
    if (isCodeNode(item)) notLiteral(item, `pair ${i + 1} of '${arg}'`, rep);
    else rep.error(item.s, item.e, 'genotype-pair', `pair ${i + 1} of '${arg}' must be ('op', input), e.g. ('sep_conv_3x3', 0)`);
  });
  return ok ? { edges, layout: 'pairs' } : undefined;
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
    if (isCodeNode(n)) notLiteral(n, `'${arg}'`, rep);
    else rep.error(n.s, n.e, 'genotype-pair', `'${arg}' must be a list of ('op', input) pairs`);
    return undefined;
  }
  const read = readEdges(arg, n, rep);
  if (!read) return undefined;
  const { edges, layout } = read;
  if (layout !== 'pairs') {
    // Per-node layouts state each edge's node: group them, then check the DARTS shape (two inputs per node).
    edges.sort((a, b) => a.node - b.node);
    const perNode = new Map<number, number>();
    for (const e of edges) perNode.set(e.node, (perNode.get(e.node) ?? 0) + 1);
    const nodes = [...perNode.keys()];
    const first = nodes[0];
    const gap = nodes.findIndex((x, i) => x !== first + i);
    const odd = nodes.find((x) => perNode.get(x) !== 2);
    const what = layout === 'triples' ? "FairDARTS ('op', node, input) triples" : 'per-node groups';
    if (first !== 2 || gap >= 0) {
      rep.error(n.s, n.e, 'genotype-node-range', `'${arg}' (${what}) names nodes ${nodes.join(', ')}: intermediate nodes are numbered 2, 3, ... without gaps`);
      return undefined;
    }
    if (odd !== undefined) {
      rep.error(n.s, n.e, 'genotype-edges-per-node',
        `'${arg}' (${what}) gives node ${odd} ${perNode.get(odd) === 1 ? 'only one input edge' : `${perNode.get(odd)} input edges`}: the DARTS space has exactly two per node, ` +
          'so this cell cannot be scored there (write it as a graph { } block in a .arch file to score it in the graph space)');
      return undefined;
    }
  }
  const pairs: DartsPairs = [];
  const count = edges.length;
  const nodes = options.nodes === 'any' ? Math.floor(count / 2) : (options.nodes ?? 4);
  if (options.nodes === 'any' ? count % 2 !== 0 || count < 2 : count !== 2 * nodes) {
    const need = options.nodes === 'any' ? 'an even number of pairs' : `${2 * nodes} pairs (two per intermediate node 2..${nodes + 1})`;
    const more = count > 2 * nodes && options.nodes !== 'any' ? `; a cell with ${count / 2} intermediate nodes is NASNet-style, outside the DARTS space` : '';
    rep.error(n.s, n.e, 'genotype-pair-count', `wrong pair count: '${arg}' has ${count} pairs, must have ${need}${more}`);
  }
  for (const { op, input, node } of edges) {
    if (allowed && !allowed.has(op.v)) {
      const u = unknownOperator(op.v, allowed, options.explainUnknown);
      rep.error(op.s, op.e, 'unknown-operator', u.message, u.suggestions);
    }
    if (input.v < 0 || input.v >= node) {
      rep.error(input.s, input.e, 'genotype-input-range', `input ${input.v} for node ${node}: must be 0..${node - 1}`);
    }
    pairs.push([op.v, input.v]);
  }
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
    if (isCodeNode(inner)) notLiteral(inner, `'${arg}'`, rep);
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
  const p = new PythonParser(toks, rep, end, 'genotype-syntax');
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
        rep.error(op.s, op.e, 'nb301-compact', `op index ${op.v} out of range 0..${NB301_COMPACT_OPS.length - 1} (${NB301_COMPACT_OPS.join(', ')})`);
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
