/**
 * Command factories over one context (rust-analyzer style). Every command asks the server; none
 * scores by itself. Where the webview panels are not wired, results go to a quick pick and the
 * output channel.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ClearEmbeddingCacheRequest, ExportPytorchRequest, GraphRequest, LANGUAGE_ID, LeaderboardRequest, SearchProgressNotification, SearchRequest,
  type CellLocator, type ClearEmbeddingCacheResult, type ExportPytorchResult, type GraphResult, type LeaderboardResult, type ScoredCell, type SearchParams,
  type SearchProgress, type SearchResult,
} from '../shared/protocol';
import { listBuiltinSpaces } from '../core/spaces';
import { readSettings } from './config';

/** Where search progress and results go (the search webview when present). */
export interface SearchView {
  start(searchId: string, space: string, uri?: string): void;
  progress(p: SearchProgress): void;
  result(r: SearchResult, uri?: string): Promise<void> | void;
  error(searchId: string, message: string): void;
}

export interface GraphView {
  show(graph: GraphResult): void;
}

export interface LeaderboardView {
  show(result: LeaderboardResult): Promise<void> | void;
  /** One document's rows changed (tgnas/documentScored); empty removes them. */
  upsert?(uri: string, entries: ScoredCell[]): void;
}

export interface Ctx {
  client: () => LanguageClient;
  output: vscode.OutputChannel;
  extensionUri: vscode.Uri;
  searchView: SearchView;
  graphView: GraphView;
  leaderboardView: LeaderboardView;
  /** The last search result, for tests and the panel's actions. */
  lastSearch?: SearchResult;
  /** Cancels a running search (the notification's button, the panel's Cancel, tests). */
  cancelSearch(searchId: string): void;
  readonly running: Map<string, vscode.CancellationTokenSource>;
}

/** Searchable built-in spaces by their `.arch` names (the registry's; the generic graph space is not searched). */
const BUILTIN_SPACES = listBuiltinSpaces().filter((b) => b.space.topology !== 'graph').map((b) => b.archName);

/** `tgnas.searchBestCell`: from a lens ({uri, space}) or the palette (space from the file or a quick pick). */
export function searchBestCell(ctx: Ctx) {
  return async (args?: Partial<SearchParams>): Promise<SearchResult | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const uri = args?.uri ?? (editor?.document.languageId === LANGUAGE_ID ? editor.document.uri.toString() : undefined);
    let space = args?.space;
    if (!space) {
      const declared = uri ? await declaredSpaces(uri) : [];
      const picks = [...declared.map((s) => ({ label: s, description: 'declared in this file' })), ...BUILTIN_SPACES.map((s) => ({ label: s, description: 'built-in' }))];
      space = picks.length === 1 ? picks[0].label : (await vscode.window.showQuickPick(picks, { title: 'TG-NAS: search which space?' }))?.label;
      if (!space) return undefined;
    }
    const s = readSettings();
    const params: SearchParams = {
      searchId: `search-${Date.now().toString(36)}`, space, ...(uri ? { uri } : {}),
      population: s.search.population, generations: s.search.generations, top: s.search.top, seed: s.search.seed,
      ...args,
    };
    ctx.searchView.start(params.searchId, space, uri);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `TG-NAS: searching ${space}`, cancellable: true },
      async (progress, notificationToken) => {
        const cts = new vscode.CancellationTokenSource();
        ctx.running.set(params.searchId, cts);
        notificationToken.onCancellationRequested(() => cts.cancel());
        const token = cts.token;
        let last = 0;
        const sub = ctx.client().onNotification(SearchProgressNotification.method, (p: SearchProgress) => {
          if (p.searchId !== params.searchId) return;
          ctx.searchView.progress(p);
          const message = p.phase === 'loading' ? 'loading the model' : `${p.phase} ${p.step}/${p.totalSteps} · ${p.evaluations} cells scored`;
          progress.report({ message, increment: Math.max(0, p.percent - last) });
          last = Math.max(last, p.percent);
        });
        try {
          const result = await ctx.client().sendRequest<SearchResult>(SearchRequest.method, params, token);
          ctx.lastSearch = result;
          ctx.output.appendLine(result.cancelled ? `[search] ${space}: cancelled`
            : `[search] ${space}: ${result.results.length} cells from ${result.evaluations} evaluations in ${result.seconds.toFixed(2)} s (${result.model})`);
          await ctx.searchView.result(result, uri);
          return result;
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          ctx.searchView.error(params.searchId, message);
          if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`TG-NAS search failed: ${message}`);
          return undefined;
        } finally {
          sub.dispose();
          ctx.running.delete(params.searchId);
          cts.dispose();
        }
      },
    );
  };
}

async function declaredSpaces(uri: string): Promise<string[]> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', vscode.Uri.parse(uri));
  return (symbols ?? []).filter((s) => s.kind === vscode.SymbolKind.Namespace).map((s) => s.name);
}

/** A locator from a lens argument, or the active editor's cursor. */
function locator(args?: CellLocator): CellLocator | undefined {
  if (args && (args.uri || args.architecture)) return args;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const p = editor.selection.active;
  return { uri: editor.document.uri.toString(), position: { line: p.line, character: p.character } };
}

export function showCellGraph(ctx: Ctx) {
  return async (args?: CellLocator): Promise<GraphResult | undefined> => {
    const l = locator(args);
    if (!l) return void vscode.window.showInformationMessage('TG-NAS: put the cursor on a cell first');
    try {
      const graph = await ctx.client().sendRequest<GraphResult>(GraphRequest.method, l);
      ctx.graphView.show(graph);
      return graph;
    } catch (e) {
      void vscode.window.showWarningMessage(`TG-NAS: ${e instanceof Error ? e.message : e}`);
      return undefined;
    }
  };
}

/** Opens the exported module as an untitled Python editor. */
export function exportPytorch(ctx: Ctx) {
  return async (args?: CellLocator): Promise<vscode.TextDocument | undefined> => {
    const l = locator(args);
    if (!l) return void vscode.window.showInformationMessage('TG-NAS: put the cursor on a cell first');
    try {
      const r = await ctx.client().sendRequest<ExportPytorchResult>(ExportPytorchRequest.method, l);
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: r.code });
      await vscode.window.showTextDocument(doc, { preview: false });
      if (r.placeholders.length) {
        void vscode.window.showWarningMessage(`TG-NAS: ${r.placeholders.join(', ')} exported as placeholders (NotImplementedError): implement them before training.`);
      }
      return doc;
    } catch (e) {
      void vscode.window.showWarningMessage(`TG-NAS: ${e instanceof Error ? e.message : e}`);
      return undefined;
    }
  };
}

export function showLeaderboard(ctx: Ctx) {
  return async (): Promise<LeaderboardResult | undefined> => {
    try {
      const result = await ctx.client().sendRequest<LeaderboardResult>(LeaderboardRequest.method, {});
      await ctx.leaderboardView.show(result);
      return result;
    } catch (e) {
      void vscode.window.showWarningMessage(`TG-NAS: ${e instanceof Error ? e.message : e}`);
      return undefined;
    }
  };
}

/** Shipped models (models/<name>/model.json) and, in trusted workspaces, a folder of one's own. */
export function selectModel(ctx: Ctx) {
  return async (): Promise<void> => {
    const models = vscode.Uri.joinPath(ctx.extensionUri, 'models');
    const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(models)).catch(() => [] as [string, vscode.FileType][]);
    const shipped: string[] = [];
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      const ok = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(models, name, 'model.json'))).then(() => true, () => false);
      if (ok) shipped.push(name);
    }
    const BROWSE = 'Browse for a model folder…';
    const picks = [{ label: '(default)', description: 'the shipped default model' }, ...shipped.map((label) => ({ label, description: 'shipped' }))];
    if (vscode.workspace.isTrusted) picks.push({ label: BROWSE, description: '' });
    const pick = await vscode.window.showQuickPick(picks, { title: 'TG-NAS: model' });
    if (!pick) return;
    let value = pick.label === '(default)' ? '' : pick.label;
    if (pick.label === BROWSE) {
      const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use this model' });
      if (!folder?.[0]) return;
      value = folder[0].fsPath;
    }
    await vscode.workspace.getConfiguration('tgnas').update('model', value, vscode.ConfigurationTarget.Global);
    ctx.output.appendLine(`[model] tgnas.model = '${value}'`);
  };
}

/** `tgnas.clearEmbeddingCache`: the server deletes its embedding cache files and says how much went. */
export function clearEmbeddingCache(ctx: Ctx) {
  return async (): Promise<ClearEmbeddingCacheResult | undefined> => {
    try {
      const r = await ctx.client().sendRequest<ClearEmbeddingCacheResult>(ClearEmbeddingCacheRequest.method);
      const message = `TG-NAS: embedding cache cleared (${r.files} file${r.files === 1 ? '' : 's'}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB in ${r.folder})`;
      ctx.output.appendLine(`[cache] ${message}`);
      void vscode.window.showInformationMessage(message);
      return r;
    } catch (e) {
      void vscode.window.showErrorMessage(`TG-NAS: could not clear the embedding cache: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
}

// ---- fallbacks while the webview panels are not wired -------------------------------------------

/** Search results as a quick pick; choosing one inserts its `.arch` line into the searched document. */
export class QuickPickSearchView implements SearchView {
  constructor(private readonly output: vscode.OutputChannel) {}
  start(): void {}
  progress(): void {}
  error(_id: string, message: string): void {
    this.output.appendLine(`[search] failed: ${message}`);
  }
  async result(r: SearchResult, uri?: string): Promise<void> {
    if (r.cancelled || r.results.length === 0) return;
    for (const c of r.results) this.output.appendLine(`  #${c.rank} ${c.percentile !== undefined ? `${Math.round(c.percentile)}th pct ` : ''}${c.arch}`);
    const pick = await vscode.window.showQuickPick(
      r.results.map((c) => ({
        label: `#${c.rank} ${c.predictedAccuracy ? `≈ ${c.predictedAccuracy.value.toFixed(1)} %` : c.percentile !== undefined ? `${Math.round(c.percentile)}th pct` : c.score.toFixed(3)}`,
        description: c.params_M !== undefined ? `${c.params_M.toFixed(2)} M params` : '', detail: c.text, arch: c.arch,
      })),
      { title: `TG-NAS: best cells of ${r.space} (${r.model})`, placeHolder: uri ? 'Pick a cell to append it to the file' : 'Pick a cell to copy it' },
    );
    if (!pick) return;
    if (uri) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const edit = new vscode.WorkspaceEdit();
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      edit.insert(doc.uri, end, `${doc.getText().endsWith('\n') ? '' : '\n'}${pick.arch}\n`);
      await vscode.workspace.applyEdit(edit);
    } else await vscode.env.clipboard.writeText(pick.arch);
  }
}

export class OutputGraphView implements GraphView {
  constructor(private readonly output: vscode.OutputChannel) {}
  show(g: GraphResult): void {
    this.output.appendLine(`[graph] ${g.name ?? 'cell'} in ${g.spaceLabel}`);
    for (const graph of g.graphs) {
      this.output.appendLine(`  ${graph.label}:`);
      graph.nodes.forEach((n, i) => {
        const inputs = graph.adj.map((row, j) => (row[i] ? j : -1)).filter((j) => j >= 0);
        this.output.appendLine(`    ${i}: ${n.op}${n.unseen ? ' (new)' : ''}${inputs.length ? ` <- ${inputs.join(', ')}` : ''}`);
      });
    }
    this.output.show(true);
  }
}

export class QuickPickLeaderboardView implements LeaderboardView {
  async show(r: LeaderboardResult): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      r.entries.map((e) => ({
        label: `${e.score?.predictedAccuracy ? `≈ ${e.score.predictedAccuracy.value.toFixed(1)} %` : e.score ? `${Math.round(e.score.percentile)}th pct` : '—'}  ${e.name ?? e.notation}`,
        description: `${e.spaceLabel} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(e.uri))}`, entry: e,
      })),
      { title: `TG-NAS leaderboard (${r.model})` },
    );
    if (!pick) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(pick.entry.uri));
    const { start, end } = pick.entry.range;
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(start.line, start.character, end.line, end.character) });
  }
}
