/**
 * "Search Best Cell" editor panel. One panel at a time; a new search reuses it. A serializer
 * revives it after a window reload (the page restores its last progress and shortlist from its own
 * webview state). Cancel, insert, export and show-graph go to `onMessage` handlers (the client owns
 * the server requests); copy and the model card link are done here.
 */
import * as vscode from 'vscode';
import { Commands, type ParetoChoice, type SearchProgress, type SearchResult } from '../../shared/protocol';
import { ViewIds, type HostToWebview } from '../../shared/webview-protocol';
import { copyText } from './actions';
import { WebviewChannel, webviewOptions, type Logger, type MessageHandler } from './channel';

export class SearchPanel implements vscode.Disposable {
  static readonly viewType = ViewIds.searchPanel;
  private static current: SearchPanel | undefined;
  /** Handlers outlive panels: the client registers once, panels come and go. */
  private static readonly handlers = new Set<MessageHandler>();

  private readonly channel: WebviewChannel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  /** The search this panel shows; cancel messages for it arrive with this id. */
  searchId: string | undefined;
  /** The result last handed to the page (its shortlist and front; the e2e tests read it). */
  shown: SearchResult | undefined;

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: Logger) {
    this.channel = new WebviewChannel(panel.webview, extensionUri, 'search', 'TG-NAS search', log);
    this.channel.onMessage((msg) => {
      if (msg.type === 'search/copy') return copyText(msg.text);
      if (msg.type === 'openModelCard') return void vscode.commands.executeCommand(Commands.openModelCard, msg.model);
      for (const h of SearchPanel.handlers) void h(msg);
    });
    // A hidden panel loses its page (no retainContextWhenHidden) and drops posted messages: queue until the new page is ready.
    panel.onDidChangeViewState((e) => e.webviewPanel.visible || this.channel.reset(), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** The open panel, revealed, or a new one beside the editor. */
  static show(extensionUri: vscode.Uri, log: Logger = () => undefined): SearchPanel {
    if (SearchPanel.current) {
      SearchPanel.current.panel.reveal(undefined, true);
      return SearchPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(SearchPanel.viewType, 'TG-NAS: Search', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri));
    return (SearchPanel.current = new SearchPanel(panel, extensionUri, log));
  }

  static get active(): SearchPanel | undefined {
    return SearchPanel.current;
  }

  /** Register once at activation, so panels open before a reload come back. */
  static registerSerializer(extensionUri: vscode.Uri, log: Logger = () => undefined): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(SearchPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        SearchPanel.current?.dispose();
        SearchPanel.current = new SearchPanel(panel, extensionUri, log);
      },
    });
  }

  /** Messages from any search panel (cancel, insert, export, showGraph, ready, log). */
  static onMessage(handler: MessageHandler): vscode.Disposable {
    SearchPanel.handlers.add(handler);
    return new vscode.Disposable(() => SearchPanel.handlers.delete(handler));
  }

  start(searchId: string, space: string, spaceLabel?: string, pareto?: ParetoChoice): void {
    this.searchId = searchId;
    this.shown = undefined;
    this.panel.title = `TG-NAS: Search ${spaceLabel ?? space}`;
    this.post({ type: 'search/start', searchId, space, spaceLabel, ...(pareto && pareto !== 'none' ? { pareto } : {}) });
  }

  progress(progress: SearchProgress): void {
    this.post({ type: 'search/progress', progress });
  }

  result(result: SearchResult): void {
    this.shown = result;
    this.post({ type: 'search/result', result });
  }

  error(searchId: string, message: string): void {
    this.post({ type: 'search/error', searchId, message });
  }

  post(msg: HostToWebview): void {
    this.channel.post(msg);
  }

  dispose(): void {
    if (SearchPanel.current === this) SearchPanel.current = undefined;
    this.channel.dispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
