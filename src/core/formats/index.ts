/**
 * One architecture in any notation -> Cell, and Cell -> any notation. Used by `tgnas info/score`
 * (one architecture per input line) and `tgnas convert`. The notations are the registry's
 * (notations.ts); a `.arch` snippet (its first cell) is read here too.
 */
import type { Cell, Diagnostic } from '../types';
import { BasePosition, LineMap, Reporter } from './text';
import { formatArchCell, parseArchDocument } from './arch';
import { detectValueNotation, findNotation, notationsHelp, type NotationId } from './notations';

export * from './text';
export * from './nb201';
export * from './genotype';
export * from './nb101';
export * from './nb101-python';
export * from './graph';
export * from './graph-block';
export * from './arch';
export * from './finder';
export * from './convert';
export * from './macro';
export * from './notations';
export * from './tnb101-micro';
export { maskComments, lexArch } from './lexer';

/** A notation id or alias (notations.ts), 'arch' for a `.arch` snippet, or 'auto' to detect. */
export type NotationHint = 'auto' | 'arch' | NotationId | (string & {});

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
  notation?: NotationId | 'arch';
  /** Set when the text is code or an elided example rather than an architecture. */
  skipped?: 'code' | 'elided';
  diagnostics: Diagnostic[];
}

/** Which notation a text is written in, from its first characters (undefined: none recognised). */
export function detectNotation(text: string): NotationId | 'arch' | undefined {
  const t = text.trimStart();
  if (/^(cell|op|space)\s+[A-Za-z_]/.test(t)) return 'arch';
  return detectValueNotation(t)?.id;
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
  if (s === e) {
    rep.error(0, text.length, 'empty', 'no architecture given');
    return { diagnostics: rep.diagnostics };
  }
  const id = hint === 'auto' ? detectNotation(text) : hint === 'arch' ? 'arch' : findNotation(hint)?.id;
  if (id === 'arch') return parseArchSnippet(text, s, e, rep, options);
  const spec = id && findNotation(id);
  if (!spec) {
    rep.error(s, Math.min(e, s + 40), 'unknown-notation', `unrecognised notation: expected ${notationsHelp()} or a .arch 'cell' line`);
    return { diagnostics: rep.diagnostics };
  }
  const limits = spec.topology === 'nb101' || spec.topology === 'graph' ? { maxNodes: options.maxNodes, maxEdges: options.maxEdges } : {};
  const read = spec.read(text, s, e, rep, { ops: options.ops, dartsNodes: options.dartsNodes, ...limits });
  const cell = rep.errorCount > 0 ? undefined : read.cell;
  return { cell, notation: spec.id, skipped: read.skipped, diagnostics: rep.diagnostics };
}

/** A `.arch` snippet: its first cell, diagnostics shifted when the caller embedded the text. */
function parseArchSnippet(text: string, s: number, e: number, rep: Reporter, options: ParseArchitectureOptions): ParsedArchitecture {
  const doc = parseArchDocument(text);
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
  const cell = rep.errorCount > 0 ? undefined : doc.cells[0]?.cell;
  return { cell, notation: 'arch', diagnostics: rep.diagnostics };
}

/** What `formatCell` writes: a registry notation id, or 'arch' (a `.arch` cell statement). */
export type OutputNotation = NotationId | 'arch';

export class FormatError extends Error {}

/**
 * Writes a cell in a notation (registry id or alias, or 'arch'). graph-json is the operator-as-node
 * edge list `{"ops": [...], "edges": [[from, to], ...]}` (tgnas-method.md §2 wiring for NB201/DARTS;
 * DARTS gives its normal cell); nb101-json is the matrix form. Throws FormatError when the cell cannot
 * be written that way (e.g. a DARTS cell as an NB201 string) or the notation is read-only.
 */
export function formatCell(cell: Cell, to: OutputNotation, options: { name?: string; space?: string } = {}): string {
  if (to === 'arch') return formatArchCell(options.name ?? 'c', cell, options.space);
  const spec = findNotation(to);
  if (!spec?.write) throw new FormatError(`cannot write a ${cell.kind} cell as ${to}: it is not an output notation`);
  const w = spec.write(cell);
  if ('cannot' in w) throw new FormatError(`cannot write a ${cell.kind} cell as ${to}: ${w.cannot}`);
  return w.text;
}
