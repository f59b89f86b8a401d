/**
 * The `.arch` language (language id `nas-arch`); grammar and examples in docs/arch-format.md.
 *
 *   op ghost_conv "Ghost convolution 3 by 3" kind=conv params=4.5
 *   space tiny { topology: nb201; ops: [none, skip_connect, nor_conv_3x3, ghost_conv] }
 *   cell best in tiny = |ghost_conv~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|nor_conv_3x3~1|skip_connect~2|
 *   cell g = graph { in: input; a: nor_conv_3x3 <- in; out: output <- a }
 *   cell m in tnb101macro = 64-41414-basic
 *
 * Statements start on their own line with `cell`, `op` or `space`; the parser splits the document
 * there first, so a broken statement never hides the ones after it.
 */
import type { Cell, Diagnostic, GraphCell, OperatorKind, SourceRange } from '../types';
import { DARTS_OPS, NB101_OPS, NB201_OPS, TNB101_OPS, builtinOperators } from '../spaces/vocabulary';
import { LineMap, Reporter, excerpt, unknownName, unknownOperator } from './text';
import { ArchToken, lexArch, maskComments, splitStatements } from './lexer';
import { formatNb201, parseNaslibTupleRange, parseNb201Range } from './nb201';
import { formatGenotype, parseGenotypeRange, parseNb301CompactRange } from './genotype';
import { formatNb101, nb101FromJson } from './nb101';
import { GraphLimits, checkGraph, graphFromJson, graphTooLargeMessage, topologicalOrder } from './graph';
import { MAX_GRAPH_EDGES, MAX_GRAPH_NODES } from '../limits';
import { parseJsonRange } from './json';
import { detectCodeNotation, formatNbmr, formatTnb101Macro, parseNbmrRange, parseTnb101MacroRange } from './macro';

/** How a cell is written. */
export type Notation = 'nb201' | 'naslib-tuple' | 'genotype' | 'nb301-compact' | 'nb101-json' | 'graph-json' | 'graph' | 'tnb101-macro' | 'nbmr';

/**
 * Cell shape a space prescribes. 'graph' and 'nb101' are both operator-as-node DAGs; 'tnb101-macro' and
 * 'nbmr' are whole-network codes of the built-in spaces of those names (not available to `space` blocks).
 */
export type Topology = 'nb201' | 'darts' | 'nb101' | 'graph' | 'tnb101-macro' | 'nbmr';
/** Topologies a `space` block may declare. */
export type DeclarableTopology = 'nb201' | 'darts' | 'nb101' | 'graph';

const OP_KINDS: readonly OperatorKind[] = ['io', 'none', 'skip', 'conv', 'pool', 'other'];
/** `op` attributes that declare cost-descriptor values (descriptors/operator.ts). */
const DESCRIPTOR_ATTRIBUTES = ['kernel', 'stride', 'dilation', 'channels'] as const;

/** `op NAME "sentence" [kind=K] [params=N] [flops=N] [kernel=N] [stride=N] [dilation=N] [channels=R]` */
export interface OpDecl {
  name: string;
  description: string;
  kind: OperatorKind;
  /** Optional cost hint: weights per C_in·C_out (a k×k conv: k²; a depthwise-separable k×k: about 1 + k²/C). */
  params?: number;
  /** Optional cost hint: multiply-adds per output pixel per C_in·C_out (usually equals params for convs). */
  flops?: number;
  /** Declared cost descriptor values (`kernel=`, `stride=`, `dilation=`, `channels=`): override the sentence's estimate. */
  kernel?: number;
  stride?: number;
  dilation?: number;
  /** Output / input channels. */
  channels?: number;
  nameRange: SourceRange;
  range: SourceRange;
  offset: number;
  endOffset: number;
}

/** `space NAME { topology: ...; ops: [...]; max_nodes: N; max_edges: N; max_params: M; max_flops: M }` */
export interface SpaceDecl {
  name: string;
  topology?: DeclarableTopology;
  ops: string[];
  maxNodes?: number;
  maxEdges?: number;
  /** Limit on the parameters of the full network, in millions (checked by the spaces/search modules). */
  maxParamsM?: number;
  /** Limit on the FLOPs of the full network, in millions (checked by the spaces/search modules). */
  maxFlopsM?: number;
  nameRange: SourceRange;
  range: SourceRange;
  offset: number;
  endOffset: number;
}

/** `cell NAME [in SPACE] = VALUE` */
export interface CellDecl {
  name: string;
  /** Space named after `in`, or the one inferred from the notation. */
  space: string;
  spaceExplicit: boolean;
  notation?: Notation;
  /** Undefined when the cell has errors. */
  cell?: Cell;
  /** Graph notation: the node names, by node index of `cell` (topological order). */
  nodeNames?: string[];
  nameRange: SourceRange;
  spaceRange?: SourceRange;
  valueRange?: SourceRange;
  range: SourceRange;
  offset: number;
  endOffset: number;
  valueOffset?: number;
  valueEndOffset?: number;
  /** This declaration's own diagnostics (all of them are also in ArchDocument.diagnostics). */
  diagnostics: Diagnostic[];
}

export interface ArchDocument {
  ops: OpDecl[];
  spaces: SpaceDecl[];
  cells: CellDecl[];
  diagnostics: Diagnostic[];
}

/** Built-in spaces a cell can name with `in`. */
export interface BuiltinSpace {
  name: string;
  topology: Topology;
  /** null: every built-in operator. */
  ops: readonly string[] | null;
  limits?: GraphLimits;
}

export const BUILTIN_SPACES: ReadonlyMap<string, BuiltinSpace> = new Map<string, BuiltinSpace>([
  ['nb201', { name: 'nb201', topology: 'nb201', ops: NB201_OPS.map((o) => o.name) }],
  ['tnb101', { name: 'tnb101', topology: 'nb201', ops: TNB101_OPS.map((o) => o.name) }],
  ['darts', { name: 'darts', topology: 'darts', ops: DARTS_OPS.map((o) => o.name) }],
  ['nb101', { name: 'nb101', topology: 'nb101', ops: NB101_OPS.map((o) => o.name), limits: { maxNodes: 7, maxEdges: 9 } }],
  ['tnb101macro', { name: 'tnb101macro', topology: 'tnb101-macro', ops: [] }],
  ['nbmr', { name: 'nbmr', topology: 'nbmr', ops: [] }],
  ['graph', { name: 'graph', topology: 'graph', ops: null }],
]);

const TOPOLOGY_OF: Record<Notation, Topology> = {
  nb201: 'nb201', 'naslib-tuple': 'nb201', genotype: 'darts', 'nb301-compact': 'darts',
  'nb101-json': 'nb101', 'graph-json': 'graph', graph: 'graph', 'tnb101-macro': 'tnb101-macro', nbmr: 'nbmr',
};
const DEFAULT_SPACE: Record<Notation, string> = {
  nb201: 'nb201', 'naslib-tuple': 'nb201', genotype: 'darts', 'nb301-compact': 'darts',
  'nb101-json': 'nb101', 'graph-json': 'graph', graph: 'graph', 'tnb101-macro': 'tnb101macro', nbmr: 'nbmr',
};
const NOTATION_TEXT: Record<Notation, string> = {
  nb201: 'an NB201 string', 'naslib-tuple': 'a NASLib NB201 tuple', genotype: 'a Genotype(...)',
  'nb301-compact': 'an NB301 compact genotype', 'nb101-json': 'NB101 JSON', 'graph-json': 'graph-json', graph: 'a graph { }',
  'tnb101-macro': 'a TransNAS-Bench-101 macro skeleton', nbmr: 'a NAS-Bench-MR code',
};
/** The notations a cell value may use, for messages. */
const NOTATIONS_HELP = "an NB201 string '|op~0|+...', Genotype(...), NB101 JSON {...}, graph { ... }, a TransNAS-Bench-101 macro skeleton '64-41414-basic' or a NAS-Bench-MR code (27 ints joined by '_')";
const dagTopology = (t: Topology) => t === 'nb101' || t === 'graph';

const SPACE_KEYS = ['topology', 'ops', 'max_nodes', 'max_edges', 'max_params', 'max_flops'];
const TOPOLOGIES: readonly DeclarableTopology[] = ['nb201', 'darts', 'nb101', 'graph'];

/** Token cursor over one statement. */
class Cursor {
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
  is(value: string, o = 0): boolean {
    const t = this.peek(o);
    return !!t && (t.kind === 'punct' || t.kind === 'ident') && t.value === value;
  }
}

export function parseArchDocument(text: string): ArchDocument {
  const map = new LineMap(text);
  const rep = new Reporter(map);
  const masked = maskComments(text);
  const doc: ArchDocument = { ops: [], spaces: [], cells: [], diagnostics: rep.diagnostics };
  const { preamble, statements } = splitStatements(masked);

  const stray = /\S/.exec(masked.slice(preamble.start, preamble.end));
  if (stray) {
    const s = preamble.start + stray.index;
    const lineEnd = masked.indexOf('\n', s);
    const e = lineEnd < 0 || lineEnd > preamble.end ? preamble.end : lineEnd;
    rep.error(s, e, 'expected-statement', `expected 'cell', 'op' or 'space' at the start of a line, found '${excerpt(masked.slice(s, e).trim())}'`);
  }

  // Pass 1: operator declarations (so spaces and cells may use operators declared further down).
  for (const st of statements) if (st.keyword === 'op') {
    const d = parseOpDecl(masked, st.start, st.end, rep);
    if (d) doc.ops.push(d);
  }
  const builtin = builtinOperators();
  const declared = new Map<string, OpDecl>();
  const at = (range: SourceRange, code: string, message: string) =>
    rep.diagnostics.push({ severity: 'error', range, code, message });
  for (const d of doc.ops) {
    if (builtin.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `operator '${d.name}' is built in; its sentence is fixed by the trained model. Choose another name`);
    } else if (declared.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `operator '${d.name}' is already declared at line ${declared.get(d.name)!.nameRange.line}`);
    } else declared.set(d.name, d);
  }
  const knownOps = new Set([...builtin.keys(), ...declared.keys()]);

  // Pass 2: spaces.
  const spaces = new Map<string, SpaceDecl>();
  for (const st of statements) if (st.keyword === 'space') {
    const d = parseSpaceDecl(masked, st.start, st.end, rep, knownOps);
    if (!d) continue;
    doc.spaces.push(d);
    if (BUILTIN_SPACES.has(d.name)) at(d.nameRange, 'duplicate-name', `space '${d.name}' is built in; choose another name`);
    else if (spaces.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `space '${d.name}' is already declared at line ${spaces.get(d.name)!.nameRange.line}`);
    } else spaces.set(d.name, d);
  }

  // Pass 3: cells.
  const cellNames = new Map<string, CellDecl>();
  const ctx: CellContext = { spaces, declared, knownOps };
  for (const st of statements) if (st.keyword === 'cell') {
    const before = rep.diagnostics.length;
    const d = parseCellDecl(masked, st.start, st.end, rep, ctx);
    if (!d) continue;
    if (cellNames.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `cell '${d.name}' is already declared at line ${cellNames.get(d.name)!.nameRange.line}`);
    } else cellNames.set(d.name, d);
    d.diagnostics = rep.diagnostics.slice(before);
    // A cell with any error is not scored: consumers only ever see valid cells.
    if (d.diagnostics.some((x) => x.severity === 'error')) d.cell = undefined;
    doc.cells.push(d);
  }
  // Statements were visited by kind; report in document order.
  rep.diagnostics.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  return doc;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

function parseOpDecl(text: string, start: number, end: number, rep: Reporter): OpDecl | undefined {
  end = trimEnd(text, start, end);
  const c = new Cursor(lexArch(text, start, end), end);
  c.next(); // 'op'
  const name = c.next();
  if (name?.kind !== 'ident') {
    rep.error(name?.start ?? end, name?.end ?? end, 'arch-syntax', "expected an operator name after 'op'");
    return undefined;
  }
  const desc = c.peek();
  if (desc?.kind !== 'string') {
    rep.error(desc?.start ?? name.end, desc?.end ?? name.end, 'op-missing-description',
      `expected the description sentence of '${name.value}' in double quotes, e.g. op ${name.value} "Convolution 3 by 3"`);
    return undefined;
  }
  c.next();
  if (!desc.closed) rep.error(desc.start, desc.end, 'unterminated-string', 'the description string is never closed (add ")');
  else if (!desc.value.trim()) rep.error(desc.start, desc.end, 'op-missing-description', 'the description sentence is empty: describe the operator in words');
  const decl: OpDecl = {
    name: name.value, description: desc.value.trim(), kind: 'other',
    nameRange: rep.map.range(name.start, name.end), range: rep.map.range(start, end), offset: start, endOffset: end,
  };
  const seen = new Set<string>();
  c.skipNewlines();
  while (c.peek()) {
    const key = c.next()!;
    if (key.kind !== 'ident' || !c.is('=')) {
      rep.error(key.start, key.end, 'arch-syntax', `expected 'kind=...', 'params=...', 'flops=...', 'kernel=...', 'stride=...', 'dilation=...' or 'channels=...' after the description, found '${excerpt(key.value)}'`);
      break;
    }
    c.next();
    const val = c.next();
    if (!val || val.kind === 'newline') {
      rep.error(key.start, key.end + 1, 'arch-syntax', `missing value after '${key.value}='`);
      break;
    }
    if (seen.has(key.value)) rep.warning(key.start, key.end, 'duplicate-attribute', `'${key.value}' is given twice; the last one wins`);
    seen.add(key.value);
    if (key.value === 'kind') {
      if ((OP_KINDS as readonly string[]).includes(val.value)) decl.kind = val.value as OperatorKind;
      else {
        const u = unknownName('operator kind', val.value, OP_KINDS);
        rep.error(val.start, val.end, 'op-kind', `${u.message}; kinds are ${OP_KINDS.join(', ')}`, u.suggestions);
      }
    } else if (key.value === 'params' || key.value === 'flops') {
      const v = Number(val.value);
      if (val.kind !== 'number' || !(v >= 0)) rep.error(val.start, val.end, 'op-cost', `'${key.value}' must be a non-negative number`);
      else decl[key.value] = v;
    } else if ((DESCRIPTOR_ATTRIBUTES as readonly string[]).includes(key.value)) {
      const v = Number(val.value);
      const k = key.value as (typeof DESCRIPTOR_ATTRIBUTES)[number];
      if (val.kind !== 'number' || !(v >= 1) || (k !== 'channels' && !Number.isInteger(v))) {
        rep.error(val.start, val.end, 'op-cost', `'${k}' must be ${k === 'channels' ? 'a number ≥ 1 (output / input channels)' : 'a whole number ≥ 1'}`);
      } else decl[k] = v;
    } else {
      const u = unknownName('operator attribute', key.value, ['kind', 'params', 'flops', ...DESCRIPTOR_ATTRIBUTES]);
      rep.error(key.start, key.end, 'op-attribute', u.message, u.suggestions);
    }
    c.skipNewlines();
  }
  return decl;
}

function parseSpaceDecl(text: string, start: number, end: number, rep: Reporter, knownOps: Set<string>): SpaceDecl | undefined {
  end = trimEnd(text, start, end);
  const c = new Cursor(lexArch(text, start, end), end);
  c.next(); // 'space'
  const name = c.next();
  if (name?.kind !== 'ident') {
    rep.error(name?.start ?? end, name?.end ?? end, 'arch-syntax', "expected a space name after 'space'");
    return undefined;
  }
  const decl: SpaceDecl = {
    name: name.value, ops: [], nameRange: rep.map.range(name.start, name.end),
    range: rep.map.range(start, end), offset: start, endOffset: end,
  };
  c.skipNewlines();
  const open = c.next();
  if (!open || open.value !== '{') {
    rep.error(open?.start ?? name.end, open?.end ?? name.end, 'arch-syntax', `expected '{' after 'space ${name.value}'`);
    return decl;
  }
  const seen = new Set<string>();
  let closed = false;
  const limitToks: ArchToken[] = [];
  let opsTok: ArchToken | undefined;
  while (c.peek()) {
    const t = c.next()!;
    if (t.kind === 'newline' || t.value === ';') continue;
    if (t.value === '}') {
      closed = true;
      break;
    }
    if (t.kind !== 'ident' || !c.is(':')) {
      rep.error(t.start, t.end, 'arch-syntax', `expected 'key: value' in space '${name.value}' (keys: ${SPACE_KEYS.join(', ')}), found '${excerpt(t.value)}'`);
      while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
      continue;
    }
    c.next(); // ':'
    if (!SPACE_KEYS.includes(t.value)) {
      const u = unknownName('space key', t.value, SPACE_KEYS);
      rep.error(t.start, t.end, 'space-unknown-key', u.message, u.suggestions);
      while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
      continue;
    }
    if (seen.has(t.value)) rep.warning(t.start, t.end, 'duplicate-attribute', `'${t.value}' is given twice; the last one wins`);
    seen.add(t.value);
    if (t.value === 'ops') {
      opsTok = t;
      const bracket = c.is('[');
      if (bracket) c.next();
      const ops: string[] = [];
      for (;;) {
        if (bracket) c.skipNewlines();
        const o = c.peek();
        if (!o || (bracket && o.value === ']')) {
          if (bracket && o) c.next();
          else if (bracket) rep.error(t.start, t.end, 'unbalanced-brackets', `'[' of the ops list is never closed (add ']')`);
          break;
        }
        if (!bracket && (o.kind === 'newline' || o.value === ';' || o.value === '}')) break;
        c.next();
        if (o.kind !== 'ident') {
          rep.error(o.start, o.end, 'arch-syntax', `expected an operator name in the ops list, found '${excerpt(o.value)}'`);
          continue;
        }
        if (!knownOps.has(o.value)) {
          const u = unknownName('operator', o.value, knownOps);
          rep.error(o.start, o.end, 'unknown-operator', `${u.message}; declare new operators with op ${o.value} "description"`, u.suggestions);
        } else if (o.value === 'input' || o.value === 'output') {
          rep.warning(o.start, o.end, 'space-io-op', `'${o.value}' is implicit in every space; no need to list it`);
        } else if (ops.includes(o.value)) rep.warning(o.start, o.end, 'duplicate-name', `'${o.value}' is listed twice`);
        else ops.push(o.value);
        if (bracket) c.skipNewlines();
        if (c.is(',')) c.next();
      }
      decl.ops = ops;
      continue;
    }
    const v = c.next();
    if (!v || v.kind === 'newline' || v.value === '}' || v.value === ';') {
      rep.error(t.start, t.end + 1, 'arch-syntax', `missing value after '${t.value}:'`);
      if (v?.value === '}') {
        closed = true;
        break;
      }
      continue;
    }
    if (t.value === 'topology') {
      if ((TOPOLOGIES as readonly string[]).includes(v.value)) decl.topology = v.value as DeclarableTopology;
      else {
        const u = unknownName('topology', v.value, TOPOLOGIES);
        rep.error(v.start, v.end, 'space-topology', `${u.message}; use nb201, darts, nb101 or graph`, u.suggestions);
      }
    } else {
      const num = Number(v.value);
      const integer = t.value === 'max_nodes' || t.value === 'max_edges';
      const cap = t.value === 'max_nodes' ? MAX_GRAPH_NODES : t.value === 'max_edges' ? MAX_GRAPH_EDGES : Infinity;
      if (v.kind !== 'number' || !(num > 0) || (integer && !Number.isInteger(num))) {
        rep.error(v.start, v.end, 'space-limit', `'${t.value}' must be a positive ${integer ? 'integer' : 'number'}${integer ? '' : ' (millions)'}`);
      } else if (num > cap) {
        rep.error(v.start, v.end, 'space-limit', `'${t.value}' is at most ${cap}: TG-NAS reads cells of at most ${MAX_GRAPH_NODES} nodes and ${MAX_GRAPH_EDGES} edges`);
      } else {
        if (t.value === 'max_nodes') decl.maxNodes = num;
        else if (t.value === 'max_edges') decl.maxEdges = num;
        else if (t.value === 'max_params') decl.maxParamsM = num;
        else decl.maxFlopsM = num;
        if (integer) limitToks.push(t);
      }
    }
    const after = c.peek();
    if (after && after.kind !== 'newline' && after.value !== ';' && after.value !== '}') {
      rep.error(after.start, after.end, 'arch-syntax', `expected a new line or ';' after '${t.value}: ${v.value}', found '${excerpt(after.value)}'`);
      while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
    }
  }
  if (!closed) rep.error(open.start, open.end, 'unbalanced-brackets', `'{' of space '${name.value}' is never closed (add '}')`, ['}']);
  else if (c.peek()) {
    const t = c.peek()!;
    rep.error(t.start, end, 'arch-syntax', `unexpected text after the closing '}' of space '${name.value}'`);
  }
  if (!seen.has('topology')) {
    rep.error(name.start, name.end, 'space-missing-topology', `space '${name.value}' needs 'topology: nb201 | darts | nb101 | graph'`);
  }
  if (!opsTok) rep.error(name.start, name.end, 'space-missing-ops', `space '${name.value}' needs an operator list, e.g. 'ops: [none, skip_connect, nor_conv_3x3]'`);
  else if (decl.ops.length === 0) rep.error(opsTok.start, opsTok.end, 'space-missing-ops', `space '${name.value}' lists no operators`);
  if (decl.topology && !dagTopology(decl.topology)) {
    for (const t of limitToks) rep.warning(t.start, t.end, 'space-limit', `'${t.value}' only applies to nb101/graph topologies; the ${decl.topology} cell shape is fixed`);
  }
  return decl;
}

interface CellContext {
  spaces: Map<string, SpaceDecl>;
  declared: Map<string, OpDecl>;
  knownOps: Set<string>;
  /** Vocabulary of each built-in space (+ declared operators), built once per document, not per cell. */
  vocabularies?: Map<string, readonly string[]>;
}

function detectNotation(text: string, v: number, end: number): Notation | undefined {
  const c = text[v];
  if (c === '|') return 'nb201';
  if (c === '{') return /"edges"\s*:/.test(text.slice(v, end)) ? 'graph-json' : 'nb101-json';
  if (c === '(') return 'naslib-tuple';
  if (c === '[') return 'nb301-compact';
  const m = /^[A-Za-z_][\w.]*/.exec(text.slice(v, Math.min(end, v + 200)));
  if (!m) return undefined;
  const after = text.slice(v + m[0].length, end).trimStart()[0];
  if (m[0] === 'graph' && after === '{') return 'graph';
  if (after === '(') return 'genotype';
  return undefined;
}

/** A value that starts with a digit: a whole-network code, alone on its line (a trailing comment is masked). */
function detectCodeValue(text: string, v: number, end: number): Notation | undefined {
  return /\d/.test(text[v]) ? detectCodeNotation(text.slice(v, end).trim()) : undefined;
}

function parseCellDecl(text: string, start: number, end: number, rep: Reporter, ctx: CellContext): CellDecl | undefined {
  end = trimEnd(text, start, end);
  // The '=' of this statement only: searching past `end` would make a document of '='-less statements quadratic.
  let headEnd = start;
  while (headEnd < end && text[headEnd] !== '=') headEnd++;
  if (headEnd < end) headEnd++;
  const c = new Cursor(lexArch(text, start, headEnd), headEnd);
  c.next(); // 'cell'
  const name = c.next();
  if (name?.kind !== 'ident') {
    rep.error(name?.start ?? start, name?.end ?? end, 'arch-syntax', "expected a cell name after 'cell'");
    return undefined;
  }
  const decl: CellDecl = {
    name: name.value, space: '', spaceExplicit: false, nameRange: rep.map.range(name.start, name.end),
    range: rep.map.range(start, end), offset: start, endOffset: end, diagnostics: [],
  };
  let spaceTok: ArchToken | undefined;
  if (c.is('in')) {
    const inTok = c.next()!;
    spaceTok = c.next();
    if (spaceTok?.kind !== 'ident') {
      rep.error(inTok.start, inTok.end, 'arch-syntax', "expected a space name after 'in'");
      spaceTok = undefined;
    } else {
      decl.space = spaceTok.value;
      decl.spaceExplicit = true;
      decl.spaceRange = rep.map.range(spaceTok.start, spaceTok.end);
    }
  }
  const eq = c.next();
  if (!eq || eq.value !== '=') {
    const at = eq ?? name;
    rep.error(at.start, at.end, 'arch-syntax',
      `expected '=' after 'cell ${name.value}${spaceTok ? ` in ${spaceTok.value}` : ''}'${eq ? `, found '${excerpt(eq.value)}'` : ''}`);
    return decl;
  }
  let v = eq.end;
  while (v < end && /\s/.test(text[v])) v++;
  if (v >= end) {
    rep.error(eq.start, eq.end, 'cell-missing-value', `missing cell after '=': write ${NOTATIONS_HELP}`);
    return decl;
  }
  decl.valueOffset = v;
  decl.valueEndOffset = end;
  decl.valueRange = rep.map.range(v, end);
  const notation = detectNotation(text, v, end) ?? detectCodeValue(text, v, end);
  const firstLineEnd = Math.min(end, text.indexOf('\n', v) < 0 ? end : text.indexOf('\n', v));
  if (!notation) {
    rep.error(v, firstLineEnd, 'unknown-notation', `unrecognised cell notation '${excerpt(text.slice(v, firstLineEnd))}': expected ${NOTATIONS_HELP}`);
    return decl;
  }
  decl.notation = notation;

  // The space: named, or inferred from the notation.
  let topology: Topology = TOPOLOGY_OF[notation];
  let vocab: readonly string[] | null;
  let limits: GraphLimits | undefined;
  const spaceName = decl.spaceExplicit ? decl.space : DEFAULT_SPACE[notation];
  const custom = decl.spaceExplicit ? ctx.spaces.get(decl.space) : undefined;
  const builtinSpace = decl.spaceExplicit ? BUILTIN_SPACES.get(decl.space) : BUILTIN_SPACES.get(spaceName);
  if (decl.spaceExplicit && !custom && !builtinSpace) {
    const u = unknownName('space', decl.space, [...BUILTIN_SPACES.keys(), ...ctx.spaces.keys()]);
    rep.error(spaceTok!.start, spaceTok!.end, 'unknown-space', `${u.message}; declare it with space ${decl.space} { ... }`, u.suggestions);
    // The cell is still checked, against the space its notation implies.
  }
  let explain: ((op: string) => string | undefined) | undefined;
  if (custom) {
    if (custom.topology) topology = custom.topology;
    vocab = custom.ops;
    limits = { maxNodes: custom.maxNodes, maxEdges: custom.maxEdges };
    explain = (op) => (ctx.knownOps.has(op) ? `operator '${op}' is not in the ops list of space '${custom.name}'` : undefined);
  } else {
    const b = (decl.spaceExplicit && builtinSpace) || BUILTIN_SPACES.get(DEFAULT_SPACE[notation])!;
    topology = b.topology;
    ctx.vocabularies ??= new Map();
    vocab = ctx.vocabularies.get(b.name) ?? [];
    if (!ctx.vocabularies.has(b.name)) ctx.vocabularies.set(b.name, (vocab = b.ops ? [...b.ops, ...ctx.declared.keys()] : [...ctx.knownOps]));
    limits = b.limits;
    explain = (op) => (ctx.knownOps.has(op) ? `operator '${op}' is not an operator of space '${b.name}' (use 'in graph' or a custom space for mixed operators)` : undefined);
  }
  decl.space = spaceName;
  const fits = topology === TOPOLOGY_OF[notation] || (dagTopology(topology) && dagTopology(TOPOLOGY_OF[notation]));
  if (!fits) {
    rep.error(v, firstLineEnd, 'notation-mismatch',
      `cell '${name.value}' is written as ${NOTATION_TEXT[notation]} but space '${spaceName}' uses the ${topology} topology`);
    return decl;
  }
  const opts = { ops: vocab, explainUnknown: explain };
  switch (notation) {
    case 'nb201':
      decl.cell = parseNb201Range(text, v, end, rep, opts);
      break;
    case 'naslib-tuple': {
      const cell = parseNaslibTupleRange(text, v, end, rep);
      if (cell) {
        const bad = cell.ops.find((o) => vocab && !vocab.includes(o));
        if (bad) rep.error(v, end, 'unknown-operator', `the tuple decodes to '${bad}', which is not an operator of space '${spaceName}'`);
        else decl.cell = cell;
      }
      break;
    }
    case 'genotype':
      decl.cell = parseGenotypeRange(text, v, end, rep, { ...opts, nodes: 4 });
      break;
    case 'nb301-compact':
      decl.cell = parseNb301CompactRange(text, v, end, rep);
      break;
    case 'nb101-json':
    case 'graph-json': {
      const json = parseJsonRange(text, v, end, rep);
      if (!json) break;
      const lim = { maxNodes: limits?.maxNodes ?? Infinity, maxEdges: limits?.maxEdges ?? Infinity };
      decl.cell = notation === 'nb101-json' ? nb101FromJson(json, rep, { ...opts, ...lim }) : graphFromJson(json, rep, { ...opts, ...lim });
      break;
    }
    case 'tnb101-macro':
      decl.cell = parseTnb101MacroRange(text, v, end, rep);
      break;
    case 'nbmr':
      decl.cell = parseNbmrRange(text, v, end, rep);
      break;
    case 'graph': {
      const g = parseGraphBlock(text, v, end, rep, { ...opts, ...limits });
      if (g) {
        decl.cell = g.cell;
        decl.nodeNames = g.names;
      }
      break;
    }
  }
  return decl;
}

/** `graph { name: op [<- src, ...] ; ... }` over text[start, end). */
function parseGraphBlock(
  text: string,
  start: number,
  end: number,
  rep: Reporter,
  options: { ops: readonly string[] | null; explainUnknown?: (op: string) => string | undefined } & GraphLimits,
): { cell: GraphCell; names: string[] } | undefined {
  const before = rep.errorCount;
  const c = new Cursor(lexArch(text, start, end), end);
  c.next(); // 'graph'
  c.skipNewlines();
  const open = c.next()!; // '{' (checked by detectNotation)
  interface NodeDecl { name: ArchToken; op: ArchToken; srcs: ArchToken[] }
  const nodes: NodeDecl[] = [];
  let edgeCount = 0;
  let closed = false;
  const skipItem = () => {
    while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
  };
  while (c.peek()) {
    const t = c.next()!;
    if (t.kind === 'newline' || t.value === ';') continue;
    if (t.value === '}') {
      closed = true;
      break;
    }
    if (t.kind !== 'ident' || !c.is(':')) {
      rep.error(t.start, t.end, 'arch-syntax', `expected 'name: op <- inputs' in the graph, found '${excerpt(t.value)}'`);
      skipItem();
      continue;
    }
    c.next();
    const op = c.next();
    if (op?.kind !== 'ident') {
      rep.error(op?.start ?? t.end, op?.end ?? t.end + 1, 'arch-syntax', `expected the operator of node '${t.value}' after ':'`);
      if (op && op.kind !== 'newline' && op.value !== ';' && op.value !== '}') skipItem();
      else if (op) c.i--;
      continue;
    }
    if (nodes.length >= MAX_GRAPH_NODES) {
      // The hard cap: stop reading here (parsing, keying and scoring a cell stay bounded).
      rep.error(t.start, t.end, 'graph-too-large', graphTooLargeMessage('nodes'));
      return undefined;
    }
    const node: NodeDecl = { name: t, op, srcs: [] };
    if (c.is('<-')) {
      const arrow = c.next()!;
      for (;;) {
        const s = c.peek();
        if (s?.kind !== 'ident') {
          rep.error(s?.start ?? arrow.end, s?.end ?? arrow.end, 'arch-syntax', `expected an input node name after '${node.srcs.length ? ',' : '<-'}'`);
          break;
        }
        c.next();
        if (++edgeCount > MAX_GRAPH_EDGES) {
          rep.error(s.start, s.end, 'graph-too-large', graphTooLargeMessage('edges'));
          return undefined;
        }
        node.srcs.push(s);
        if (!c.is(',')) break;
        c.next();
        c.skipNewlines();
      }
    }
    nodes.push(node);
    const after = c.peek();
    if (after && after.kind !== 'newline' && after.value !== ';' && after.value !== '}') {
      rep.error(after.start, after.end, 'arch-syntax', `expected a new line, ';' or '}' after node '${t.value}', found '${excerpt(after.value)}'`);
      skipItem();
    }
  }
  if (!closed) {
    rep.error(open.start, open.end, 'unbalanced-brackets', "'{' of the graph is never closed (add '}')", ['}']);
    return undefined;
  }
  if (c.peek()) rep.error(c.peek()!.start, end, 'arch-syntax', "unexpected text after the closing '}' of the graph");
  if (nodes.length === 0) {
    rep.error(open.start, open.end, 'graph-empty', 'the graph has no nodes: declare at least "in: input" and "out: output <- in"');
    return undefined;
  }

  const index = new Map<string, number>();
  const allowed = options.ops && new Set(options.ops);
  nodes.forEach((n, i) => {
    if (index.has(n.name.value)) {
      rep.error(n.name.start, n.name.end, 'duplicate-name', `node '${n.name.value}' is already declared in this graph`);
    } else index.set(n.name.value, i);
    const op = n.op.value;
    if (op !== 'input' && op !== 'output' && options.ops && !allowed!.has(op)) {
      const u = unknownOperator(op, [...options.ops, 'input', 'output'], options.explainUnknown);
      rep.error(n.op.start, n.op.end, 'unknown-operator', u.message, u.suggestions);
    }
  });
  const edges: Array<[number, number]> = [];
  const edgeToks: ArchToken[] = [];
  let unknownNodes = 0;
  nodes.forEach((n, i) => {
    for (const s of n.srcs) {
      const from = index.get(s.value);
      if (from === undefined) {
        // Did-you-mean costs O(nodes) per name: only for the first few unknown names.
        const u = ++unknownNodes <= 20 ? unknownName('node', s.value, index.keys()) : { message: `unknown node '${s.value}'`, suggestions: [] };
        rep.error(s.start, s.end, 'graph-unknown-node', `${u.message} in the inputs of '${n.name.value}'`, u.suggestions);
        continue;
      }
      edges.push([from, i]);
      edgeToks.push(s);
    }
  });
  if (rep.errorCount > before) return undefined;
  const ops = nodes.map((n) => n.op.value);
  const names = nodes.map((n) => n.name.value);
  for (const p of checkGraph(ops, edges, options, names)) {
    const tok = p.edge !== undefined ? edgeToks[p.edge] : p.node !== undefined ? nodes[p.node].name : open;
    rep.add(p.severity, tok.start, tok.end, p.code, p.message);
  }
  if (rep.errorCount > before) return undefined;
  const order = topologicalOrder(ops, edges);
  const at = new Map(order.map((v, k) => [v, k]));
  const cellEdges = edges.map(([a, b]) => [at.get(a)!, at.get(b)!] as [number, number]);
  const seen = new Set<string>();
  const dedup = cellEdges.filter((e) => (seen.has(e.join()) ? false : (seen.add(e.join()), true)));
  dedup.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return { cell: { kind: 'graph', ops: order.map((k) => ops[k]), edges: dedup }, names: order.map((k) => names[k]) };
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** Node names the formatter gives a graph: in (in0, in1, ... when several), n1.., out. */
function graphNodeNames(cell: GraphCell): string[] {
  const inputs = cell.ops.filter((o) => o === 'input').length;
  let k = 0;
  return cell.ops.map((o, i) => (o === 'input' ? (inputs > 1 ? `in${k++}` : 'in') : o === 'output' ? 'out' : `n${i}`));
}

export function formatGraphBlock(cell: GraphCell, names = graphNodeNames(cell), indent = '  '): string {
  const preds: number[][] = cell.ops.map(() => []);
  for (const [a, b] of cell.edges) preds[b].push(a);
  const width = Math.max(...names.map((n) => n.length)) + 1;
  const lines = cell.ops.map((op, i) => {
    const src = preds[i].length ? ` <- ${preds[i].map((p) => names[p]).join(', ')}` : '';
    return `${indent}${`${names[i]}:`.padEnd(width)} ${op}${src}`;
  });
  return `graph {\n${lines.join('\n')}\n}`;
}

/** Text of a cell in its own notation (NB201 string, Genotype, NB101 JSON, graph block, benchmark code). */
export function formatCellValue(cell: Cell): string {
  switch (cell.kind) {
    case 'nb201':
      return formatNb201(cell);
    case 'darts':
      return formatGenotype(cell);
    case 'nb101':
      return formatNb101(cell);
    case 'graph':
      return formatGraphBlock(cell);
    case 'tnb101-macro':
      return formatTnb101Macro(cell);
    case 'nbmr':
      return formatNbmr(cell);
  }
}

/** `cell NAME [in SPACE] = VALUE`; the space is omitted when it is the one the notation implies. */
export function formatArchCell(name: string, cell: Cell, space?: string): string {
  const implied = { nb201: 'nb201', darts: 'darts', nb101: 'nb101', graph: 'graph', 'tnb101-macro': 'tnb101macro', nbmr: 'nbmr' }[cell.kind];
  const inSpace = space && space !== implied ? ` in ${space}` : '';
  return `cell ${name}${inSpace} = ${formatCellValue(cell)}`;
}

function formatNumber(n: number): string {
  return String(n);
}

/** What an `op` statement states: its name, sentence, kind, cost hints and declared descriptor values. */
export type OpDeclInput = Pick<OpDecl, 'name' | 'description'> &
  Partial<Pick<OpDecl, 'kind' | 'params' | 'flops' | 'kernel' | 'stride' | 'dilation' | 'channels'>>;

/** `op NAME "sentence" [kind=K] [params=N] [flops=N] [kernel=N] [stride=N] [dilation=N] [channels=R]`: every attribute it was given. */
export function formatOpDecl(op: OpDeclInput): string {
  let s = `op ${op.name} ${JSON.stringify(op.description)}`;
  if (op.kind && op.kind !== 'other') s += ` kind=${op.kind}`;
  for (const k of ['params', 'flops', ...DESCRIPTOR_ATTRIBUTES] as const) {
    const v = op[k];
    if (v !== undefined) s += ` ${k}=${formatNumber(v)}`;
  }
  return s;
}

export function formatSpaceDecl(space: Pick<SpaceDecl, 'name' | 'ops'> & Partial<SpaceDecl>): string {
  const lines = [`space ${space.name} {`];
  if (space.topology) lines.push(`  topology: ${space.topology}`);
  lines.push(`  ops: [${space.ops.join(', ')}]`);
  if (space.maxNodes !== undefined) lines.push(`  max_nodes: ${space.maxNodes}`);
  if (space.maxEdges !== undefined) lines.push(`  max_edges: ${space.maxEdges}`);
  if (space.maxParamsM !== undefined) lines.push(`  max_params: ${formatNumber(space.maxParamsM)}`);
  if (space.maxFlopsM !== undefined) lines.push(`  max_flops: ${formatNumber(space.maxFlopsM)}`);
  lines.push('}');
  return lines.join('\n');
}

export interface ArchDocumentInput {
  ops?: OpDeclInput[];
  spaces?: Array<Pick<SpaceDecl, 'name' | 'ops'> & Partial<SpaceDecl>>;
  cells: Array<{ name: string; cell: Cell; space?: string; comment?: string }>;
  /** Comment placed at the top (one `#` line per line of text). */
  header?: string;
}

/** A whole `.arch` document (used by `tgnas convert --to arch`). */
export function formatArchDocument(doc: ArchDocumentInput): string {
  const blocks: string[] = [];
  if (doc.header) blocks.push(doc.header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n'));
  if (doc.ops?.length) blocks.push(doc.ops.map(formatOpDecl).join('\n'));
  for (const s of doc.spaces ?? []) blocks.push(formatSpaceDecl(s));
  const cells = doc.cells.map((c) => (c.comment ? `# ${c.comment}\n` : '') + formatArchCell(c.name, c.cell, c.space));
  if (cells.length) blocks.push(cells.join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

/** A valid `.arch` identifier from any label ("PC-DARTS (ImageNet)" -> "PC_DARTS_ImageNet"). */
export function archIdentifier(label: string): string {
  const s = label.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(s) ? s : `c_${s}`;
}

/** Parses a standalone `graph { ... }` block (vocabulary: every built-in operator unless given). */
export function parseGraphNotation(
  text: string,
  options: { ops?: readonly string[] | null; line?: number; column?: number } & GraphLimits = {},
): { cell?: GraphCell; nodeNames?: string[]; diagnostics: Diagnostic[] } {
  const rep = new Reporter(new LineMap(text, options));
  const masked = maskComments(text);
  let s = 0;
  while (s < masked.length && /\s/.test(masked[s])) s++;
  const e = trimEnd(masked, s, masked.length);
  if (!/^graph\s*\{/.test(masked.slice(s, s + 64))) {
    rep.error(s, Math.min(e, s + 5), 'arch-syntax', "expected 'graph { name: op <- inputs; ... }'");
    return { diagnostics: rep.diagnostics };
  }
  const ops = options.ops === undefined ? [...builtinOperators().keys()] : options.ops;
  const g = parseGraphBlock(masked, s, e, rep, { ...options, ops });
  return { cell: g?.cell, nodeNames: g?.names, diagnostics: rep.diagnostics };
}
