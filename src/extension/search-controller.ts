/**
 * The one owner of search state in the extension: which searches run (and how to cancel them),
 * which document and space each searched, and the search panel that shows them. The panel's
 * actions (cancel, insert, export, show graph) arrive here; results insert into the searched
 * document in one place. Parameters the caller leaves out are filled by the server from the
 * tgnas.search.* settings, not here.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEVICE_DESCRIPTIONS, type LatencyDevice } from '../core/latency';
import { listBuiltinSpaces } from '../core/spaces';
import {
  Commands, LANGUAGE_ID, LATENCY_DEVICE_IDS, SearchProgressNotification, SearchRequest, type CellLocator, type SearchParams, type SearchResult,
  type SearchTarget,
} from '../shared/protocol';
import { normalizeSettings, SETTINGS_SECTION } from '../shared/settings';
import type { WebviewToHost } from '../shared/webview-protocol';
import { SearchPanel } from './panels';

/** Searchable built-in spaces by their `.arch` names (the registry's; the generic graph space is not searched). */
const BUILTIN_SPACES = listBuiltinSpaces().filter((b) => b.space.topology !== 'graph').map((b) => b.archName);

export class SearchController implements vscode.Disposable {
  /** Running searches: cancelled by the notification's button, the panel's Cancel, or `cancel`. */
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  /**
   * What each search searched, for the panel's insert/export/graph actions. Holds the running
   * searches and the latest one only (older entries go when a new search starts): the panel shows one.
   */
  private readonly targets = new Map<string, SearchTarget>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly client: () => LanguageClient,
    private readonly output: vscode.OutputChannel,
    private readonly extensionUri: vscode.Uri,
  ) {
    const log = (line: string) => output.appendLine(line);
    this.disposables = [
      SearchPanel.registerSerializer(extensionUri, log),
      SearchPanel.onMessage((msg) => this.onPanelMessage(msg)),
    ];
  }

  /**
   * `tgnas.searchBestCell`: from a lens ({uri, space}), a test (any SearchParams) or the palette
   * (the active `.arch` document; its declared spaces and the built-in ones in a quick pick).
   */
  async run(args?: Partial<SearchParams>): Promise<SearchResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    const uri = args?.uri ?? (editor?.document.languageId === LANGUAGE_ID ? editor.document.uri.toString() : undefined);
    const space = args?.space ?? (await this.pickSpace(uri));
    if (!space) return undefined;
    const params: SearchParams = { ...args, searchId: args?.searchId ?? `search-${Date.now().toString(36)}`, space, ...(uri ? { uri } : {}) };
    for (const id of this.targets.keys()) if (!this.running.has(id)) this.targets.delete(id);
    this.targets.set(params.searchId, { space, ...(uri ? { uri } : {}) });
    const panel = SearchPanel.show(this.extensionUri, (line) => this.output.appendLine(line));
    // The axis the server will apply: the caller's, else the setting's (the server has the final word and may drop it).
    panel.start(params.searchId, space, undefined, params.pareto ?? settings().search.paretoAxis);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `TG-NAS: searching ${space}`, cancellable: true },
      (progress, notificationToken) => this.send(params, progress, notificationToken),
    );
  }

  /**
   * `tgnas.searchParetoFront`: a search that also returns the Pareto front. The axis comes from the
   * caller ({pareto, device}), else from a quick pick: params, FLOPs and, for NB201 spaces, latency on
   * each device of the latency model (the tgnas.search.device one first).
   */
  async runPareto(args?: Partial<SearchParams>): Promise<SearchResult | undefined> {
    const editor = vscode.window.activeTextEditor;
    const uri = args?.uri ?? (editor?.document.languageId === LANGUAGE_ID ? editor.document.uri.toString() : undefined);
    const space = args?.space ?? (await this.pickSpace(uri));
    if (!space) return undefined;
    const axis = args?.pareto && args.pareto !== 'none' ? { pareto: args.pareto } : await pickAxis(space);
    if (!axis) return undefined;
    return this.run({ ...args, ...axis, space, ...(uri ? { uri } : {}) });
  }

  isRunning(searchId: string): boolean {
    return this.running.has(searchId);
  }

  cancel(searchId: string): void {
    this.running.get(searchId)?.cancel();
  }

  dispose(): void {
    for (const cts of this.running.values()) cts.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async send(
    params: SearchParams, progress: vscode.Progress<{ message?: string; increment?: number }>, notificationToken: vscode.CancellationToken,
  ): Promise<SearchResult | undefined> {
    const cts = new vscode.CancellationTokenSource();
    this.running.set(params.searchId, cts);
    const cancelled = notificationToken.onCancellationRequested(() => cts.cancel());
    let last = 0;
    const sub = this.client().onNotification(SearchProgressNotification.type, (p) => {
      if (p.searchId !== params.searchId) return;
      SearchPanel.active?.progress(p);
      const message = p.phase === 'loading' ? 'loading the model' : `${p.phase} ${p.step}/${p.totalSteps} · ${p.evaluations} cells scored`;
      progress.report({ message, increment: Math.max(0, p.percent - last) });
      last = Math.max(last, p.percent);
    });
    try {
      const result = await this.client().sendRequest(SearchRequest.type, params, cts.token);
      this.output.appendLine(result.cancelled ? `[search] ${params.space}: cancelled`
        : `[search] ${params.space}: ${result.results.length} cells from ${result.evaluations} evaluations in ${result.seconds.toFixed(2)} s (${result.model})`);
      SearchPanel.active?.result(result);
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.output.appendLine(`[search] ${params.space} failed: ${message}`);
      SearchPanel.active?.error(params.searchId, message);
      if (!cts.token.isCancellationRequested) void vscode.window.showErrorMessage(`TG-NAS search failed: ${message}`);
      return undefined;
    } finally {
      sub.dispose();
      cancelled.dispose();
      this.running.delete(params.searchId);
      cts.dispose();
    }
  }

  /** The space to search: the only candidate, or the user's pick of the document's declared spaces and the built-in ones. */
  private async pickSpace(uri: string | undefined): Promise<string | undefined> {
    const declared = uri ? await declaredSpaces(uri) : [];
    const picks = [...declared.map((s) => ({ label: s, description: 'declared in this file' })), ...BUILTIN_SPACES.map((s) => ({ label: s, description: 'built-in' }))];
    if (picks.length === 1) return picks[0].label;
    return (await vscode.window.showQuickPick(picks, { title: 'TG-NAS: search which space?' }))?.label;
  }

  private async onPanelMessage(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'search/cancel':
        return this.cancel(msg.searchId);
      case 'search/insert': {
        const uri = this.targets.get(msg.searchId)?.uri;
        return uri ? insertArchLine(uri, msg.arch) : void vscode.env.clipboard.writeText(msg.arch);
      }
      case 'search/export':
        return void vscode.commands.executeCommand(Commands.exportPytorch, this.locator(msg.searchId, msg.text));
      case 'search/showGraph':
        return void vscode.commands.executeCommand(Commands.showCellGraph, this.locator(msg.searchId, msg.text));
    }
  }

  /** A result cell as a locator: read in the searched space of the searched document. */
  private locator(searchId: string, text: string): CellLocator {
    const t = this.targets.get(searchId);
    return { architecture: text, ...(t ? { space: t.space, ...(t.uri ? { uri: t.uri } : {}) } : {}) };
  }
}

const settings = () => normalizeSettings(vscode.workspace.getConfiguration().get(SETTINGS_SECTION));

/**
 * The Pareto axis of a search: params, FLOPs, or latency on a device. Latency is offered for NB201
 * spaces and for declared spaces (which may be built on NB201; the server refuses others, saying why).
 */
async function pickAxis(space: string): Promise<Pick<SearchParams, 'pareto' | 'device'> | undefined> {
  const builtin = listBuiltinSpaces().find((b) => b.archName === space || b.space.id === space);
  const latency = !builtin || builtin.space.topology === 'nb201';
  const preferred = settings().search.device;
  const devices = [...LATENCY_DEVICE_IDS].sort((a, b) => Number(b === preferred) - Number(a === preferred));
  type AxisItem = vscode.QuickPickItem & { value: Pick<SearchParams, 'pareto' | 'device'> };
  const picks: AxisItem[] = [
    { label: 'Parameters', description: 'predicted accuracy against params', value: { pareto: 'params' } },
    { label: 'FLOPs', description: 'predicted accuracy against FLOPs', value: { pareto: 'flops' } },
    ...(latency ? devices.map((d): AxisItem => ({
      label: `Latency on ${d}`, description: `${DEVICE_DESCRIPTIONS[d as LatencyDevice]}${builtin ? '' : ' (NB201 spaces only)'}`,
      value: { pareto: 'latency', device: d },
    })) : []),
  ];
  return (await vscode.window.showQuickPick(picks, { title: `TG-NAS: Pareto front of ${space} against?` }))?.value;
}

async function declaredSpaces(uri: string): Promise<string[]> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', vscode.Uri.parse(uri));
  return (symbols ?? []).filter((s) => s.kind === vscode.SymbolKind.Namespace).map((s) => s.name);
}

/** Appends a result's `.arch` line (`cell NAME in SPACE = ...`) to the end of the searched document, on a line of its own. */
export async function insertArchLine(uri: string, arch: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const text = doc.getText();
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.lineAt(doc.lineCount - 1).range.end, `${text === '' || text.endsWith('\n') ? '' : '\n'}${arch}\n`);
  await vscode.workspace.applyEdit(edit);
}
