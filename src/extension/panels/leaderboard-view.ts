/**
 * `tgnas.leaderboard`: the side-bar leaderboard. Keeps the rows on the host so a re-created view
 * (webview views are disposed when hidden; retainContextWhenHidden is avoided) is refilled at once.
 * Row clicks reveal the cell here; other messages go to `onMessage` handlers. Given a Memento
 * (`context.workspaceState`), the rows also survive window reloads: restored on construction, so the
 * view fills before the server's first updates, and written (debounced) on every change.
 */
import * as vscode from 'vscode';
import type { ScoredCell } from '../../shared/protocol';
import { ViewIds, type HostToWebview } from '../../shared/webview-protocol';
import { revealRange } from './actions';
import { WebviewChannel, type Logger, type MessageHandler } from './channel';
import { groupByUri, LeaderboardStore, upsertRows, type MementoLike, type RowsByUri } from './leaderboard-store';

export class LeaderboardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = ViewIds.leaderboard;

  private channel: WebviewChannel | undefined;
  private byUri: RowsByUri = new Map();
  private readonly store: LeaderboardStore | undefined;
  private model: string | undefined;
  private readonly handlers = new Set<MessageHandler>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Logger = () => undefined,
    memento?: MementoLike,
  ) {
    if (memento) {
      this.store = new LeaderboardStore(memento, { log });
      this.byUri = this.store.load();
    }
  }

  /** `vscode.window.registerWebviewViewProvider(LeaderboardViewProvider.viewType, provider)`. */
  static register(
    extensionUri: vscode.Uri,
    log?: Logger,
    memento?: MementoLike,
  ): { provider: LeaderboardViewProvider; registration: vscode.Disposable } {
    const provider = new LeaderboardViewProvider(extensionUri, log, memento);
    const registration = vscode.window.registerWebviewViewProvider(LeaderboardViewProvider.viewType, provider);
    return { provider, registration: vscode.Disposable.from(registration, provider) };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.channel?.dispose();
    const channel = new WebviewChannel(view.webview, this.extensionUri, 'leaderboard', 'TG-NAS leaderboard', this.log);
    this.channel = channel;
    channel.onMessage((msg) => {
      if (msg.type === 'reveal') return revealRange(msg.uri, msg.range);
      for (const h of this.handlers) void h(msg);
    });
    // Hidden views lose their page (no retainContextWhenHidden) and drop posted messages: queue until the new page is ready.
    view.onDidChangeVisibility(() => view.visible || channel.reset(), undefined, this.disposables);
    view.onDidDispose(() => {
      if (this.channel === channel) this.channel = undefined;
      channel.dispose();
    }, undefined, this.disposables);
    channel.post(this.snapshot());
  }

  /** Replaces every row. */
  setEntries(entries: ScoredCell[], model?: string): void {
    this.byUri = groupByUri(entries);
    if (model !== undefined) this.model = model;
    this.channel?.post(this.snapshot());
    this.persist();
  }

  /** Replaces one document's rows (empty removes the document). */
  upsert(uri: string, entries: ScoredCell[]): void {
    upsertRows(this.byUri, uri, entries);
    this.channel?.post({ type: 'leaderboard/upsert', uri, entries: this.byUri.get(uri) ?? [] });
    this.persist();
  }

  post(msg: HostToWebview): void {
    this.channel?.post(msg);
  }

  onMessage(handler: MessageHandler): vscode.Disposable {
    this.handlers.add(handler);
    return new vscode.Disposable(() => this.handlers.delete(handler));
  }

  get visible(): boolean {
    return this.channel !== undefined;
  }

  private persist(): void {
    this.store?.schedule(() => this.byUri);
  }

  private snapshot(): HostToWebview {
    return { type: 'leaderboard/set', entries: [...this.byUri.values()].flat(), model: this.model };
  }

  dispose(): void {
    void this.store?.dispose();
    this.channel?.dispose();
    this.handlers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
