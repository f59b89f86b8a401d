/**
 * Records of the CLI's line and file commands (`info`, `score`, `convert`): the core reader's
 * records (core/reader.ts) plus the canonical text (`arch`) and the text as written (`as_written`).
 * A bad architecture becomes an error record and the others go on.
 */
import { readArchitectures, readLine, type ArchRecord } from '../core/reader';
import { CELL_NOTATION, formatCell } from '../core/formats';
import { findBuiltinSpace, listBuiltinSpaces, listSpaces, tryCost, type FlopsConvention, type SearchSpace } from '../core/spaces';
import { CALIBRATION_SOURCES } from '../core/proxy';
import type { Cell, CellCost } from '../core/types';
import { UsageError } from './args';

interface Place {
  line: number;
  column?: number;
  /** Notebooks: 1-based cell index. */
  notebookCell?: number;
  name?: string;
}

export type LineRecord =
  | (Place & {
      space: SearchSpace;
      spaceName?: string;
      /** As read (node order kept): what is scored. */
      cell: Cell;
      written?: Cell;
      /** Canonical text: equal for equivalent cells (intermediate nodes renumbered). */
      arch: string;
      /** The same cell with the author's node order (a trained model's weights follow this order). */
      asWritten: string;
    })
  | (Place & { error: string });

export function canonicalArch(space: SearchSpace, cell: Cell): string {
  return formatCell(space.canonical(cell), CELL_NOTATION[cell.kind]);
}

/** `--space` values of the reading commands: auto, then every built-in space id. */
export function spaceChoices(): string {
  return ['auto', ...listSpaces().map((s) => s.id)].join('|');
}

/** A built-in space by id, `.arch` name or alias; undefined for auto. */
export function resolveSpace(id: string | undefined): SearchSpace | undefined {
  if (id === undefined || id === 'auto') return undefined;
  const space = findBuiltinSpace(id)?.space;
  if (!space) throw new UsageError(`unknown space '${id}' (${spaceChoices().split('|').join(', ')})`);
  return space;
}

/** The CLI record of a reader record. */
export function toLineRecord(r: ArchRecord): LineRecord {
  const place: Place = { line: r.line, column: r.column, ...(r.notebookCell ? { notebookCell: r.notebookCell } : {}), ...(r.name ? { name: r.name } : {}) };
  if (!r.cell || !r.space) return { ...place, error: r.error ?? 'not an architecture' };
  try {
    return {
      ...place, space: r.space, spaceName: r.spaceName, cell: r.cell, written: r.written,
      arch: canonicalArch(r.space, r.cell), asWritten: formatCell(r.cell, CELL_NOTATION[r.cell.kind]),
    };
  } catch (e) {
    return { ...place, error: `could not write this cell (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** Every architecture of a file (or of stdin's text, one per line), read as every command reads it. */
export function readRecords(file: string | undefined, text: string, forced: SearchSpace | undefined): LineRecord[] {
  return readArchitectures(file === '-' ? undefined : file, text, { space: forced }).map(toLineRecord);
}

/** The record of one input line (undefined for a blank or comment line). */
export function lineRecord(raw: string, line: number, forced: SearchSpace | undefined): LineRecord | undefined {
  const r = readLine(raw, line, forced);
  return r && toLineRecord(r);
}

/**
 * `--dataset` names, the same on every command (info, score, search): the datasets of every built-in
 * space's cost model (spaces/index.ts: NB201's three, DARTS' `imagenet` mobile setting, TransNAS-Bench-101
 * macro's classification tasks) and every dataset a space is calibrated for. A name a space has no network or calibration for gives null
 * figures with a note, never a usage error.
 */
export const DATASETS: readonly string[] = [
  ...new Set([...listBuiltinSpaces().flatMap((b) => b.datasets), ...CALIBRATION_SOURCES.map((c) => c.dataset)]),
];

/** What every reading command's --help says about its input (core/reader.ts). */
export const READ_HELP: readonly string[] = [
  'Input: a .arch file (one record per cell); Python (.py), notebooks (.ipynb: code and Markdown cells), Markdown (.md)',
  'and JSON (.json): one record per architecture literal found, named by the variable it is assigned to; anything',
  'else, or stdin: one architecture per line in any notation. Records carry line (and notebook_cell) and column.',
  '"arch" is the canonical form (intermediate nodes renumbered: equal for equivalent cells); "as_written", when it',
  "differs, keeps the author's node order, which a trained network's weights and its concat order follow.",
];

/** Where a record is, for messages: "line 3", "cell 2, line 3". */
export function whereOf(r: Place): string {
  return `${r.notebookCell ? `cell ${r.notebookCell}, ` : ''}line ${r.line}`;
}

/** The place fields of a JSON record: line, column, notebook cell, name. */
export function placeFields(r: Place): Record<string, unknown> {
  return {
    line: r.line, ...(r.column !== undefined ? { column: r.column } : {}), ...(r.notebookCell ? { notebook_cell: r.notebookCell } : {}),
    ...(r.name ? { name: r.name } : {}),
  };
}

/**
 * Network cost for a CLI dataset name, FLOPs counted in `flops` (the space's own convention when
 * undefined; `--flops` of info and score). DARTS has CIFAR and ImageNet (mobile) networks only, so any
 * non-CIFAR dataset means the ImageNet network there. Undefined when no cost model applies.
 */
export function costFor(space: SearchSpace, cell: Cell, dataset: string, flops?: FlopsConvention): CellCost | undefined {
  return tryCost(space, cell, cell.kind === 'darts' && !dataset.startsWith('cifar') ? 'imagenet' : dataset, flops);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
