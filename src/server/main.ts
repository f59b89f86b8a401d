/**
 * TG-NAS language server: over IPC (the extension) or `--stdio` (any editor; createConnection reads
 * the transport from argv). Parsing and scoring happen here; the extension only asks.
 * This file wires: documents -> analysis (debounced) -> diagnostics and leaderboard rows; features -> modules.
 */
import {
  CodeActionKind, createConnection, ErrorCodes, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind,
  type CancellationToken, type Diagnostic, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { existsSync } from 'node:fs';
import { version } from '../../package.json';
import { spaceFingerprint } from '../core/analysis';
import { clearEmbeddingCache, configureEmbeddingCache, defaultCacheDir } from '../core/encoder/cache';
import { MAX_DIAGNOSTICS } from '../core/limits';
import {
  ClearEmbeddingCacheRequest, DEFAULT_SETTINGS, DocumentScoredNotification, ExportPytorchRequest, GraphRequest, LeaderboardRequest, ScoreRequest, SearchProgressNotification, SearchRequest,
  StatusNotification, StatusRequest, type InitializationOptions,
  type ClearEmbeddingCacheResult, type DocumentScoredParams, type ScoredCell, type SearchParams, type SearchResult, type StatusResult, type TgnasSettings,
} from '../shared/protocol';
import { quickFixes } from './actions';
import { completion } from './completion';
import { toDiagnostic } from './convert';
import { AnalysisStore, isArch } from './documents';
import { hover } from './hover';
import { codeLenses, inlayHints } from './hints';
import { definition, documentSymbols, foldingRanges } from './outline';
import { cellLocator, leaderboardParams, ParamsError, scoreParams, searchParams } from './params';
import { RequestError, Requests } from './requests';
import { ScoreService } from './scores';
import { SearchHost } from './search';
import { SentenceGate } from './sentences';
import { embeddingCacheBytes, normalizeSettings, proxyConfig } from './settings';
import { URI_PATH } from './uri';

const DEBOUNCE_MS = 150;
/** tgnas/documentScored: after validation, so bursts (revalidateAll, several saves) send one update per document. */
const SCORED_DEBOUNCE_MS = 200;
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (m: string) => connection.console.log(m);

let settings: TgnasSettings = DEFAULT_SETTINGS;
let trusted = true;
let canPullConfiguration = false;
let folders: string[] = [];

const store = new AnalysisStore();
const gate = new SentenceGate();
const scores = new ScoreService({}, log, () => void connection.sendNotification(StatusNotification.method, status()), gate);
const searches = new SearchHost(log);
const requests = new Requests(documents, store, scores, () => folders);

function status(): StatusResult {
  return { version, documents: documents.all().length, trusted, ...scores.status() };
}

// ---- lifecycle -----------------------------------------------------------------------------------

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
  trusted = init.trusted !== false;
  if (init.settings) settings = normalizeSettings(init.settings);
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  folders = (params.workspaceFolders ?? []).map((f) => URI_PATH(f.uri));
  if (folders.length === 0 && params.rootUri) folders = [URI_PATH(params.rootUri)];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: ['|', '[', ',', ' ', "'", '"', ':'] },
      documentSymbolProvider: true,
      definitionProvider: true,
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'tgnas', version },
  };
});

connection.onInitialized(async () => {
  await pullSettings();
  // The model loads when the first document with cells is validated (see validate), not for every
  // Python file that activates the extension; hovers arriving earlier await the same promise.
  revalidateAll();
});

// `change` is untyped client JSON: null params must not crash the server (an async handler's throw is an unhandled rejection).
connection.onDidChangeConfiguration(async (change) => {
  if (!canPullConfiguration && change?.settings?.tgnas) applySettings(normalizeSettings(change.settings.tgnas));
  else await pullSettings();
});

async function pullSettings(): Promise<void> {
  if (!canPullConfiguration) return applySettings(settings);
  try {
    applySettings(normalizeSettings(await connection.workspace.getConfiguration('tgnas')));
  } catch (e) {
    log(`[settings] could not read tgnas.*: ${e}`);
  }
}

function applySettings(next: TgnasSettings): void {
  const scanChanged = next.scanOtherFiles !== settings.scanOtherFiles;
  const hintsChanged = next.inlayHints.enabled !== settings.inlayHints.enabled;
  settings = next;
  configureEmbeddingCache({ maxBytes: embeddingCacheBytes(next) });
  store.scanOtherFiles = next.scanOtherFiles;
  scores.reconfigure(proxyConfig(next, trusted));
  if (scanChanged) {
    store.clear();
    revalidateAll();
  }
  if (scanChanged || hintsChanged) void connection.languages.inlayHint.refresh().catch(() => undefined);
}

// ---- diagnostics (debounced) ---------------------------------------------------------------------

const timers = new Map<string, NodeJS.Timeout>();

documents.onDidOpen(({ document }) => validate(document));
documents.onDidChangeContent(({ document }) => {
  clearTimeout(timers.get(document.uri));
  timers.set(document.uri, setTimeout(() => {
    timers.delete(document.uri);
    const doc = documents.get(document.uri);
    if (doc) validate(doc);
  }, DEBOUNCE_MS));
});
documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  store.forget(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  // Its rows now come from disk (an .arch file) or go (other files, deleted files).
  publishScores(document.uri);
});

function revalidateAll(): void {
  for (const d of documents.all()) validate(d);
}

function validate(doc: TextDocument): void {
  const a = store.get(doc);
  if (!a) {
    void connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    publishScores(doc.uri);
    return;
  }
  // Still for the debounce (or just opened): the sentences of its well-formed `op` declarations are final.
  gate.settle(a);
  const base = a.diagnostics.map(toDiagnostic);
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: base });
  if (a.cells.length === 0 && a.ops.length === 0) return publishScores(doc.uri);
  // Model-dependent part: operators the model has never seen; warm the score cache for hovers/hints.
  const version = doc.version;
  void scores.load().then(async (proxy) => {
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return;
    const extra: Diagnostic[] = [];
    if (isArch(doc) && a.ops.length) {
      const unseen = new Set<string>();
      for (const s of [...a.spaces.map((x) => x.space), ...a.cells.map((c) => c.space)]) {
        if (s) for (const o of proxy.unseenOperators(s)) unseen.add(o.name);
      }
      for (const o of a.ops) {
        if (!unseen.has(o.name)) continue;
        extra.push(toDiagnostic({
          severity: 'info', range: o.nameRange, code: 'unseen-operator',
          message: `'${o.name}' is new to the model (${proxy.info.model}): it is scored from its description "${o.description}"`,
        }));
      }
    }
    // The cap of core/analysis (MAX_DIAGNOSTICS, then one summary) holds for these too: they fill the room left, if any.
    const room = Math.max(0, MAX_DIAGNOSTICS - base.length);
    if (extra.length && room) void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: [...base, ...extra.slice(0, room)] });
    await scores.score(a.cells).catch(() => undefined);
    // Hints asked for while an operator sentence was being typed were held back: ask for them again.
    if (gate.takeHeld() > 0 && settings.inlayHints.enabled) void connection.languages.inlayHint.refresh().catch(() => undefined);
  }, () => undefined).then(() => publishScores(doc.uri));
}

// ---- leaderboard rows (tgnas/documentScored, debounced) --------------------------------------------

const scoredTimers = new Map<string, NodeJS.Timeout>();
/** Latest publication per document: an older one still scoring must not overwrite it. */
const scoredSeq = new Map<string, number>();
/** Documents whose last published rows were not empty. */
const published = new Set<string>();

/** Sends the document's current rows; empty rows only to clear earlier ones or for `.arch` files (deleted from disk). */
function publishScores(uri: string): void {
  clearTimeout(scoredTimers.get(uri));
  scoredTimers.set(uri, setTimeout(() => {
    scoredTimers.delete(uri);
    const seq = (scoredSeq.get(uri) ?? 0) + 1;
    scoredSeq.set(uri, seq);
    rowsOf(uri).then((entries) => {
      if (scoredSeq.get(uri) !== seq) return;
      if (entries.length === 0 && !published.has(uri) && !/\.arch$/i.test(uri)) return;
      if (entries.length) published.add(uri);
      else published.delete(uri);
      const params: DocumentScoredParams = { uri, entries };
      void connection.sendNotification(DocumentScoredNotification.method, params);
    }, (e) => log(`[leaderboard] ${uri}: ${e instanceof Error ? e.message : e}`));
  }, SCORED_DEBOUNCE_MS));
}

/** The rows tgnas/leaderboard would give for this document: open and served, else a workspace `.arch` file on disk. */
async function rowsOf(uri: string): Promise<ScoredCell[]> {
  const doc = documents.get(uri);
  if (doc) return store.served(doc) ? requests.entries(uri) : [];
  return /\.arch$/i.test(uri) && existsSync(URI_PATH(uri)) ? requests.entries(uri) : [];
}

// `.arch` files changed on disk (the client's FileSystemWatcher): open ones follow their editor text.
connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const c of changes) if (/\.arch$/i.test(c.uri) && !documents.get(c.uri)) publishScores(c.uri);
});

// ---- editor features ------------------------------------------------------------------------------

const analysisOf = (uri: string) => {
  const doc = documents.get(uri);
  const analysis = doc && store.get(doc);
  return doc && analysis ? { doc, analysis } : undefined;
};

connection.onHover(async ({ textDocument, position }, token) => {
  const d = analysisOf(textDocument.uri);
  return d ? hover(d.doc, d.analysis, position.line, position.character, scores, token) : null;
});

connection.languages.inlayHint.on(async ({ textDocument, range }, token) => {
  const d = analysisOf(textDocument.uri);
  if (!d || !settings.inlayHints.enabled) return [];
  return inlayHints(d.analysis, range, scores, token);
});

connection.onCodeLens(({ textDocument }) => {
  const d = analysisOf(textDocument.uri);
  return d ? codeLenses(textDocument.uri, d.analysis) : [];
});

connection.onCompletion(({ textDocument, position }) => {
  const d = analysisOf(textDocument.uri);
  if (!d) return [];
  const lineText = d.doc.getText({ start: { line: position.line, character: 0 }, end: position });
  return completion(d.analysis, lineText);
});

connection.onDocumentSymbol(({ textDocument }) => {
  const d = analysisOf(textDocument.uri);
  return d ? documentSymbols(d.analysis) : [];
});

connection.onFoldingRanges(({ textDocument }) => {
  const d = analysisOf(textDocument.uri);
  return d ? foldingRanges(d.analysis) : [];
});

connection.onDefinition(({ textDocument, position }) => {
  const d = analysisOf(textDocument.uri);
  return d ? definition(d.doc, d.analysis, position.line, position.character) : null;
});

connection.onCodeAction(({ textDocument, context }) => {
  const doc = documents.get(textDocument.uri);
  return doc ? quickFixes(doc, context.diagnostics) : [];
});

// ---- custom requests ------------------------------------------------------------------------------

/** One line of at most 300 characters: what a client is told, never a stack trace. */
function oneLine(text: string): string {
  const first = text.split(/\r?\n/)[0].trim();
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

/**
 * A custom request's handler behind the protocol boundary: `check` validates the untyped
 * parameters first. ParamsError and RequestError -> InvalidParams (-32602) with their one-line
 * message; anything else -> InternalError with one line. Details of internal errors (the error's
 * name and where it was thrown) go to the output channel only at trace level ($/logTrace).
 */
function guarded<P, R>(method: string, check: (raw: unknown) => P, fn: (p: P, token: CancellationToken) => Promise<R> | R) {
  return async (raw: unknown, token: CancellationToken) => {
    let p: P;
    try {
      p = check(raw);
    } catch (e) {
      throw new ResponseError(ErrorCodes.InvalidParams, oneLine(e instanceof Error ? e.message : String(e)));
    }
    try {
      return await fn(p, token);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      if (e instanceof RequestError || e instanceof ParamsError) throw new ResponseError(ErrorCodes.InvalidParams, oneLine(e.message));
      const message = oneLine(e instanceof Error ? e.message : String(e)) || 'unknown error';
      log(`[request] ${method} failed: ${message}`);
      if (e instanceof Error) {
        // The throwing frame, flattened to one line ("name: message @ fn (file:line:col)"); never the stack itself.
        const frame = /\n\s*at (.*)/.exec(e.stack ?? '')?.[1]?.trim();
        connection.tracer.log(`[request] ${method}: ${e.name}`, frame ? `${e.name}: ${message} @ ${frame}` : undefined);
      }
      throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${message}`);
    }
  };
}

connection.onRequest(StatusRequest.method, () => status());
connection.onRequest(ClearEmbeddingCacheRequest.method, guarded(ClearEmbeddingCacheRequest.method, () => undefined, (): ClearEmbeddingCacheResult => {
  const folder = defaultCacheDir();
  const r = clearEmbeddingCache(folder);
  log(`[cache] cleared ${r.files} embedding cache file(s), ${r.bytes} bytes, in ${folder}`);
  return { folder, ...r };
}));
connection.onRequest(ScoreRequest.method, guarded(ScoreRequest.method, scoreParams, (p, t) => requests.score(p, t)));
connection.onRequest(GraphRequest.method, guarded(GraphRequest.method, (raw) => cellLocator(raw, GraphRequest.method), (p, t) => requests.graph(p, t)));
connection.onRequest(ExportPytorchRequest.method, guarded(ExportPytorchRequest.method, (raw) => cellLocator(raw, ExportPytorchRequest.method), (p, t) => requests.exportPytorch(p, t)));
connection.onRequest(LeaderboardRequest.method, guarded(LeaderboardRequest.method, leaderboardParams, (p, t) => requests.leaderboard(p, t)));
connection.onRequest(SearchRequest.method, guarded(SearchRequest.method, searchParams, (p, t) => search(p, t)));

async function search(p: SearchParams, token: CancellationToken): Promise<SearchResult> {
  const { spec, name } = requests.resolveSpace(p.space, p.uri);
  const s = settings.search;
  // The request's limit replaces the setting's (0 = no limit in both); the worker's searchSpace then
  // merges the result with the space block's own limits (mergeLimits: the tighter wins).
  const maxParamsM = (p.maxParamsM ?? settings.limits.maxParamsM) || undefined;
  const maxFlopsM = (p.maxFlopsM ?? settings.limits.maxFlopsM) || undefined;
  const id = p.searchId || `search-${Date.now()}`;
  log(`[search] ${id}: ${name} (${spaceFingerprint(spec).slice(0, 80)})`);
  const result = await searches.run(
    {
      id, spec, spaceName: name, proxy: proxyConfig(settings, trusted), embeddingCacheBytes: embeddingCacheBytes(settings),
      seed: p.seed ?? s.seed, top: p.top ?? s.top, population: p.population ?? s.population, generations: p.generations ?? s.generations,
      limits: { ...(maxParamsM ? { maxParamsM } : {}), ...(maxFlopsM ? { maxFlopsM } : {}) },
    },
    (progress) => void connection.sendNotification(SearchProgressNotification.method, progress),
    (listener) => {
      if (token.isCancellationRequested) listener();
      else token.onCancellationRequested(listener);
    },
  );
  log(`[search] ${id}: ${result.cancelled ? 'cancelled' : `${result.results.length} cells, ${result.evaluations} evaluations in ${result.seconds.toFixed(2)} s`}`);
  return result;
}

connection.onShutdown(() => {
  searches.dispose();
  scores.dispose();
});

documents.listen(connection);
connection.listen();
