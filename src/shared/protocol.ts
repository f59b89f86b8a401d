/**
 * The one list of TG-NAS messages between the extension client, the language server and the
 * webview (anchors: vscode-eslint `customMessages.ts`, rust-analyzer `lsp_ext.ts`).
 *
 * Each request and notification carries its typed message (`XRequest.type`, vscode-jsonrpc's
 * RequestType / NotificationType), so `client.sendRequest(XRequest.type, p)` and
 * `connection.onRequest(XRequest.type, …)` get their parameter and result types from here and call
 * sites never restate them. vscode-jsonrpc is the one runtime import (the protocol layer below both
 * vscode-languageclient and vscode-languageserver); the webview imports only types from this file.
 * Positions are LSP's (0-based line and UTF-16 character).
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { TgnasSettings } from './settings';

/** Language id contributed in package.json; documents of this language are served. */
export const LANGUAGE_ID = 'nas-arch';

/** Languages whose NB201 strings and Genotype(...) literals get hovers and inlay hints (setting tgnas.scanOtherFiles). */
export const OTHER_LANGUAGES = ['python', 'markdown', 'plaintext', 'json', 'jsonc'] as const;

/**
 * URI schemes of the documents served: files, unsaved editors and notebook cells (`.ipynb` code and
 * Markdown cells are text documents of this scheme, one per cell, `vscode-notebook-cell:<notebook path>#<cell>`).
 */
export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';
export const DOCUMENT_SCHEMES = ['file', 'untitled', NOTEBOOK_CELL_SCHEME] as const;

/** The client's document selector: every served language in every served scheme (other languages only while tgnas.scanOtherFiles is on). */
export function servedDocuments(scanOtherFiles: boolean): Array<{ scheme: string; language: string }> {
  const languages = [LANGUAGE_ID, ...(scanOtherFiles ? OTHER_LANGUAGES : [])];
  return languages.flatMap((language) => DOCUMENT_SCHEMES.map((scheme) => ({ scheme, language })));
}

/**
 * Command ids contributed in package.json, for the server's code lenses and the client's table
 * (src/extension/commands.ts: one handler per id; a unit test compares it with package.json).
 */
export const Commands = {
  searchBestCell: 'tgnas.searchBestCell',
  showLeaderboard: 'tgnas.showLeaderboard',
  showCellGraph: 'tgnas.showCellGraph',
  exportPytorch: 'tgnas.exportPytorch',
  selectModel: 'tgnas.selectModel',
  restartServer: 'tgnas.restartServer',
  showOutput: 'tgnas.showOutput',
  clearEmbeddingCache: 'tgnas.clearEmbeddingCache',
  searchParetoFront: 'tgnas.searchParetoFront',
  openModelCard: 'tgnas.openModelCard',
  improveCell: 'tgnas.improveCell',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The only commands hover and tooltip links may run (the client trusts markdown for these alone). */
export const LINK_COMMANDS: readonly CommandId[] = [Commands.openModelCard, Commands.improveCell];

/** A markdown link that runs `command` with JSON arguments (only LINK_COMMANDS work in hovers). */
export function commandLink(label: string, command: CommandId, args: unknown[] = []): string {
  return `[${label}](command:${command}${args.length ? `?${encodeURIComponent(JSON.stringify(args))}` : ''})`;
}

// ---------------------------------------------------------------------------------------------
// Start

/** `initializationOptions` the client sends. */
export interface InitializationOptions {
  /** Workspace trust: untrusted workspaces load only the shipped model and encoder. */
  trusted: boolean;
  /** Settings at start, for servers that cannot pull workspace/configuration. */
  settings?: Partial<TgnasSettings>;
}

// ---------------------------------------------------------------------------------------------
// Scores

export interface PredictedAccuracy {
  value: number;
  low: number;
  high: number;
  target: string;
}

/**
 * Where a score comes from (the proxy's `Evidence`, core/proxy/types.ts, restated here because this
 * layer imports no other): the model's validation ρ on held-out cells of a space it trained on, or, for
 * a space it never saw labelled, its recipe's leave-one-space-out ρ and the operators whose cost
 * descriptors were estimated from their sentence. Worded by score-words.ts `evidenceWords`.
 */
export type ScoreEvidence =
  | { kind: 'in-space'; data: string; validationRho?: number; task?: string }
  | { kind: 'unseen-space'; losoMean?: number; losoWorst?: number; losoSpaces?: number; estimated: string[]; unseenOperators: string[] };

export interface CellScore {
  /** Raw model output: comparable within one space only. */
  score: number;
  /** 0-100 within the cell's space: what compares across spaces. */
  percentile: number;
  /** Only where the model is calibrated for the space; never invented for other spaces. */
  predictedAccuracy?: PredictedAccuracy;
  /** Why there is no predicted accuracy. */
  calibrationNote?: string;
  evidence?: ScoreEvidence;
}

/** One scored cell of a document. */
export interface ScoredCell {
  uri: string;
  /** `.arch` cell name; undefined for literals in other files. */
  name?: string;
  range: LspRange;
  space: string;
  /** Space label, e.g. 'NAS-Bench-201'. */
  spaceLabel: string;
  notation: string;
  /** Canonical text of the cell (NB201 string, genotype, graph-json). */
  text: string;
  key: string;
  score?: CellScore;
  params_M?: number;
  flops_M?: number;
  /** Why there is no score (model failed to load, ...). */
  error?: string;
  /** The model that scored the row: a row of another model than the current one is stale and re-scored. */
  model?: string;
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** `tgnas/score`: scores for the cells of an open document, or of one architecture text. */
export namespace ScoreRequest {
  export const method = 'tgnas/score';
  export const type = new RequestType<ScoreParams, ScoreResult, void>(method);
}
export interface ScoreParams {
  uri?: string;
  /** An architecture in any notation tgnas reads (NB201 string, Genotype(...), graph-json, ...). */
  architecture?: string;
}
export interface ScoreResult {
  cells: ScoredCell[];
  model: string;
}

// ---------------------------------------------------------------------------------------------
// Status

export type ServerState = 'starting' | 'loading' | 'ready' | 'error';

/** `tgnas/status`: server health, asked by the client (status item, tests). */
export namespace StatusRequest {
  export const method = 'tgnas/status';
  export const type = new RequestType0<StatusResult, void>(method);
}
/** `tgnas/statusChanged`: pushed by the server whenever StatusResult changes (model loaded, failed). */
export namespace StatusNotification {
  export const method = 'tgnas/statusChanged';
  export const type = new NotificationType<StatusResult>(method);
}
export interface StatusResult {
  /** Server package version. */
  version: string;
  state: ServerState;
  /** Number of open documents the server tracks. */
  documents: number;
  /** 'model': a trained TG-NAS GCN; 'baseline': the structural stand-in used while no trained model is available. */
  scorer: 'model' | 'baseline' | 'none';
  model?: string;
  modelPath?: string;
  encoder?: string;
  backend?: string;
  calibrated?: string[];
  trusted: boolean;
  /** Scores held in the cache. */
  cachedScores: number;
  /** Milliseconds the model took to load. */
  loadMs?: number;
  error?: string;
}

// ---------------------------------------------------------------------------------------------
// Search

/** Where a search runs: a space of an open document (declared or built-in name) or a built-in space id. */
export interface SearchTarget {
  uri?: string;
  /** Space name as written in the document, or a built-in space's id, .arch name or alias (core/spaces registry: 'nb201', 'tnb101-micro', 'tnb101macro', 'nbmr', ...). */
  space: string;
}

/**
 * `tgnas/search`: runs in a worker thread; progress via `tgnas/searchProgress`; cancel with $/cancelRequest.
 * Parameters are checked by the server (src/server/params.ts): a wrong type or a value out of bounds is
 * answered with InvalidParams (-32602) and one line, as for every request here.
 */
export namespace SearchRequest {
  export const method = 'tgnas/search';
  export const type = new RequestType<SearchParams, SearchResult, void>(method);
}
export interface SearchParams extends SearchTarget {
  /** Chosen by the client; echoed in progress notifications. */
  searchId: string;
  /** Integers; omitted = the tgnas.search.* settings. Bounds (core/search SEARCH_BOUNDS): population >= 4, generations >= 1, top >= 1, seed >= 0. */
  population?: number;
  generations?: number;
  top?: number;
  seed?: number;
  /** Replace the tgnas.limits.* settings for this search; >= 0, 0 = no limit. A space block's own limits still apply (the tighter wins). */
  maxParamsM?: number;
  maxFlopsM?: number;
  /**
   * Also return the Pareto front of predicted accuracy against this axis; omitted = tgnas.search.paretoAxis.
   * 'latency' needs an NB201 space and a device (`device`, else tgnas.search.device).
   */
  pareto?: ParetoChoice;
  /** NB201 latency model (one of LATENCY_DEVICE_IDS); omitted = tgnas.search.device. */
  device?: string;
}

/** What a Pareto front trades predicted accuracy against (lower is better on each). */
export type ParetoAxis = 'params' | 'flops' | 'latency';
export type ParetoChoice = ParetoAxis | 'none';
export const PARETO_CHOICES: readonly ParetoChoice[] = ['none', 'params', 'flops', 'latency'];

/** Devices with an NB201 latency table (core/latency.ts LATENCY_DEVICES; a unit test holds them equal). */
export const LATENCY_DEVICE_IDS = ['edgegpu', 'raspi4', 'edgetpu', 'pixel3', 'eyeriss', 'fpga'] as const;
export interface SearchResultCell {
  rank: number;
  key: string;
  score: number;
  percentile?: number;
  predictedAccuracy?: PredictedAccuracy;
  params_M?: number;
  flops_M?: number;
  /** The cell in its space's notation (NB201 string, genotype, graph-json). */
  text: string;
  /** A `.arch` line declaring it: `cell NAME in SPACE = ...`. */
  arch: string;
  /** Predicted latency in ms on the search's device (NB201 searches with a device). */
  latencyMs?: number;
}
/** A point of the Pareto front: a result cell with its value on the front's axis. */
export interface FrontCell extends SearchResultCell {
  objective: number;
}
export interface SearchResult {
  searchId: string;
  space: string;
  spaceLabel: string;
  model: string;
  cancelled: boolean;
  results: SearchResultCell[];
  evaluations: number;
  seconds: number;
  /** Best score after each evolution generation. */
  history: number[];
  /** Median feasible score of the population after each generation (null where none was feasible). */
  historyMedian?: Array<number | null>;
  /** With a Pareto axis: the axis (and latency device) of `front`. */
  pareto?: { axis: ParetoAxis; device?: string };
  /** Non-dominated cells, cheapest first: no other cell scored at least as high for at most the same cost. */
  front?: FrontCell[];
  /** Where the scores come from (every cell of one space shares it). */
  evidence?: ScoreEvidence;
  /** Why the cells carry no predicted accuracy (the space is not calibrated). */
  calibrationNote?: string;
}

export namespace SearchProgressNotification {
  export const method = 'tgnas/searchProgress';
  export const type = new NotificationType<SearchProgress>(method);
}
export interface SearchProgress {
  searchId: string;
  phase: 'loading' | 'pruning' | 'evolution' | 'done';
  step: number;
  totalSteps: number;
  evaluations: number;
  bestScore: number;
  /** Evolution: median feasible score of the population (null or absent where none is feasible). */
  medianScore?: number | null;
  /** 0-100, over both phases. */
  percent: number;
}

// ---------------------------------------------------------------------------------------------
// Graph, export, leaderboard

/** A cell: at a position or by name in a document, or given as text. */
export interface CellLocator {
  uri?: string;
  position?: { line: number; character: number };
  name?: string;
  architecture?: string;
  /** With `architecture`: the space to read it in (a name declared in `uri`, or a built-in); default from its notation. */
  space?: string;
}

/** `tgnas/graph`: the operator-as-node DAGs of a cell, for the graph webview. */
export namespace GraphRequest {
  export const method = 'tgnas/graph';
  export const type = new RequestType<GraphParams, GraphResult, void>(method);
}
export type GraphParams = CellLocator;
export interface GraphNode {
  op: string;
  kind: 'io' | 'none' | 'skip' | 'conv' | 'pool' | 'other';
  description: string;
  /** Not in the model's vocabulary: scored from its description. */
  unseen?: boolean;
}
export interface GraphResult {
  name?: string;
  space: string;
  spaceLabel: string;
  /** DARTS: 'normal' and 'reduce'; other spaces one 'cell'. */
  graphs: Array<{ label: string; nodes: GraphNode[]; adj: number[][] }>;
  score?: CellScore;
  params_M?: number;
  flops_M?: number;
}

/** `tgnas/exportPytorch`: a self-contained PyTorch module for a cell. */
export namespace ExportPytorchRequest {
  export const method = 'tgnas/exportPytorch';
  export const type = new RequestType<ExportPytorchParams, ExportPytorchResult, void>(method);
}
export type ExportPytorchParams = CellLocator;
export interface ExportPytorchResult {
  fileName: string;
  code: string;
  /** New operators exported as NotImplementedError placeholders. */
  placeholders: string[];
}

/** `tgnas/leaderboard`: every cell of the given documents (or of the workspace's files) with scores. */
export namespace LeaderboardRequest {
  export const method = 'tgnas/leaderboard';
  export const type = new RequestType<LeaderboardParams, LeaderboardResult, void>(method);
}
export interface LeaderboardParams {
  /** Documents to include; omitted = every `.arch` file in the workspace plus open documents. */
  uris?: string[];
}
export interface LeaderboardResult {
  entries: ScoredCell[];
  model: string;
  /** Files read from disk that were not open. */
  files: number;
  /** Workspace `.arch` paths not read, each with the reason (FIFO, broken symlink, symlink loop, too large). */
  skipped?: string[];
}

/**
 * `tgnas/documentScored`: pushed by the server (debounced) after a document's cells are re-scored:
 * an open `.arch` file or a served Python/Markdown/... file is opened or edited, or a workspace `.arch`
 * file changes on disk (workspace/didChangeWatchedFiles). `entries` replaces that document's rows;
 * empty means it has no rows any more (no cells, closed and not an `.arch` file, deleted).
 */
export namespace DocumentScoredNotification {
  export const method = 'tgnas/documentScored';
  export const type = new NotificationType<DocumentScoredParams>(method);
}
export interface DocumentScoredParams {
  uri: string;
  /** Same rows as `tgnas/leaderboard` gives for this document. */
  entries: ScoredCell[];
}

/**
 * `tgnas/clearEmbeddingCache`: deletes the embedding cache files (every encoder) of the server's cache folder
 * ($TGNAS_CACHE, else ~/.cache/tgnas). Vectors already in the server's memory stay until it restarts.
 */
export namespace ClearEmbeddingCacheRequest {
  export const method = 'tgnas/clearEmbeddingCache';
  export const type = new RequestType0<ClearEmbeddingCacheResult, void>(method);
}
export interface ClearEmbeddingCacheResult {
  /** The folder the files were in. */
  folder: string;
  files: number;
  bytes: number;
}
