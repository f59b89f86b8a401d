/**
 * `tgnas.leaderboard`: the side-bar leaderboard. Keeps the rows on the host so a re-created view
 * (webview views are disposed when hidden; retainContextWhenHidden is avoided) is refilled at once.
 * Row clicks reveal the cell here; other messages go to `onMessage` handlers.
 */
import * as vscode from 'vscode';
import type { ScoredCell } from '../../shared/protocol';
import { ViewIds, type HostToWebview } from '../../shared/webview-protocol';
import { revealRange } from './actions';
import { WebviewChannel, type Logger, type MessageHandler } from './channel';

export class LeaderboardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = ViewIds.leaderboard;

  private channel: WebviewChannel | undefined;
  private readonly byUri = new Map<string, ScoredCell[]>();
  private model: string | undefined;
  private readonly handlers = new Set<MessageHandler>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: Logger = () => undefined) {}

  /** `vscode.window.registerWebviewViewProvider(LeaderboardViewProvider.viewType, provider)`. */
  static register(extensionUri: vscode.Uri, log?: Logger): { provider: LeaderboardViewProvider; registration: vscode.Disposable } {
    const provider = new LeaderboardViewProvider(extensionUri, log);
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
    this.byUri.clear();
    for (const e of entries) {
      const list = this.byUri.get(e.uri) ?? [];
      list.push(e);
      this.byUri.set(e.uri, list);
    }
    if (model !== undefined) this.model = model;
    this.channel?.post(this.snapshot());
  }

  /** Replaces one document's rows (empty removes the document). */
  upsert(uri: string, entries: ScoredCell[]): void {
    if (entries.length === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, entries.filter((e) => e.uri === uri));
    this.channel?.post({ type: 'leaderboard/upsert', uri, entries: this.byUri.get(uri) ?? [] });
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

  private snapshot(): HostToWebview {
    return { type: 'leaderboard/set', entries: [...this.byUri.values()].flat(), model: this.model };
  }

  dispose(): void {
    this.channel?.dispose();
    this.handlers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
