/**
 * The notation registry: one entry per way of writing an architecture. `.arch` cell values,
 * `parseArchitecture` (CLI lines, `convert`), the in-text finder (Python, Markdown, notebooks) and
 * `formatCell` all read this table; adding a notation means adding one entry here.
 *
 * Order matters for detection: the first entry whose `detect` accepts a value's first characters
 * reads it (NB301 compact `[[(0, 1), ...]]` before NASLib tuples `(4, 0, 3, ...)`).
 */
import type { Cell } from '../types';
import type { Reporter } from './text';
import { LineMap, Reporter as TextReporter } from './text';
import { formatNaslibTuple, formatNb201, parseNaslibTupleRange, parseNb201Range } from './nb201';
import { formatGenotype, formatNb301Compact, parseGenotypeRange, parseNb301CompactRange } from './genotype';
import { formatNb101, nb101FromJson, nb101FromNaslibTuple } from './nb101';
import { NB101_OP_CONSTANTS, parseModelSpecRange, parseNb101DictRange } from './nb101-python';
import { formatGraphJson, graphFromJson, type GraphLimits } from './graph';
import { parseJsonRange } from './json';
import { formatGraphBlock, parseGraphBlock } from './graph-block';
import { toGraphCell, graphToNb101 } from './convert';
import { formatNbmr, formatTnb101Macro, parseNbmrRange, parseTnb101MacroRange } from './macro';
import { TNB101_CODES_TEXT, formatTnb101Micro, parseTnb101MicroRange } from './tnb101-micro';
import { NNI_OPS, formatNniNb201, parseNniNb201Range } from './nni';
import type { BuiltinSpaceId } from '../spaces';

/**
 * Cell shape a space prescribes. 'graph' and 'nb101' are both operator-as-node DAGs; 'tnb101-macro' and
 * 'nbmr' are whole-network codes of the built-in spaces of those names (not available to `space` blocks).
 */
export type Topology = 'nb201' | 'darts' | 'nb101' | 'graph' | 'tnb101-macro' | 'nbmr';

export type NotationId =
  | 'nb201' | 'naslib-nb201' | 'tnb101-micro' | 'genotype' | 'nb301-compact' | 'nb101-json' | 'nb101-modelspec'
  | 'naslib-nb101' | 'nni-nb201' | 'graph-json' | 'graph' | 'tnb101-macro' | 'nbmr';

export interface NotationReadOptions extends GraphLimits {
  /** Allowed operators (default: the notation's space; null: any). */
  ops?: readonly string[] | null;
  /** Says why a known operator is not allowed here (replaces "unknown operator"). */
  explainUnknown?: (op: string) => string | undefined;
  /** DARTS intermediate nodes (default 4; 'any' reads NASNet-style genotypes). */
  dartsNodes?: number | 'any';
}

/** A cell, or a literal that is code / an elided example (nothing to report, nothing to score). */
export interface NotationRead {
  cell?: Cell;
  skipped?: 'code' | 'elided';
  /** graph { } blocks: node names as written. */
  nodeNames?: string[];
}

export interface NotationSpec {
  id: NotationId;
  /** Other names `parseArchitecture` hints and `findNotation` accept (older ids); `convert --to` lists ids only. */
  aliases: readonly string[];
  /** For messages: "an NB201 string". */
  title: string;
  /** What a literal of it is called in hovers and the outline: "NB201 cell", "Genotype". */
  label: string;
  /** A short example, for messages and docs. */
  example: string;
  topology: Topology;
  /** The built-in space its cells belong to unless a space is named. */
  space: BuiltinSpaceId;
  /** Whether a trimmed value (its first few hundred characters) is written in this notation. */
  detect(value: string): boolean;
  /** Reads text[start, end) (trimmed); reports problems on `rep`. Never throws on bad input. */
  read(text: string, start: number, end: number, rep: Reporter, options: NotationReadOptions): NotationRead;
  /** Writes a cell; a string says why it cannot (e.g. "only NB201 cells have an arch string"). */
  write?(cell: Cell): { text: string } | { cannot: string };
  /** How the in-text finder spots it in Python, Markdown, notebooks and plain text (undefined: never found in prose). */
  find?: TextScan;
}

/** Candidates of a notation inside any text: a cheap test, a global regex, and where a match ends. */
export interface TextScan {
  /** Cheap whole-text test before the regex runs (e.g. `text.includes('~')`). */
  quick(text: string): boolean;
  /** Global regex of candidate starts (or whole literals). */
  re: RegExp;
  /**
   * End (exclusive) of the literal a match starts; undefined: not a literal after all (prose, a
   * `def`); -1: its brackets never close (reported as such). Default: the end of the match.
   */
  extent?(text: string, m: RegExpExecArray): number | undefined;
}

/** A literal is a few hundred characters; stop looking for its closing bracket after this many. */
export const MAX_LITERAL_LENGTH = 20000;

/** Characters the in-text finder's bracket matching may still read in this text (findArchitectures resets it). */
let scanBudget = Infinity;

/** Sets how many characters bracket matching may read before every further candidate counts as unclosed. */
export function resetScanBudget(chars: number): void {
  scanBudget = chars;
}

/**
 * Offset of the bracket closing text[open] ('(', '[' or '{'), skipping strings and # comments; -1 when not
 * found within MAX_LITERAL_LENGTH characters or the finder's scan budget is spent.
 */
export function matchingBracket(text: string, open: number): number {
  const want = ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[text[open]];
  let depth = 0;
  const limit = Math.min(text.length, open + MAX_LITERAL_LENGTH, open + Math.max(0, scanBudget));
  scanBudget -= limit - open;
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return c === want ? i : -1;
      if (depth < 0) return -1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < limit && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '#') {
      while (i < limit && text[i] !== '\n') i++;
    }
  }
  return -1;
}

/** A call literal `Name(` ... `)`: not after `def`/`class`, and opening with a literal or a keyword argument (prose "Genotype(...)" does not). */
function callExtent(text: string, m: RegExpExecArray): number | undefined {
  const s = m.index;
  if (/\b(def|class)\s+$/.test(text.slice(Math.max(0, s - 8), s))) return undefined;
  const open = s + m[0].length - 1;
  CALL_LITERAL_START.lastIndex = open + 1;
  if (!CALL_LITERAL_START.test(text)) return undefined;
  const close = matchingBracket(text, open);
  return close < 0 ? -1 : close + 1;
}
const CALL_LITERAL_START = /\s*(?:#[^\n]*\n\s*)*(?:[[(]|[A-Za-z_]\w*\s*=[^=])/y;

function bracketExtent(text: string, m: RegExpExecArray): number | undefined {
  const close = matchingBracket(text, m.index);
  return close < 0 ? undefined : close + 1;
}

const ok = (text: string | undefined, why: string): { text: string } | { cannot: string } => (text === undefined ? { cannot: why } : { text });
const nested = /^[([]\s*[([]/;
const intCount = (v: string) => (v.match(/-?\d+/g) ?? []).length;

/** A dict written in Python rather than JSON: single quotes, the nasbench API's op constants, Python literals, comments. */
const PYTHON_DICT = new RegExp(`^\\{\\s*'|\\b(${[...Object.keys(NB101_OP_CONSTANTS), 'True', 'False', 'None'].join('|')})\\b|#`);

/** The registry, in detection order. */
export const NOTATIONS: readonly NotationSpec[] = [
  {
    id: 'nb201', aliases: [], label: 'NB201 cell', title: 'an NB201 string', example: "'|op~0|+...'",
    topology: 'nb201', space: 'nb201',
    // An NB201-looking run: '|op~i|' blocks joined by '+|', with at least one '+' (fewer false positives).
    find: {
      quick: (t) => t.includes('~'),
      re: /\|[A-Za-z_][\w.-]*~\d+\|(?:[A-Za-z_][\w.-]*~\d+\||\+\|)*/g,
      extent: (_t, m) => (m[0].includes('+') ? m.index + m[0].length : undefined),
    },
    detect: (v) => v[0] === '|',
    read: (text, s, e, rep, o) => ({ cell: parseNb201Range(text, s, e, rep, { ops: o.ops, explainUnknown: o.explainUnknown }) }),
    write: (c) => (c.kind === 'nb201' ? { text: formatNb201(c) } : { cannot: 'only NB201 cells have an arch string' }),
  },
  {
    id: 'tnb101-micro', aliases: ['tnb101'], label: 'TransNAS-Bench-101 micro cell', title: 'a TransNAS-Bench-101 micro string', example: "'64-41414-1_02_333'",
    topology: 'nb201', space: 'tnb101-micro',
    find: { quick: (t) => /\d_\d\d_\d/.test(t), re: /(?<![\w.-])\d{1,4}-\d{1,12}-\d_\d\d_\d\d\d(?![\w-])/g },
    detect: (v) => /^\d+-\d+-\d_\d\d_\d\d\d$/.test(v),
    read: (text, s, e, rep, o) => ({ cell: parseTnb101MicroRange(text, s, e, rep, o.ops) }),
    write: (c) => (c.kind === 'nb201' ? ok(formatTnb101Micro(c), `an operator is not in TransNAS-Bench-101 micro (${TNB101_CODES_TEXT})`) : { cannot: 'only NB201-shaped cells have a TransNAS-Bench-101 micro string' }),
  },
  {
    id: 'nb301-compact', aliases: [], label: 'NB301 compact genotype', title: 'an NB301 compact genotype', example: '[[(0, 3), ...], [...]]',
    topology: 'darts', space: 'darts',
    detect: (v) => nested.test(v),
    read: (text, s, e, rep) => ({ cell: parseNb301CompactRange(text, s, e, rep) }),
    write: (c) => (c.kind === 'darts' ? ok(formatNb301Compact(c), 'it needs 8 pairs per half, NB301 operators and concat [2, 3, 4, 5]') : { cannot: 'only DARTS cells have an NB301 compact form' }),
  },
  {
    id: 'naslib-nb101', aliases: [], label: 'NASLib NB101 tuple', title: 'a NASLib NB101 tuple', example: '(56 ints)',
    topology: 'nb101', space: 'nb101',
    detect: (v) => /^[([]/.test(v) && intCount(v.slice(0, 2000)) === 56,
    read: (text, s, e, rep, o) => ({ cell: readNaslibNb101(text, s, e, rep, o) }),
  },
  {
    id: 'naslib-nb201', aliases: ['naslib-tuple'], label: 'NASLib NB201 tuple', title: 'a NASLib NB201 tuple', example: '(4, 0, 3, 1, 4, 3)',
    topology: 'nb201', space: 'nb201',
    detect: (v) => /^[([]/.test(v),
    read: (text, s, e, rep, o) => {
      const cell = parseNaslibTupleRange(text, s, e, rep);
      const bad = cell?.ops.find((op) => o.ops && !o.ops.includes(op));
      if (bad) {
        rep.error(s, e, 'unknown-operator', `the tuple decodes to '${bad}', which is not an operator of this space`);
        return {};
      }
      return { cell };
    },
    write: (c) => (c.kind === 'nb201' ? ok(formatNaslibTuple(c), 'an operator has no NASLib code') : { cannot: 'only NB201 cells have a NASLib tuple' }),
  },
  {
    id: 'nni-nb201', aliases: ['nni'], label: 'NNI NB201 cell', title: "an NNI NB201 dict", example: "{'0_1': op, ..., '2_3': op}",
    topology: 'nb201', space: 'nb201',
    find: { quick: (t) => /['"][0-2]_[1-3]['"]\s*:/.test(t), re: /\{\s*['"][0-2]_[1-3]['"]\s*:/g, extent: bracketExtent },
    detect: (v) => /^\{\s*['"][0-2]_[1-3]['"]\s*:/.test(v),
    read: (text, s, e, rep, o) => parseNniNb201Range(text, s, e, rep, o.ops),
    write: (c) => (c.kind === 'nb201' ? ok(formatNniNb201(c), `an operator has no NNI name (NNI's are ${Object.keys(NNI_OPS).join(', ')})`) : { cannot: 'only NB201 cells have an NNI dict' }),
  },
  {
    id: 'graph-json', aliases: [], label: 'graph', title: 'graph-json', example: '{"ops": ..., "edges": ...}',
    topology: 'graph', space: 'graph',
    detect: (v) => v[0] === '{' && /["']edges["']\s*:/.test(v),
    read: (text, s, e, rep, o) => {
      const json = parseJsonRange(text, s, e, rep);
      return { cell: json && graphFromJson(json, rep, { ops: o.ops, maxNodes: o.maxNodes, maxEdges: o.maxEdges }) };
    },
    write: (c) => ({ text: formatGraphJson(toGraphCell(c)) }),
  },
  {
    id: 'nb101-json', aliases: ['nb101'], label: 'NB101 cell', title: 'NB101 JSON', example: '{"matrix": ..., "ops": ...}',
    topology: 'nb101', space: 'nb101',
    // Python dicts and JSON objects with a matrix key, e.g. {'matrix': [[...]], 'ops': [...]}.
    find: { quick: (t) => /["'](?:module_)?(?:matrix|adjacency)["']/.test(t), re: /\{\s*["'](?:module_)?(?:matrix|adjacency)["']\s*:/g, extent: bracketExtent },
    detect: (v) => v[0] === '{',
    read: (text, s, e, rep, o) => {
      const opts = { ops: o.ops, explainUnknown: o.explainUnknown, maxNodes: o.maxNodes, maxEdges: o.maxEdges };
      // JSON first (exact messages for JSON files); a Python dict ('single quotes', constants) otherwise.
      if (!PYTHON_DICT.test(text.slice(s, Math.min(e, s + 4000)))) {
        const json = parseJsonRange(text, s, e, rep);
        return { cell: json && nb101FromJson(json, rep, opts) };
      }
      return parseNb101DictRange(text, s, e, rep, opts);
    },
    write: (c) => {
      if (c.kind === 'nb101') return { text: formatNb101(c) };
      const nb = graphToNb101(toGraphCell(c));
      return nb ? { text: formatNb101(nb) } : { cannot: 'the graph has more than one input' };
    },
  },
  {
    id: 'nb101-modelspec', aliases: ['modelspec'], label: 'NB101 ModelSpec', title: 'an NB101 ModelSpec(matrix=..., ops=...)', example: '',
    topology: 'nb101', space: 'nb101',
    find: { quick: (t) => t.includes('ModelSpec'), re: /\b(?:[A-Za-z_]\w*\.){0,8}ModelSpec\s*\(/g, extent: callExtent },
    detect: (v) => /^(?:[A-Za-z_]\w*\.)*ModelSpec\s*\(/.test(v),
    read: (text, s, e, rep, o) => parseModelSpecRange(text, s, e, rep, { ops: o.ops, explainUnknown: o.explainUnknown, maxNodes: o.maxNodes, maxEdges: o.maxEdges }),
  },
  {
    id: 'graph', aliases: ['graph-block'], label: 'graph', title: 'a graph { ... } block', example: '',
    topology: 'graph', space: 'graph',
    detect: (v) => /^graph\s*\{/.test(v),
    read: (text, s, e, rep, o) => {
      const g = parseGraphBlock(text, s, e, rep, { ops: o.ops ?? null, explainUnknown: o.explainUnknown, maxNodes: o.maxNodes, maxEdges: o.maxEdges });
      return { cell: g?.cell, nodeNames: g?.names };
    },
    // One line (items joined by ';'), so `convert --to graph` writes one architecture per line like every notation.
    write: (c) => ({ text: oneLine(formatGraphBlock(toGraphCell(c), undefined, '')) }),
  },
  {
    id: 'genotype', aliases: ['darts'], label: 'Genotype', title: 'a Genotype(...)', example: '',
    topology: 'darts', space: 'darts',
    find: { quick: (t) => t.includes('Genotype'), re: /\b(?:[A-Za-z_]\w*\.){0,8}Genotype\s*\(/g, extent: callExtent },
    detect: (v) => /^[A-Za-z_][\w.]*\s*\(/.test(v),
    read: (text, s, e, rep, o) => {
      const before = rep.diagnostics.length;
      const cell = parseGenotypeRange(text, s, e, rep, { ops: o.ops, explainUnknown: o.explainUnknown, nodes: o.dartsNodes ?? 4 });
      const codes = rep.diagnostics.slice(before).map((d) => d.code);
      return { cell, skipped: codes.includes('genotype-elided') ? 'elided' : codes.includes('genotype-not-literal') ? 'code' : undefined };
    },
    write: (c) => (c.kind === 'darts' ? { text: formatGenotype(c) } : { cannot: 'only DARTS cells are genotypes' }),
  },
  {
    id: 'tnb101-macro', aliases: [], label: 'TransNAS-Bench-101 macro skeleton', title: 'a TransNAS-Bench-101 macro skeleton', example: "'64-41414-basic'",
    topology: 'tnb101-macro', space: 'tnb101-macro',
    find: { quick: (t) => t.includes('-basic'), re: /(?<![\w.-])\d{1,4}-\d{1,12}-basic(?![\w-])/g },
    detect: (v) => /^\d+-[^\s-]*-[A-Za-z]\w*$/.test(v),
    read: (text, s, e, rep) => ({ cell: parseTnb101MacroRange(text, s, e, rep) }),
    write: (c) => (c.kind === 'tnb101-macro' ? { text: formatTnb101Macro(c) } : { cannot: 'only TransNAS-Bench-101 macro cells are skeletons 64-...-basic' }),
  },
  {
    id: 'nbmr', aliases: ['nas-bench-mr'], label: 'NAS-Bench-MR code', title: 'a NAS-Bench-MR code', example: "(27 ints joined by '_')",
    topology: 'nbmr', space: 'nbmr',
    // Exactly 27 integers joined by '_', as a whole token.
    find: { quick: (t) => /\d_\d/.test(t), re: /(?<![\w.])\d{1,4}(?:_\d{1,4}){26}(?![\w.])/g },
    // Six or more integers joined by '_' (a number such as 1_000 is not a code).
    detect: (v) => /^\d+(?:_\d+){5,}$/.test(v),
    read: (text, s, e, rep) => ({ cell: parseNbmrRange(text, s, e, rep) }),
    write: (c) => (c.kind === 'nbmr' ? { text: formatNbmr(c) } : { cannot: 'only NAS-Bench-MR cells have its 27-int code' }),
  },
];

const BY_NAME = new Map<string, NotationSpec>();
for (const n of NOTATIONS) for (const name of [n.id, ...n.aliases]) BY_NAME.set(name, n);

/** A notation by id or alias (undefined: unknown). */
export function findNotation(name: string): NotationSpec | undefined {
  return BY_NAME.get(name);
}

/** The registry entry of an id (throws for an id not in the registry: a programming error). */
export function notation(id: NotationId): NotationSpec {
  const n = BY_NAME.get(id);
  if (!n) throw new Error(`unknown notation '${id}'`);
  return n;
}

/** Which notation a trimmed value is written in, from its first characters (undefined: none recognised). */
export function detectValueNotation(value: string): NotationSpec | undefined {
  // Whole-network codes match only a value that is nothing but the code (their patterns are anchored at both ends).
  const v = value.trimEnd();
  return NOTATIONS.find((n) => n.detect(v));
}

/** Notations a cell can be written in (`--to` choices), ids only. */
export function outputNotations(): NotationId[] {
  return NOTATIONS.filter((n) => n.write).map((n) => n.id);
}

/** "an NB201 string '|op~0|+...', a Genotype(...), ..." for messages that list what is accepted. */
export function notationsHelp(): string {
  const all = NOTATIONS.map((n) => `${n.title} ${n.example}`.trim());
  return `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}

/** The notation each cell kind is written in by default (search results, canonical `arch` of CLI records). */
export const CELL_NOTATION: Readonly<Record<Cell['kind'], NotationId>> = {
  nb201: 'nb201', darts: 'genotype', nb101: 'nb101-json', graph: 'graph-json', 'tnb101-macro': 'tnb101-macro', nbmr: 'nbmr',
};

/** `graph {\n  a: x\n  b: y <- a\n}` -> `graph { a: x; b: y <- a }`. */
function oneLine(block: string): string {
  const items = block.split('\n').slice(1, -1).map((l) => l.replace(/\s+/g, ' ').trim());
  return `graph { ${items.join('; ')} }`;
}

function readNaslibNb101(text: string, s: number, e: number, rep: Reporter, o: NotationReadOptions): Cell | undefined {
  const values = (text.slice(s, e).match(/-?\d+/g) ?? []).map(Number);
  const raw = nb101FromNaslibTuple(values);
  if (!raw) {
    rep.error(s, e, 'naslib-tuple-length', `a NASLib NB101 tuple has 49 adjacency 0/1 values and 7 op codes 0..4 (56 ints), found ${values.length} ints`);
    return undefined;
  }
  // Validate exactly like NB101 JSON; positions inside the decoded text mean nothing, so report on the tuple.
  const decoded = formatNb101(raw);
  const inner = new TextReporter(new LineMap(decoded));
  const json = parseJsonRange(decoded, 0, decoded.length, inner);
  const cell = json && nb101FromJson(json, inner, { ops: o.ops, maxNodes: o.maxNodes, maxEdges: o.maxEdges });
  for (const d of inner.diagnostics) rep.add(d.severity, s, e, d.code, `${d.message} (in the decoded tuple)`, d.suggestions);
  return cell;
}
