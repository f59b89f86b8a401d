/**
 * "One architecture per input line" (any notation, space auto-detected or forced), the
 * input of `tgnas info` and `tgnas score`. A bad line becomes an error record and the
 * others go on.
 */
import { analyzeDocument } from '../core/analysis';
import { CELL_NOTATION, detectNotation, formatCell, parseArchitecture } from '../core/formats';
import { defaultSpaceFor, findBuiltinSpace, listSpaces, type SearchSpace } from '../core/spaces';
import type { Cell, CellCost } from '../core/types';
import { UsageError } from './args';

export type LineRecord =
  | { line: number; name?: string; space: SearchSpace; cell: Cell; arch: string }
  | { line: number; name?: string; error: string };

export function canonicalArch(space: SearchSpace, cell: Cell): string {
  return formatCell(space.canonical(cell), CELL_NOTATION[cell.kind]);
}

/** `--space` values of the line-reading commands: auto, then every built-in space id. */
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

/** One record per non-empty, non-comment line. */
export function readLineRecords(text: string, forced: SearchSpace | undefined): LineRecord[] {
  const out: LineRecord[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const r = lineRecord(raw, i + 1, forced);
    if (r) out.push(r);
  });
  return out;
}

/**
 * The record of one input line (undefined for a blank or comment line). Never throws: whatever goes
 * wrong with one line becomes its error record and the other lines go on.
 */
export function lineRecord(raw: string, line: number, forced: SearchSpace | undefined): LineRecord | undefined {
  const trimmed = raw.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  try {
    // A `.arch` statement on one line (`cell x in tnb101 = ...`) keeps the space it names.
    if (!forced && detectNotation(raw) === 'arch') return archLineRecord(raw, line);
    const parsed = parseArchitecture(raw, 'auto', forced ? { ops: forced.operators.map((o) => o.name) } : {});
    const firstError = parsed.diagnostics.find((d) => d.severity === 'error');
    if (!parsed.cell || firstError) {
      const d = firstError ?? parsed.diagnostics[0];
      return { line, error: d ? `${d.message} (column ${d.range.column})` : 'not an architecture' };
    }
    return recordFor(line, parsed.cell, forced);
  } catch (e) {
    return { line, error: `could not read this line (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** One `.arch` statement read as a document of one line: its first cell, in the space it names (or implies). */
function archLineRecord(raw: string, line: number): LineRecord {
  const a = analyzeDocument('line.arch', raw, { language: 'arch' });
  const err = a.diagnostics.find((d) => d.severity === 'error');
  if (err) return { line, error: `${err.message} (column ${err.range.column})` };
  const c = a.cells[0];
  if (!c) return { line, error: "the .arch text declares no cell ('cell NAME = ...')" };
  return { line, name: c.name, space: c.space, cell: c.cell, arch: canonicalArch(c.space, c.cell) };
}

export function recordFor(line: number, cell: Cell, forced: SearchSpace | undefined, name?: string): LineRecord {
  const space = forced ?? defaultSpaceFor(cell.kind);
  if (space.cellKind !== cell.kind) {
    return { line, name, error: `a ${cell.kind} cell does not belong to space '${space.id}' (its cells are ${space.cellKind})` };
  }
  const problems = space.validate(cell);
  if (problems.length) return { line, name, error: `not in space '${space.id}': ${problems.join('; ')}` };
  return { line, name, space, cell, arch: canonicalArch(space, cell) };
}

/**
 * Network cost for a CLI dataset name. DARTS has CIFAR and ImageNet (mobile) networks only, so any
 * non-CIFAR dataset means the ImageNet network there. Undefined when no cost model applies.
 */
export function costFor(space: SearchSpace, cell: Cell, dataset: string): CellCost | undefined {
  try {
    return space.cost(cell, cell.kind === 'darts' && !dataset.startsWith('cifar') ? 'imagenet' : dataset);
  } catch {
    return undefined;
  }
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
