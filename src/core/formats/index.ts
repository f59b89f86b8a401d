/**
 * One architecture in any notation -> Cell, and Cell -> any notation. Used by `tgnas info/score`
 * (one architecture per input line) and `tgnas convert`.
 *
 * Notations read: NB201 arch string, NASLib NB201 tuple `(4, 0, 3, 1, 4, 3)`, DARTS
 * `Genotype(...)`, NASLib NB301 compact `[[(0, 3), ...], [...]]`, NB101 JSON (`matrix` + `ops`),
 * NASLib NB101 tuple (56 ints), graph-json `{"ops": [...], "edges": [[0, 1], ...]}`, a
 * `graph { ... }` block, a `.arch` snippet (its first cell), a TransNAS-Bench-101 macro skeleton
 * `64-41414-basic` and a NAS-Bench-MR code `128_128_2_4_...` (27 ints).
 */
import type { Cell, Diagnostic } from '../types';
import { BasePosition, LineMap, Reporter } from './text';
import { formatNaslibTuple, formatNb201, parseNaslibTupleRange, parseNb201Range } from './nb201';
import { formatGenotype, formatNb301Compact, parseGenotypeRange, parseNb301CompactRange } from './genotype';
import { formatNb101, nb101FromJson, nb101FromNaslibTuple } from './nb101';
import { formatGraphJson, graphFromJson } from './graph';
import { parseJsonRange } from './json';
import { formatArchCell, formatGraphBlock, parseArchDocument, parseGraphNotation } from './arch';
import { graphToNb101, toGraphCell } from './convert';
import { detectCodeNotation, formatNbmr, formatTnb101Macro, parseNbmrRange, parseTnb101MacroRange } from './macro';

export * from './text';
export * from './nb201';
export * from './genotype';
export * from './nb101';
export * from './graph';
export * from './arch';
export * from './finder';
export * from './convert';
export * from './macro';
export { maskComments, lexArch } from './lexer';

export type NotationHint =
  | 'auto' | 'nb201' | 'naslib-nb201' | 'darts' | 'nb301-compact' | 'nb101' | 'naslib-nb101' | 'graph-json' | 'graph' | 'arch'
  | 'tnb101-macro' | 'nbmr';

export interface ParseArchitectureOptions extends BasePosition {
  /** Allowed operators for the detected notation (default: that notation's space; null: any). */
  ops?: readonly string[] | null;
  /** DARTS intermediate nodes (default 4; 'any' reads NASNet-style genotypes). */
  dartsNodes?: number | 'any';
  /** NB101 / graph size limits (default NB101: 7 nodes, 9 edges for NB101; none for graphs). */
  maxNodes?: number;
  maxEdges?: number;
}

export interface ParsedArchitecture {
  cell?: Cell;
  /** The notation that was read (or tried). */
  notation?: Exclude<NotationHint, 'auto'>;
  diagnostics: Diagnostic[];
}

/** Which notation a text is written in, from its first characters (undefined: none recognised). */
export function detectNotation(text: string): Exclude<NotationHint, 'auto'> | undefined {
  const t = text.trimStart();
  const c = t[0];
  if (c === '|') return 'nb201';
  if (c === '{') return /"edges"\s*:/.test(t) ? 'graph-json' : 'nb101';
  if (c === '(' || c === '[') {
    if (/^[([]\s*[([]/.test(t)) return 'nb301-compact';
    const ints = t.match(/-?\d+/g) ?? [];
    return ints.length === 56 ? 'naslib-nb101' : 'naslib-nb201';
  }
  if (/^(cell|op|space)\s+[A-Za-z_]/.test(t)) return 'arch';
  if (/^graph\s*\{/.test(t)) return 'graph';
  if (/^[A-Za-z_][\w.]*\s*\(/.test(t)) return 'darts';
  // Whole-network codes: only a text that is nothing but the code (a plain number is neither).
  return detectCodeNotation(t.trimEnd());
}

/** Parses one architecture; never throws (a failure of a reader becomes an 'internal-error' diagnostic). */
export function parseArchitecture(text: string, hint: NotationHint = 'auto', options: ParseArchitectureOptions = {}): ParsedArchitecture {
  try {
    return parseArchitectureOrThrow(text, hint, options);
  } catch (e) {
    const rep = new Reporter(new LineMap(text, options));
    rep.error(0, Math.min(text.length, 1), 'internal-error', `could not read this architecture (${e instanceof Error ? e.message : String(e)})`);
    return { diagnostics: rep.diagnostics };
  }
}

function parseArchitectureOrThrow(text: string, hint: NotationHint, options: ParseArchitectureOptions): ParsedArchitecture {
  const map = new LineMap(text, options);
  const rep = new Reporter(map);
  let s = 0;
  while (s < text.length && /\s/.test(text[s])) s++;
  let e = text.length;
  while (e > s && /\s/.test(text[e - 1])) e--;
  const notation = hint === 'auto' ? detectNotation(text) : hint;
  if (s === e) {
    rep.error(0, text.length, 'empty', 'no architecture given');
    return { diagnostics: rep.diagnostics };
  }
  if (!notation) {
    rep.error(s, Math.min(e, s + 40), 'unknown-notation',
      "unrecognised notation: expected an NB201 string '|op~0|+...', a NASLib tuple '(4, 0, 3, 1, 4, 3)', Genotype(...), NB101 JSON {...}, graph { ... }, " +
        "a TransNAS-Bench-101 macro skeleton '64-41414-basic', a NAS-Bench-MR code (27 ints joined by '_') or a .arch 'cell' line");
    return { diagnostics: rep.diagnostics };
  }
  let cell: Cell | undefined;
  const ops = options.ops;
  switch (notation) {
    case 'nb201':
      cell = parseNb201Range(text, s, e, rep, { ops });
      break;
    case 'naslib-nb201':
      cell = parseNaslibTupleRange(text, s, e, rep);
      break;
    case 'darts':
      cell = parseGenotypeRange(text, s, e, rep, { ops, nodes: options.dartsNodes });
      break;
    case 'nb301-compact':
      cell = parseNb301CompactRange(text, s, e, rep);
      break;
    case 'naslib-nb101': {
      const values = (text.slice(s, e).match(/-?\d+/g) ?? []).map(Number);
      const raw = nb101FromNaslibTuple(values);
      if (!raw) {
        rep.error(s, e, 'naslib-tuple-length', `a NASLib NB101 tuple has 49 adjacency 0/1 values and 7 op codes 0..4 (56 ints), found ${values.length} ints`);
        break;
      }
      // Validate exactly like NB101 JSON; positions inside the decoded text mean nothing, so report on the tuple.
      const decoded = formatNb101(raw);
      const inner = new Reporter(new LineMap(decoded));
      const json = parseJsonRange(decoded, 0, decoded.length, inner);
      cell = json && nb101FromJson(json, inner, { ops, maxNodes: options.maxNodes, maxEdges: options.maxEdges });
      for (const d of inner.diagnostics) rep.add(d.severity, s, e, d.code, `${d.message} (in the decoded tuple)`, d.suggestions);
      break;
    }
    case 'nb101':
    case 'graph-json': {
      const json = parseJsonRange(text, s, e, rep);
      if (!json) break;
      const limits = { maxNodes: options.maxNodes, maxEdges: options.maxEdges };
      cell = notation === 'nb101' ? nb101FromJson(json, rep, { ops, ...limits }) : graphFromJson(json, rep, { ops, ...limits });
      break;
    }
    case 'graph': {
      const sub = parseGraphNotation(text, { ops, line: options.line, column: options.column, maxNodes: options.maxNodes, maxEdges: options.maxEdges });
      rep.diagnostics.push(...sub.diagnostics);
      cell = sub.cell;
      break;
    }
    case 'tnb101-macro':
      cell = parseTnb101MacroRange(text, s, e, rep);
      break;
    case 'nbmr':
      cell = parseNbmrRange(text, s, e, rep);
      break;
    case 'arch': {
      const doc = parseArchDocument(text);
      // Shift positions when the caller embedded the text (parseArchDocument reports from 1:1).
      const dl = (options.line ?? 1) - 1;
      const dc = (options.column ?? 1) - 1;
      for (const d of doc.diagnostics) {
        const r = d.range;
        rep.diagnostics.push({ ...d, range: {
          line: r.line + dl, column: r.line === 1 ? r.column + dc : r.column,
          endLine: r.endLine + dl, endColumn: r.endLine === 1 ? r.endColumn + dc : r.endColumn,
        } });
      }
      if (doc.cells.length === 0) rep.error(s, e, 'arch-no-cell', "the .arch text declares no cell ('cell NAME = ...')");
      cell = doc.cells[0]?.cell;
      break;
    }
  }
  if (rep.errorCount > 0) cell = undefined;
  return { cell, notation, diagnostics: rep.diagnostics };
}

export type OutputNotation =
  | 'nb201' | 'naslib-nb201' | 'genotype' | 'nb301-compact' | 'nb101-json' | 'graph-json' | 'graph' | 'arch' | 'tnb101-macro' | 'nbmr';

/** The notation each cell kind is written in by default (search results, canonical `arch` of CLI records). */
export const CELL_NOTATION: Readonly<Record<Cell['kind'], OutputNotation>> = {
  nb201: 'nb201', darts: 'genotype', nb101: 'nb101-json', graph: 'graph-json', 'tnb101-macro': 'tnb101-macro', nbmr: 'nbmr',
};

export class FormatError extends Error {}

/**
 * Writes a cell in a notation. graph-json is the operator-as-node edge list
 * `{"ops": [...], "edges": [[from, to], ...]}` (tgnas-method.md §2 wiring for NB201/DARTS; DARTS
 * gives its normal cell); nb101-json is the matrix form. Throws FormatError when the cell cannot
 * be written that way (e.g. a DARTS cell as an NB201 string).
 */
export function formatCell(cell: Cell, to: OutputNotation, options: { name?: string; space?: string } = {}): string {
  const cannot = (why: string): never => {
    throw new FormatError(`cannot write a ${cell.kind} cell as ${to}: ${why}`);
  };
  switch (to) {
    case 'nb201':
      return cell.kind === 'nb201' ? formatNb201(cell) : cannot('only NB201 cells have an arch string');
    case 'naslib-nb201':
      if (cell.kind !== 'nb201') return cannot('only NB201 cells have a NASLib tuple');
      return formatNaslibTuple(cell) ?? cannot('an operator has no NASLib code');
    case 'genotype':
      return cell.kind === 'darts' ? formatGenotype(cell) : cannot('only DARTS cells are genotypes');
    case 'nb301-compact':
      if (cell.kind !== 'darts') return cannot('only DARTS cells have an NB301 compact form');
      return formatNb301Compact(cell) ?? cannot('it needs 8 pairs per half, NB301 operators and concat [2, 3, 4, 5]');
    case 'nb101-json': {
      if (cell.kind === 'nb101') return formatNb101(cell);
      const nb = graphToNb101(toGraphCell(cell));
      return nb ? formatNb101(nb) : cannot('the graph has more than one input');
    }
    case 'graph-json':
      return formatGraphJson(toGraphCell(cell));
    case 'graph':
      return formatGraphBlock(toGraphCell(cell));
    case 'arch':
      return formatArchCell(options.name ?? 'c', cell, options.space);
    case 'tnb101-macro':
      return cell.kind === 'tnb101-macro' ? formatTnb101Macro(cell) : cannot('only TransNAS-Bench-101 macro cells are skeletons 64-...-basic');
    case 'nbmr':
      return cell.kind === 'nbmr' ? formatNbmr(cell) : cannot('only NAS-Bench-MR cells have its 27-int code');
  }
}
