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
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

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

export interface CellScore {
  score: number;
  percentile: number;
  predictedAccuracy?: PredictedAccuracy;
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
}
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
