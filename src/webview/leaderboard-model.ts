/**
 * Leaderboard data without DOM: rows from the server's ScoredCells, per-file updates, filtering and
 * sorting. Sorting works on precomputed key columns and an index array, so re-sorting 10,000 rows
 * costs one typed-array sort, not object shuffling.
 *
 * Rows of several spaces compare by percentile (each cell's rank within its own space), the default
 * sort; raw scores are comparable within one space only, so sorting by score sorts within each space.
 */
import type { ScoredCell } from '../shared/protocol';
import { uriBaseName } from '../shared/webview-protocol';

export type ColumnId = 'name' | 'space' | 'accuracy' | 'score' | 'percentile' | 'params' | 'flops' | 'file' | 'model';

export interface Column {
  id: ColumnId;
  label: string;
  /** Spoken by screen readers and shown as the header tooltip. */
  description: string;
  numeric: boolean;
  /** Descending first: higher accuracy/score is what users look for. */
  defaultDescending: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: 'name', label: 'Name', description: 'Cell name', numeric: false, defaultDescending: false },
  { id: 'space', label: 'Space', description: 'Search space', numeric: false, defaultDescending: false },
  // Percentile first of the figures: it is what compares cells across spaces (and what a narrow side bar shows).
  { id: 'percentile', label: 'Pctl', description: 'Percentile of the score within its space: compares cells across spaces', numeric: true, defaultDescending: true },
  { id: 'accuracy', label: 'Acc.', description: "Predicted accuracy (calibrated spaces only): each space's own target, so it sorts within each space", numeric: true, defaultDescending: true },
  { id: 'score', label: 'Score', description: 'TG-NAS score: comparable within one space only, so it sorts within each space', numeric: true, defaultDescending: true },
  { id: 'params', label: 'Params', description: 'Parameters of the full network, millions', numeric: true, defaultDescending: false },
  { id: 'flops', label: 'FLOPs', description: 'FLOPs of the full network, millions', numeric: true, defaultDescending: false },
  { id: 'file', label: 'File', description: 'File that declares the cell', numeric: false, defaultDescending: false },
  { id: 'model', label: 'Model', description: 'Model that scored the row', numeric: false, defaultDescending: false },
];

/** Rows compare by percentile across spaces. */
export const DEFAULT_SORT: SortState = { column: 'percentile', descending: true };

export interface Row {
  entry: ScoredCell;
  name: string;
  space: string;
  accuracy: number | undefined;
  score: number | undefined;
  percentile: number | undefined;
  params: number | undefined;
  flops: number | undefined;
  file: string;
  /** Model that scored the row ('' when unknown). */
  model: string;
  /** Lower-cased name + space + file + notation, for the text filter; built on first filter. */
  haystack?: string;
  /** Collation keys of the text columns (see sortKey); built on first text sort. */
  keys?: { name: string; space: string; file: string; model: string };
}

// Both derived strings are built lazily: a 10,000-row update then allocates only the rows, and
// the garbage collector pause that follows a big message stays short.
function haystackOf(r: Row): string {
  return (r.haystack ??= `${r.name}\n${r.entry.space}\n${r.entry.spaceLabel}\n${r.file}\n${r.entry.notation}`.toLowerCase());
}

function keysOf(r: Row): NonNullable<Row['keys']> {
  return (r.keys ??= { name: sortKey(r.name), space: sortKey(r.space), file: sortKey(r.file), model: sortKey(r.model) });
}

export interface SortState {
  column: ColumnId;
  descending: boolean;
}

export interface FilterState {
  /** Space id, or '' for all. */
  space: string;
  text: string;
}

const baseNames = new Map<string, string>();

export function toRow(entry: ScoredCell): Row {
  const name = entry.name ?? entry.notation;
  let file = baseNames.get(entry.uri);
  if (file === undefined) {
    if (baseNames.size > 10_000) baseNames.clear();
    baseNames.set(entry.uri, (file = uriBaseName(entry.uri)));
  }
  return {
    entry,
    name,
    space: entry.spaceLabel || entry.space,
    accuracy: entry.score?.predictedAccuracy?.value,
    score: entry.score?.score,
    percentile: entry.score?.percentile,
    params: entry.params_M,
    flops: entry.flops_M,
    file,
    model: entry.model ?? '',
  };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * A string whose plain `<` order is case-insensitive and numeric-aware (cell_2 before cell_10):
 * digit runs are zero-padded. Precomputed once per row because Intl.Collator.compare made a
 * 10,000-row name sort cost ~150 ms in Chromium against ~10 ms for plain comparison.
 */
export function sortKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(16, '0'));
}

/** Holds every row, keeps the rows of each document together for per-file replacement. */
export class LeaderboardModel {
  private byUri = new Map<string, Row[]>();
  private all: Row[] = [];
  private dirty = false;
  model: string | undefined;

  setAll(entries: ScoredCell[], model?: string): void {
    this.byUri.clear();
    for (const e of entries) {
      let list = this.byUri.get(e.uri);
      if (!list) this.byUri.set(e.uri, (list = []));
      list.push(toRow(e));
    }
    if (model !== undefined) this.model = model;
    this.dirty = true;
  }

  upsert(uri: string, entries: ScoredCell[]): void {
    // Entries of another uri in an upsert would desynchronise the per-file buckets: keep only this file's.
    const rows = entries.filter((e) => e.uri === uri).map(toRow);
    if (rows.length === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, rows);
    this.dirty = true;
  }

  rows(): readonly Row[] {
    if (this.dirty) {
      this.all = [...this.byUri.values()].flat();
      this.dirty = false;
    }
    return this.all;
  }

  entries(): ScoredCell[] {
    return this.rows().map((r) => r.entry);
  }

  /** Rows scored by another model than the current one (or by an unknown one): stale until re-scored. */
  isStale(r: Row): boolean {
    return this.model !== undefined && r.entry.score !== undefined && r.model !== this.model;
  }

  /** Distinct spaces as [id, label], sorted by label. */
  spaces(): Array<[string, string]> {
    const m = new Map<string, string>();
    for (const r of this.rows()) if (!m.has(r.entry.space)) m.set(r.entry.space, r.space);
    return [...m.entries()].sort((a, b) => collator.compare(a[1], b[1]));
  }
}

/** Indices of the rows that pass the filter, in row order. */
export function filterRows(rows: readonly Row[], f: FilterState): Int32Array {
  const needle = f.text.trim().toLowerCase();
  const out = new Int32Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (f.space && r.entry.space !== f.space) continue;
    if (needle && !haystackOf(r).includes(needle)) continue;
    out[n++] = i;
  }
  return out.slice(0, n);
}

/**
 * Sorts `indices` (into `rows`) by a column. Missing numbers go last in both directions (a
 * cell without a score is never "best"); ties keep row order, so sorting is stable. Raw scores
 * never meet across spaces: the score and accuracy columns (accuracies of different targets: CIFAR-10 test
 * accuracy, a TransNAS task's metric, ...) sort by space first (ascending), then by the value.
 */
export function sortIndices(rows: readonly Row[], indices: Int32Array, sort: SortState): Int32Array {
  const col = COLUMNS.find((c) => c.id === sort.column);
  if (!col) return indices;
  const dir = sort.descending ? -1 : 1;
  const out = Int32Array.from(indices);
  if (col.numeric) {
    const key = new Float64Array(rows.length);
    for (const i of indices) {
      const v = rows[i][sort.column as 'score'];
      key[i] = v === undefined || !Number.isFinite(v) ? NaN : v;
    }
    // Score and accuracy: a space group number per row (spaces in label order), compared before the value.
    const group = sort.column === 'score' || sort.column === 'accuracy' ? spaceGroups(rows, indices) : undefined;
    if (group) {
      // Spaces without a single value (no calibration) go after the others: missing values stay last.
      const valued = new Set<number>();
      for (const i of indices) if (!Number.isNaN(key[i])) valued.add(group[i]);
      for (const i of indices) if (!valued.has(group[i])) group[i] += 1 << 20;
    }
    out.sort((a, b) => {
      if (group && group[a] !== group[b]) return group[a] - group[b];
      const x = key[a];
      const y = key[b];
      const xm = Number.isNaN(x);
      const ym = Number.isNaN(y);
      if (xm || ym) return xm === ym ? a - b : xm ? 1 : -1;
      return x === y ? a - b : (x < y ? -1 : 1) * dir;
    });
  } else {
    const column = sort.column as keyof NonNullable<Row['keys']>;
    const key: string[] = new Array(rows.length);
    for (const i of indices) key[i] = keysOf(rows[i])[column];
    out.sort((a, b) => {
      const x = key[a];
      const y = key[b];
      return x === y ? a - b : (x < y ? -1 : 1) * dir;
    });
  }
  return out;
}

/** Each row's space as a small integer, numbered in label order (collation keys). */
function spaceGroups(rows: readonly Row[], indices: Int32Array): Int32Array {
  const ids = new Map<string, string>();
  for (const i of indices) if (!ids.has(rows[i].entry.space)) ids.set(rows[i].entry.space, keysOf(rows[i]).space + '\u0000' + rows[i].entry.space);
  const order = new Map([...ids].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([id], n) => [id, n]));
  const group = new Int32Array(rows.length);
  for (const i of indices) group[i] = order.get(rows[i].entry.space)!;
  return group;
}
