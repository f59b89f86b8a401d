/**
 * Cell-graph editor panel: one panel, re-used for each cell shown; revived after reload by its
 * serializer (the page keeps the last graph in its webview state).
 */
import * as vscode from 'vscode';
import type { GraphResult } from '../../shared/protocol';
import { ViewIds, type HostToWebview } from '../../shared/webview-protocol';
import { WebviewChannel, webviewOptions, type Logger, type MessageHandler } from './channel';

export class GraphPanel implements vscode.Disposable {
  static readonly viewType = ViewIds.graphPanel;
  private static current: GraphPanel | undefined;
  private static readonly handlers = new Set<MessageHandler>();

  private readonly channel: WebviewChannel;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: Logger) {
    this.channel = new WebviewChannel(panel.webview, extensionUri, 'graph', 'TG-NAS cell graph', log);
    this.channel.onMessage((msg) => {
      for (const h of GraphPanel.handlers) void h(msg);
    });
    // A hidden panel loses its page (no retainContextWhenHidden) and drops posted messages: queue until the new page is ready.
    panel.onDidChangeViewState((e) => e.webviewPanel.visible || this.channel.reset(), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** Shows the graph in the open panel or a new one beside the editor. */
  static show(extensionUri: vscode.Uri, graph: GraphResult, log: Logger = () => undefined): GraphPanel {
    let p = GraphPanel.current;
    if (p) p.panel.reveal(undefined, true);
    else {
      const panel = vscode.window.createWebviewPanel(GraphPanel.viewType, 'TG-NAS: Cell Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        webviewOptions(extensionUri));
      p = GraphPanel.current = new GraphPanel(panel, extensionUri, log);
    }
    p.panel.title = `Graph: ${graph.name ?? graph.spaceLabel}`;
    p.post({ type: 'graph/show', graph });
    return p;
  }

  static registerSerializer(extensionUri: vscode.Uri, log: Logger = () => undefined): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(GraphPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        GraphPanel.current?.dispose();
        GraphPanel.current = new GraphPanel(panel, extensionUri, log);
      },
    });
  }

  static onMessage(handler: MessageHandler): vscode.Disposable {
    GraphPanel.handlers.add(handler);
    return new vscode.Disposable(() => GraphPanel.handlers.delete(handler));
  }

  post(msg: HostToWebview): void {
    this.channel.post(msg);
  }

  dispose(): void {
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    this.channel.dispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
