/**
 * The one reader behind `tgnas check/info/score/convert/search FILE`: any file a NAS researcher keeps
 * becomes a list of architecture records, each named (its `.arch` cell name, or the Python variable /
 * dict key it is assigned to) and placed (line, column; a notebook's cell too).
 *
 *   .arch                 every `cell` statement, in its declared or implied space
 *   .py, .md, .txt-like   every literal the in-text finder recognises (Genotype(...), NB201 strings, ...)
 *   .ipynb                the same, in every code and Markdown cell
 *   .json                 one NB101 / graph-json object, a list of them, or literals inside
 *   lines (stdin, other)  one architecture per line, in any notation
 *
 * Never throws on bad input: a broken architecture is an error record and the others go on.
 */
import { analyzeDocument, type DocumentAnalysis } from './analysis';
import { findArchitectures } from './formats/finder';
import { detectNotation, parseArchitecture } from './formats';
import { parseJsonRange } from './formats/json';
import { LineMap, Reporter } from './formats/text';
import { notation as notationSpec, type NotationId } from './formats/notations';
import { defaultSpaceFor, findBuiltinSpace, type SearchSpace } from './spaces';
import type { Cell, Diagnostic } from './types';
import { MAX_DOCUMENT_CHARS } from './limits';

export type InputKind = 'arch' | 'python' | 'markdown' | 'notebook' | 'json' | 'lines';

/** How a file is read, from its name (stdin and unknown extensions: one architecture per line). */
export function inputKind(fileName: string | undefined): InputKind {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  switch (ext) {
    case 'arch':
      return 'arch';
    case 'py':
      return 'python';
    case 'md':
    case 'markdown':
      return 'markdown';
    case 'ipynb':
      return 'notebook';
    case 'json':
      return 'json';
    default:
      return 'lines';
  }
}

export interface ArchRecord {
  /** 1-based; inside the notebook cell for notebooks. */
  line: number;
  column: number;
  /** Notebooks: the 1-based index of the cell it was found in. */
  notebookCell?: number;
  name?: string;
  /** Registry notation id (or 'arch' for a `.arch` line). */
  notation?: string;
  /** The cell as read (node order kept), in its space's kind; undefined for an error record. */
  cell?: Cell;
  /** `.arch` cells: the value exactly as declared (a graph block stays a graph where the space is NB101-shaped). */
  written?: Cell;
  space?: SearchSpace;
  /** The space's name as the file wrote it (`.arch`), for messages and `convert --to arch`. */
  spaceName?: string;
  error?: string;
}

export interface ReadOptions {
  /** Every record must belong to this space (`--space`); default: the space each architecture implies. */
  space?: SearchSpace;
  /** The text is the first part of a larger file (read with a size cap). */
  truncated?: boolean;
}

/** Every architecture of a document, in document order. */
export function readArchitectures(fileName: string | undefined, text: string, options: ReadOptions = {}): ArchRecord[] {
  const kind = inputKind(fileName);
  switch (kind) {
    case 'arch':
      return fromArch(analyzeDocument(fileName ?? 'input.arch', text, { language: 'arch', truncated: options.truncated }), options);
    case 'notebook':
      return fromNotebook(text, options);
    case 'json':
      return fromJson(text, options);
    case 'lines':
      return readLines(text, options);
    default:
      return fromText(text, options);
  }
}

/** One record per non-empty, non-comment line. */
export function readLines(text: string, options: ReadOptions = {}): ArchRecord[] {
  const out: ArchRecord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const r = readLine(raw, i + 1, options.space);
    if (r) out.push(r);
  });
  return out;
}

/**
 * The record of one input line (undefined for a blank or `#` comment line). Never throws: whatever goes
 * wrong with one line becomes its error record and the other lines go on.
 */
export function readLine(raw: string, line: number, forced: SearchSpace | undefined): ArchRecord | undefined {
  const trimmed = raw.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  const column = raw.length - raw.trimStart().length + 1;
  try {
    // A `.arch` statement on one line (`cell x in tnb101 = ...`) keeps the space it names.
    if (detectNotation(raw) === 'arch') {
      const [r] = fromArch(analyzeDocument('line.arch', raw, { language: 'arch' }), { space: forced });
      return r ? { ...r, line } : { line, column, error: "the .arch text declares no cell ('cell NAME = ...')" };
    }
    const parsed = parseArchitecture(raw, 'auto', forced ? { ops: forced.operators.map((o) => o.name) } : {});
    const firstError = parsed.diagnostics.find((d) => d.severity === 'error');
    if (!parsed.cell || firstError) return { line, column, notation: parsed.notation, error: messageOf(firstError ?? parsed.diagnostics[0]) };
    return place({ line, column, notation: parsed.notation, cell: parsed.cell }, forced, impliedSpace(parsed.notation));
  } catch (e) {
    return { line, column, error: `could not read this line (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** The built-in space a notation's cells belong to (a TransNAS-Bench-101 micro string: tnb101-micro, not nb201). */
function impliedSpace(id: string | undefined): SearchSpace | undefined {
  if (!id || id === 'arch') return undefined;
  return findBuiltinSpace(notationSpec(id as NotationId).space)?.space;
}

function messageOf(d: Diagnostic | undefined): string {
  return d ? `${d.message} (column ${d.range.column})` : 'not an architecture';
}

/** A parsed cell in the forced space or the one its kind implies; an error record when it does not belong there. */
function place(r: ArchRecord & { cell: Cell }, forced: SearchSpace | undefined, implied?: SearchSpace): ArchRecord {
  const space = forced ?? implied ?? defaultSpaceFor(r.cell.kind);
  if (space.cellKind !== r.cell.kind) {
    return { ...r, cell: undefined, error: `a ${r.cell.kind} cell does not belong to space '${space.id}' (its cells are ${space.cellKind})` };
  }
  const problems = space.validate(r.cell);
  if (problems.length) return { ...r, cell: undefined, error: `not in space '${space.id}': ${problems.join('; ')}` };
  return { ...r, space };
}

/** Records of an analysed `.arch` document: every cell statement (broken ones as errors), then file-level errors. */
function fromArch(a: DocumentAnalysis, options: ReadOptions): ArchRecord[] {
  const out: ArchRecord[] = [];
  const valid = new Map(a.cells.map((c) => [c.offset, c]));
  const lines = new Set<number>();
  for (const d of a.cellDecls) {
    for (let l = d.range.line; l <= d.range.endLine; l++) lines.add(l);
    const c = valid.get(d.offset);
    const base = { line: d.nameRange.line, column: d.range.column, name: d.name, notation: d.notation };
    if (!c) {
      out.push({ ...base, error: messageOf(d.diagnostics.find((x) => x.severity === 'error')) });
      continue;
    }
    out.push(place({ ...base, cell: c.cell, written: d.cell, spaceName: c.spaceName }, options.space, c.space));
  }
  // Problems outside any cell (a broken `op` or `space`) are errors of the file, reported once each.
  for (const d of a.diagnostics) if (d.severity === 'error' && !lines.has(d.range.line)) out.push({ line: d.range.line, column: d.range.column, error: d.message });
  return out.sort((x, y) => x.line - y.line);
}

/** Literals in any text (Python, Markdown, a notebook cell): the finder's findings, valid or not, with their variable names. */
function fromText(text: string, options: ReadOptions, notebookCell?: number): ArchRecord[] {
  const out: ArchRecord[] = [];
  const at = (line: number) => ({ line, ...(notebookCell ? { notebookCell } : {}) });
  // The editor's bound (documentCut in document-bounds.ts): literals past the first MAX_DOCUMENT_CHARS are not read.
  const found = findArchitectures(text.length > MAX_DOCUMENT_CHARS ? text.slice(0, MAX_DOCUMENT_CHARS) : text);
  for (const f of found) {
    const base = { ...at(f.range.line), column: f.range.column, name: f.name, notation: f.notation };
    const err = f.diagnostics.find((d) => d.severity === 'error' || d.code.startsWith('genotype-'));
    if (!f.cell) {
      out.push({ ...base, error: messageOf(err ?? f.diagnostics[0]) });
      continue;
    }
    out.push(place({ ...base, cell: f.cell }, options.space, impliedSpace(f.notation)));
  }
  return out;
}

/** A notebook's code and Markdown cells (nbformat 4: `cells[].source` a string or a list of lines). */
export function notebookCells(text: string): { cells: Array<{ index: number; kind: 'code' | 'markdown'; source: string }> } | { error: string } {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    return { error: `not a Jupyter notebook: ${e instanceof Error ? e.message : String(e)}` };
  }
  const cells = (nb as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) return { error: "not a Jupyter notebook: no 'cells' list" };
  const out: Array<{ index: number; kind: 'code' | 'markdown'; source: string }> = [];
  cells.forEach((c, i) => {
    const cell = c as { cell_type?: string; source?: unknown } | null;
    if (cell?.cell_type !== 'code' && cell?.cell_type !== 'markdown') return;
    const source = Array.isArray(cell.source) ? cell.source.filter((x) => typeof x === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    out.push({ index: i + 1, kind: cell.cell_type, source });
  });
  return { cells: out };
}

/** Every architecture in a notebook's code and Markdown cells, placed by cell and line. */
function fromNotebook(text: string, options: ReadOptions): ArchRecord[] {
  const nb = notebookCells(text);
  if ('error' in nb) return [{ line: 1, column: 1, error: nb.error }];
  return nb.cells.flatMap((c) => fromText(c.source, options, c.index));
}

/** Keys that make a JSON object an architecture (NB101 matrix, graph-json edges, an NNI edge), not data about one. */
const ARCH_KEYS = /^\s*\{[^]*?["'](?:matrix|adjacency|module_adjacency|edges|[0-2]_[1-3])["']\s*:/;

/** One JSON object read as one architecture, placed at its first character. */
function objectRecord(text: string, start: number, end: number, map: LineMap, options: ReadOptions): ArchRecord {
  const p = map.position(start);
  const parsed = parseArchitecture(text.slice(start, end), 'auto', { line: p.line, column: p.column });
  const err = parsed.diagnostics.find((d) => d.severity === 'error');
  if (!parsed.cell || err) return { line: p.line, column: p.column, error: messageOf(err ?? parsed.diagnostics[0]) };
  return place({ line: p.line, column: p.column, notation: parsed.notation, cell: parsed.cell }, options.space, impliedSpace(parsed.notation));
}

/**
 * A JSON file: one architecture object, a list of them (objects with an architecture's keys), or any
 * other JSON (results tables, configs) searched for the literals inside, like any text.
 */
function fromJson(text: string, options: ReadOptions): ArchRecord[] {
  const trimmed = text.trimStart();
  const offset = text.length - trimmed.length;
  const map = new LineMap(text);
  if (trimmed.startsWith('{') && ARCH_KEYS.test(trimmed.slice(0, 4000))) return [objectRecord(text, offset, text.trimEnd().length, map, options)];
  if (trimmed.startsWith('[')) {
    const rep = new Reporter(map);
    const json = parseJsonRange(text, offset, text.length, rep);
    const items = json?.k === 'arr' ? json.items : [];
    if (items.length > 0 && items.every((x) => x.k === 'obj' && ARCH_KEYS.test(text.slice(x.s, Math.min(x.e, x.s + 4000))))) {
      return items.map((item) => objectRecord(text, item.s, item.e, map, options));
    }
  }
  return fromText(text, options);
}
