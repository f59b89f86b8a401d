/**
 * Messages between the extension host and the TG-NAS webviews (leaderboard view, search panel,
 * graph panel), with one runtime validator per message type.
 *
 * Both sides validate: the webview trusts nothing that arrives through `window.onmessage`, and the
 * host trusts nothing a (possibly compromised) webview posts. A malformed or unknown message is
 * rejected with a reason, never half-applied.
 *
 * Payloads reuse the language-server types of ./protocol (ScoredCell, SearchProgress, SearchResult,
 * GraphResult) so the host forwards what the server answered without reshaping it.
 * No runtime imports: this file is bundled into the webview, the extension and the tests.
 */
import type {
  CellScore, FrontCell, GraphNode, GraphResult, LspRange, ParetoChoice, PredictedAccuracy, ScoredCell, ScoreEvidence, SearchProgress,
  SearchResult, SearchResultCell,
} from './protocol';

/** Which UI a webview page shows; the page's `<body data-view>` says it. */
export type WebviewKind = 'leaderboard' | 'search' | 'graph';
export const WEBVIEW_KINDS: readonly WebviewKind[] = ['leaderboard', 'search', 'graph'];

/** View and panel type ids (package.json `views` / serializer `viewType`). */
export const ViewIds = {
  container: 'tgnas',
  leaderboard: 'tgnas.leaderboard',
  searchPanel: 'tgnas.searchPanel',
  graphPanel: 'tgnas.graphPanel',
} as const;

// ---------------------------------------------------------------------------------------------
// Host -> webview

export type HostToWebview =
  /** Replaces every leaderboard row. */
  | { type: 'leaderboard/set'; entries: ScoredCell[]; model?: string }
  /** Replaces the rows of one document (a re-scored file); empty `entries` removes them. */
  | { type: 'leaderboard/upsert'; uri: string; entries: ScoredCell[] }
  /** The server's current model: rows scored by another are shown stale until their re-scored rows arrive. */
  | { type: 'leaderboard/model'; model: string }
  /** A search began: resets the panel. `pareto`: the axis of the front it will return, if any. */
  | { type: 'search/start'; searchId: string; space: string; spaceLabel?: string; pareto?: ParetoChoice }
  | { type: 'search/progress'; progress: SearchProgress }
  /** Final (or cancelled) shortlist. */
  | { type: 'search/result'; result: SearchResult }
  | { type: 'search/error'; searchId: string; message: string }
  | { type: 'graph/show'; graph: GraphResult };

// ---------------------------------------------------------------------------------------------
// Webview -> host

export type WebviewToHost =
  /** The page's script runs and listens: the host may send (it queues until then). */
  | { type: 'ready'; view: WebviewKind }
  /** Open the cell's document and select its range. */
  | { type: 'reveal'; uri: string; range: LspRange }
  | { type: 'search/cancel'; searchId: string }
  /** Insert the shortlist cell as a new `.arch` cell (the `arch` line) into the document searched. */
  | { type: 'search/insert'; searchId: string; rank: number; arch: string }
  /** Copy the notation to the clipboard (the host owns the clipboard). */
  | { type: 'search/copy'; text: string }
  | { type: 'search/export'; searchId: string; rank: number; text: string }
  | { type: 'search/showGraph'; searchId: string; rank: number; text: string }
  /** Open the model card (models/<model>/README.md) of the model that produced a figure. */
  | { type: 'openModelCard'; model: string }
  /** Something the webview wants in the output channel (rejected messages, render errors). */
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Validators. Small hand-written checks (no schema library in the webview bundle); each returns
// the first problem as a path-qualified reason, or undefined.

type Check = (v: unknown, path: string) => string | undefined;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v, p) => (typeof v === 'string' ? undefined : `${p}: expected a string`);
const num: Check = (v, p) => (typeof v === 'number' && !Number.isNaN(v) ? undefined : `${p}: expected a number`);
const int: Check = (v, p) => (Number.isInteger(v) ? undefined : `${p}: expected an integer`);
const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p}: expected a boolean`);
const opt = (c: Check): Check => (v, p) => (v === undefined ? undefined : c(v, p));
const oneOf = (values: readonly string[]): Check => (v, p) =>
  typeof v === 'string' && values.includes(v) ? undefined : `${p}: expected one of ${values.join(', ')}`;
const arrayOf = (c: Check, max = 200_000): Check => (v, p) => {
  if (!Array.isArray(v)) return `${p}: expected an array`;
  if (v.length > max) return `${p}: more than ${max} items`;
  for (let i = 0; i < v.length; i++) {
    const e = c(v[i], `${p}[${i}]`);
    if (e) return e;
  }
  return undefined;
};
const shape = (fields: Record<string, Check>): Check => {
  // Entries listed once: leaderboard messages run this per row, 10,000 rows at a time.
  const list = Object.entries(fields);
  return (v, p) => {
    if (!isObj(v)) return `${p}: expected an object`;
    for (let i = 0; i < list.length; i++) {
      const [k, c] = list[i];
      const e = c(v[k], p + '.' + k);
      if (e) return e;
    }
    return undefined;
  };
};

const position = shape({ line: int, character: int });
const range = shape({ start: position, end: position });
const predicted: Check = shape({ value: num, low: num, high: num, target: str } satisfies Record<keyof PredictedAccuracy, Check>);
const inSpace: Check = shape({ kind: str, data: str, validationRho: opt(num), task: opt(str) } satisfies Record<keyof Extract<ScoreEvidence, { kind: 'in-space' }>, Check>);
const unseenSpace: Check = shape({
  kind: str, losoMean: opt(num), losoWorst: opt(num), losoSpaces: opt(num), estimated: arrayOf(str, 10_000), unseenOperators: arrayOf(str, 10_000),
} satisfies Record<keyof Extract<ScoreEvidence, { kind: 'unseen-space' }>, Check>);
const evidence: Check = (v, p) => {
  if (!isObj(v)) return `${p}: expected an object`;
  return v.kind === 'in-space' ? inSpace(v, p) : v.kind === 'unseen-space' ? unseenSpace(v, p) : `${p}.kind: expected in-space or unseen-space`;
};
const cellScore: Check = shape({
  score: num, percentile: num, predictedAccuracy: opt(predicted), calibrationNote: opt(str), evidence: opt(evidence),
} satisfies Record<keyof CellScore, Check>);
const scoredCell: Check = shape({
  uri: str, name: opt(str), range, space: str, spaceLabel: str, notation: str, text: str, key: str,
  score: opt(cellScore), params_M: opt(num), flops_M: opt(num), error: opt(str), model: opt(str),
} satisfies Record<keyof ScoredCell, Check>);
const PHASES = ['loading', 'pruning', 'evolution', 'done'] as const;
// bestScore is -Infinity before the first feasible cell; JSON turns that into null on the wire.
const scoreOrNull: Check = (v, p) => (v === null ? undefined : num(v, p));
const progress: Check = shape({
  searchId: str, phase: oneOf(PHASES), step: int, totalSteps: int, evaluations: int, bestScore: scoreOrNull, medianScore: opt(scoreOrNull),
  percent: num,
} satisfies Record<keyof SearchProgress, Check>);
const resultCellFields = {
  rank: int, key: str, score: num, percentile: opt(num), predictedAccuracy: opt(predicted), params_M: opt(num), flops_M: opt(num),
  text: str, arch: str, latencyMs: opt(num),
} satisfies Record<keyof SearchResultCell, Check>;
const resultCell: Check = shape(resultCellFields);
const frontCell: Check = shape({ ...resultCellFields, objective: num } satisfies Record<keyof FrontCell, Check>);
const AXES = ['params', 'flops', 'latency'] as const;
const searchResult: Check = shape({
  searchId: str, space: str, spaceLabel: str, model: str, cancelled: bool, results: arrayOf(resultCell, 1000), evaluations: int,
  seconds: num, history: arrayOf(scoreOrNull, 100_000), historyMedian: opt(arrayOf(scoreOrNull, 100_000)),
  pareto: opt(shape({ axis: oneOf(AXES), device: opt(str) })), front: opt(arrayOf(frontCell, 10_000)), evidence: opt(evidence),
  calibrationNote: opt(str),
} satisfies Record<keyof SearchResult, Check>);
const KINDS = ['io', 'none', 'skip', 'conv', 'pool', 'other'] as const;
const graphNode: Check = shape({ op: str, kind: oneOf(KINDS), description: str, unseen: opt(bool) } satisfies Record<keyof GraphNode, Check>);
const adjacency: Check = (v, p) => {
  const e = arrayOf(arrayOf(num, 1000), 1000)(v, p);
  if (e) return e;
  const m = v as number[][];
  return m.every((row) => row.length === m.length) ? undefined : `${p}: adjacency must be square`;
};
const oneGraph: Check = (v, p) => {
  const e = shape({ label: str, nodes: arrayOf(graphNode, 1000), adj: adjacency })(v, p);
  if (e) return e;
  const g = v as { nodes: unknown[]; adj: unknown[] };
  return g.nodes.length === g.adj.length ? undefined : `${p}: ${g.nodes.length} nodes but a ${g.adj.length}-row adjacency`;
};
const graphResult: Check = shape({
  name: opt(str), space: str, spaceLabel: str, graphs: arrayOf(oneGraph, 16), score: opt(cellScore), params_M: opt(num), flops_M: opt(num),
} satisfies Record<keyof GraphResult, Check>);

type Fields<U extends { type: string }, T extends U['type']> = Record<Exclude<keyof Extract<U, { type: T }>, 'type'>, Check>;
type Table<U extends { type: string }> = { [T in U['type']]: Fields<U, T> };

const HOST_MESSAGES: Table<HostToWebview> = {
  'leaderboard/set': { entries: arrayOf(scoredCell), model: opt(str) },
  'leaderboard/upsert': { uri: str, entries: arrayOf(scoredCell) },
  'leaderboard/model': { model: str },
  'search/start': { searchId: str, space: str, spaceLabel: opt(str), pareto: opt(oneOf(['none', ...AXES])) },
  'search/progress': { progress },
  'search/result': { result: searchResult },
  'search/error': { searchId: str, message: str },
  'graph/show': { graph: graphResult },
};

const MAX_TEXT = 1_000_000;
const text: Check = (v, p) => str(v, p) ?? ((v as string).length > MAX_TEXT ? `${p}: longer than ${MAX_TEXT} characters` : undefined);

const WEBVIEW_MESSAGES: Table<WebviewToHost> = {
  ready: { view: oneOf(WEBVIEW_KINDS) },
  reveal: { uri: str, range },
  'search/cancel': { searchId: str },
  'search/insert': { searchId: str, rank: int, arch: text },
  'search/copy': { text },
  'search/export': { searchId: str, rank: int, text },
  'search/showGraph': { searchId: str, rank: int, text },
  openModelCard: { model: text },
  log: { level: oneOf(['info', 'warn', 'error']), message: text },
};

const compiled = new WeakMap<object, Record<string, Check>>();
function shapes(table: object): Record<string, Check> {
  let s = compiled.get(table);
  if (!s) {
    s = Object.fromEntries(Object.entries(table as Record<string, Record<string, Check>>).map(([t, f]) => [t, shape(f)]));
    compiled.set(table, s);
  }
  return s;
}

function validate<U extends { type: string }>(table: Table<U>, v: unknown): Validated<U> {
  if (!isObj(v)) return { ok: false, error: 'message: expected an object' };
  const type = v.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
    return { ok: false, error: `unknown message type ${JSON.stringify(type)?.slice(0, 80)}` };
  }
  const fields = (table as Record<string, Record<string, Check>>)[type];
  for (const k of Object.keys(v)) {
    if (k !== 'type' && !(k in fields)) return { ok: false, error: `${type}: unexpected field ${JSON.stringify(k).slice(0, 80)}` };
  }
  const e = shapes(table)[type](v, type);
  return e ? { ok: false, error: e } : { ok: true, value: v as U };
}

/** Checks a message that arrived in the webview. */
export function validateHostMessage(v: unknown): Validated<HostToWebview> {
  return validate(HOST_MESSAGES, v);
}

/** Checks a message the host received from a webview. */
export function validateWebviewMessage(v: unknown): Validated<WebviewToHost> {
  return validate(WEBVIEW_MESSAGES, v);
}

/** Last path segment of a URI, decoded: the leaderboard's file column. */
export function uriBaseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
