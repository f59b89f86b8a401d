/**
 * TG-NAS language server: over IPC (the extension) or `--stdio` (any editor; createConnection reads
 * the transport from argv). Parsing and scoring happen here; the extension only asks.
 * This file only wires handlers to modules: documents -> ./validation (diagnostics) and
 * ./publish-scores (leaderboard rows); editor features -> their modules; custom requests -> ./requests
 * and ./search-job behind ./guard; settings -> the shared normaliser.
 */
import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type CancellationToken, type InitializeParams,
  type InitializeResult, type RequestType,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { clearEmbeddingCache, configureEmbeddingCache, defaultCacheDir } from '../core/encoder/cache';
import {
  ClearEmbeddingCacheRequest, DocumentScoredNotification, ExportPytorchRequest, GraphRequest, LeaderboardRequest, ScoreRequest,
  SearchProgressNotification, SearchRequest, StatusNotification, StatusRequest, type InitializationOptions, type StatusResult,
} from '../shared/protocol';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION, type TgnasSettings } from '../shared/settings';
import { quickFixes } from './actions';
import { improveActions, resolveClimb, type ClimbData, type ImproveContext } from './improve';
import { completion } from './completion';
import { AnalysisStore } from './documents';
import { guarded, type GuardLog } from './guard';
import { hover } from './hover';
import { codeLenses, inlayHints } from './hints';
import { NotebookCells } from './notebooks';
import { embeddingCacheBytes, proxyConfig } from './open-proxy';
import { definition, documentSymbols, foldingRanges } from './outline';
import { cellLocator, leaderboardParams, scoreParams, searchParams } from './params';
import { ScorePublisher } from './publish-scores';
import { Requests } from './requests';
import { ScoreService } from './score-service';
import { SearchHost } from './search-host';
import { runSearch } from './search-job';
import { SentenceGate } from './sentences';
import { diskPath, isArchFileUri } from './uri';
import { Validator } from './validation';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (m: string) => connection.console.log(m);
const out: GuardLog = { log, trace: (m, verbose) => connection.tracer.log(m, verbose) };

let settings: TgnasSettings = DEFAULT_SETTINGS;
let trusted = true;
let canPullConfiguration = false;
let folders: string[] = [];

const notebooks = new NotebookCells(documents);
const store = new AnalysisStore(notebooks);
const gate = new SentenceGate();
const scores = new ScoreService({}, log, () => void connection.sendNotification(StatusNotification.type, status()), gate);
const searches = new SearchHost(log);
const requests = new Requests(documents, store, scores, () => folders);
const publisher = new ScorePublisher((uri) => requests.rowsOf(uri), (p) => void connection.sendNotification(DocumentScoredNotification.type, p), log);
const refreshInlayHints = () => void connection.languages.inlayHint.refresh().catch(() => undefined);
const validator = new Validator({
  documents, store, notebooks, scores, gate, publisher,
  sendDiagnostics: (p) => void connection.sendDiagnostics(p),
  refreshInlayHints: () => settings.inlayHints.enabled && refreshInlayHints(),
});

function status(): StatusResult {
  return { version, documents: documents.all().length, trusted, ...scores.status() };
}

// ---- lifecycle and settings ------------------------------------------------------------------------

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
  trusted = init.trusted !== false;
  if (init.settings) settings = normalizeSettings(init.settings);
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  // Workspace folders on disk only (the leaderboard walks them for `.arch` files).
  folders = (params.workspaceFolders ?? []).flatMap((f) => diskPath(f.uri) ?? []);
  if (folders.length === 0 && params.rootUri) folders = [diskPath(params.rootUri) ?? []].flat();
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
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite], resolveProvider: true },
    },
    serverInfo: { name: 'tgnas', version },
  };
});

connection.onInitialized(async () => {
  await pullSettings();
  // The model loads when the first document with cells is validated, not for every Python file that
  // activates the extension; hovers arriving earlier await the same promise.
  validator.all();
});

// `change` is untyped client JSON: null params must not crash the server (an async handler's throw is an unhandled rejection).
connection.onDidChangeConfiguration(async (change) => {
  if (!canPullConfiguration && change?.settings?.tgnas) applySettings(normalizeSettings(change.settings.tgnas));
  else await pullSettings();
});

async function pullSettings(): Promise<void> {
  if (!canPullConfiguration) return applySettings(settings);
  try {
    applySettings(normalizeSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION)));
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
    validator.all();
  }
  if (scanChanged || hintsChanged) refreshInlayHints();
}

connection.onShutdown(() => {
  validator.dispose();
  publisher.dispose();
  searches.dispose();
  scores.dispose();
});

// ---- documents -----------------------------------------------------------------------------------

documents.onDidOpen(({ document }) => validator.opened(document));
documents.onDidChangeContent(({ document }) => validator.changed(document.uri));
documents.onDidClose(({ document }) => validator.closed(document));

// `.arch` files changed on disk (the client's FileSystemWatcher): open ones follow their editor text.
connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const c of changes) if (isArchFileUri(c.uri) && !documents.get(c.uri)) publisher.publish(c.uri);
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

const improveContext: ImproveContext = {
  proxy: () => scores.current(),
  allows: (space) => gate.allows(space),
  // 0 in the settings means no limit (the search's rule, ./search-job).
  limits: () => ({
    ...(settings.limits.maxParamsM ? { maxParamsM: settings.limits.maxParamsM } : {}),
    ...(settings.limits.maxFlopsM ? { maxFlopsM: settings.limits.maxFlopsM } : {}),
  }),
};

// Code actions never fail the request: a failing improve computation is logged and offers nothing.
connection.onCodeActionResolve(async (action) => {
  try {
    const uri = (action.data as Partial<ClimbData> | undefined)?.tgnasClimb?.uri;
    const d = uri === undefined ? undefined : analysisOf(uri);
    return await resolveClimb(action, d?.doc, d?.analysis, improveContext);
  } catch (e) {
    log(`[improve] could not resolve '${action.title}': ${e instanceof Error ? e.message : String(e)}`);
    return action;
  }
});

connection.onCodeAction(async ({ textDocument, range, context }) => {
  const d = analysisOf(textDocument.uri);
  if (!d) return [];
  const fixes = quickFixes(d.doc, context.diagnostics);
  const wantsRefactor = !context.only || context.only.some((k) => CodeActionKind.RefactorRewrite.startsWith(k));
  if (!wantsRefactor) return fixes;
  try {
    return [...fixes, ...(await improveActions(d.doc, d.analysis, range, improveContext))];
  } catch (e) {
    log(`[improve] no improve actions for ${textDocument.uri}: ${e instanceof Error ? e.message : String(e)}`);
    return fixes;
  }
});

// ---- custom requests ------------------------------------------------------------------------------

/** A custom request behind ./guard: its parameters checked by `check`, its result type the protocol's. */
function serve<P, R>(type: RequestType<P, R, void>, check: (raw: unknown) => P, fn: (p: P, token: CancellationToken) => Promise<R> | R): void {
  connection.onRequest(type, guarded(out, type.method, check, fn));
}

connection.onRequest(StatusRequest.type, () => status());
const clearCache = guarded(out, ClearEmbeddingCacheRequest.method, () => undefined, () => {
  const folder = defaultCacheDir();
  const r = clearEmbeddingCache(folder);
  log(`[cache] cleared ${r.files} embedding cache file(s), ${r.bytes} bytes, in ${folder}`);
  return { folder, ...r };
});
// A request without parameters: vscode-jsonrpc hands its handler the token alone.
connection.onRequest(ClearEmbeddingCacheRequest.type, (token) => clearCache(undefined, token));
serve(ScoreRequest.type, scoreParams, (p, t) => requests.score(p, t));
serve(GraphRequest.type, (raw) => cellLocator(raw, GraphRequest.method), (p, t) => requests.graph(p, t));
serve(ExportPytorchRequest.type, (raw) => cellLocator(raw, ExportPytorchRequest.method), (p, t) => requests.exportPytorch(p, t));
serve(LeaderboardRequest.type, leaderboardParams, (p, t) => requests.leaderboard(p, t));
serve(SearchRequest.type, searchParams, (p, t) => runSearch(p, t, {
  host: searches, resolveSpace: (name, uri) => requests.resolveSpace(name, uri), settings: () => settings, trusted: () => trusted, log,
  progress: (progress) => void connection.sendNotification(SearchProgressNotification.type, progress),
}));

documents.listen(connection);
connection.listen();
