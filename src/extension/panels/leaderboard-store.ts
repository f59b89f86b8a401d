/**
 * Persistence of the leaderboard rows across window reloads, free of `vscode` so it can be unit
 * tested: the provider hands in `context.workspaceState` (or anything Memento-like).
 *
 * Stored value under STORE_KEY: `{ [uri]: ScoredCell[] }`, oldest file first (object key order is
 * insertion order for non-integer keys), capped to `maxRows` rows in all by dropping the oldest files.
 */
import { NOTEBOOK_CELL_SCHEME, type ScoredCell } from '../../shared/protocol';
import { validateHostMessage } from '../../shared/webview-protocol';

export const STORE_KEY = 'tgnas.leaderboard.v1';
export const MAX_STORED_ROWS = 20_000;
export const WRITE_DELAY_MS = 500;

/** The part of `vscode.Memento` this module uses. */
export interface MementoLike {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void> | void;
}

export type RowsByUri = Map<string, ScoredCell[]>;

/**
 * Reads a stored value; anything malformed (a file whose rows do not validate, or rows of another
 * file) is dropped rather than trusted. Returns the files oldest first.
 */
export function parseStored(value: unknown, maxRows = MAX_STORED_ROWS): RowsByUri {
  const out: RowsByUri = new Map();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [uri, entries] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(entries) || entries.length === 0) continue;
    if (!validateHostMessage({ type: 'leaderboard/upsert', uri, entries }).ok) continue;
    const rows = (entries as ScoredCell[]).filter((e) => e.uri === uri);
    if (rows.length > 0) out.set(uri, rows);
  }
  return capRows(out, maxRows);
}

/**
 * Keeps the newest files (last in the map's order) whose rows fit in `maxRows`; the oldest beyond
 * it are dropped. A newest file larger than the cap on its own keeps its first `maxRows` rows.
 */
export function capRows(byUri: RowsByUri, maxRows = MAX_STORED_ROWS): RowsByUri {
  const files = [...byUri];
  const kept: Array<[string, ScoredCell[]]> = [];
  let total = 0;
  for (let i = files.length - 1; i >= 0; i--) {
    const [uri, rows] = files[i];
    if (total + rows.length > maxRows) {
      if (kept.length === 0 && maxRows > 0) kept.push([uri, rows.slice(0, maxRows)]);
      break;
    }
    total += rows.length;
    kept.push([uri, rows]);
  }
  return new Map(kept.reverse());
}

/**
 * The value to store: capped, oldest file first. Rows of notebook cells are not stored: a cell's URI
 * names it for one session only (VS Code numbers cells anew when a notebook reopens), so its rows
 * could never be replaced or removed after a reload; the server publishes them again when the notebook opens.
 */
export function serialise(byUri: RowsByUri, maxRows = MAX_STORED_ROWS): Record<string, ScoredCell[]> {
  const out: Record<string, ScoredCell[]> = {};
  const kept = new Map([...byUri].filter(([uri]) => !uri.startsWith(`${NOTEBOOK_CELL_SCHEME}:`)));
  for (const [uri, rows] of capRows(kept, maxRows)) if (rows.length > 0) out[uri] = rows;
  return out;
}

/** Groups a full replacement by file, in order of first appearance. */
export function groupByUri(entries: readonly ScoredCell[]): RowsByUri {
  const out: RowsByUri = new Map();
  for (const e of entries) {
    const list = out.get(e.uri);
    if (list) list.push(e);
    else out.set(e.uri, [e]);
  }
  return out;
}

/**
 * Replaces one file's rows in place and makes it the newest (so the cap drops it last); empty
 * entries remove the file. Rows of other files are ignored.
 */
export function upsertRows(byUri: RowsByUri, uri: string, entries: readonly ScoredCell[]): void {
  byUri.delete(uri);
  const rows = entries.filter((e) => e.uri === uri);
  if (rows.length > 0) byUri.set(uri, rows);
}

/**
 * Files with a row scored by another model than `model` (or by no known model: rows stored before rows
 * named their model, or scored while the model was failing), oldest first: what to re-score when the
 * server's model changes. Rows compare by percentile across spaces, and a percentile of another model
 * is another ranking, so such rows are never left mixed with the current model's.
 */
export function staleUris(byUri: RowsByUri, model: string): string[] {
  const out: string[] = [];
  for (const [uri, rows] of byUri) if (rows.some((r) => r.model !== model)) out.push(uri);
  return out;
}

export interface StoreOptions {
  delayMs?: number;
  maxRows?: number;
  log?: (line: string) => void;
}

/** Debounced writer of one RowsByUri to a Memento. */
export class LeaderboardStore {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: (() => RowsByUri) | undefined;
  private readonly delayMs: number;
  private readonly maxRows: number;
  private readonly log: (line: string) => void;

  constructor(private readonly memento: MementoLike, options: StoreOptions = {}) {
    this.delayMs = options.delayMs ?? WRITE_DELAY_MS;
    this.maxRows = options.maxRows ?? MAX_STORED_ROWS;
    this.log = options.log ?? (() => undefined);
  }

  /** The stored rows, oldest file first (empty when nothing or garbage is stored). */
  load(): RowsByUri {
    try {
      return parseStored(this.memento.get(STORE_KEY), this.maxRows);
    } catch (e) {
      this.log(`[leaderboard] could not read stored rows: ${String(e)}`);
      return new Map();
    }
  }

  /** Writes `current()` once no further call has come for `delayMs`. */
  schedule(current: () => RowsByUri): void {
    this.pending = current;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Writes a scheduled value now (no-op when nothing is pending). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const current = this.pending;
    this.pending = undefined;
    if (!current) return;
    try {
      await this.memento.update(STORE_KEY, serialise(current(), this.maxRows));
    } catch (e) {
      this.log(`[leaderboard] could not store rows: ${String(e)}`);
    }
  }

  /** Flushes what is pending; later schedules still work. */
  dispose(): Promise<void> {
    return this.flush();
  }
}
