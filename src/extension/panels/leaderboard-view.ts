/**
 * `tgnas.leaderboard`: the side-bar leaderboard. Keeps the rows on the host so a re-created view
 * (webview views are disposed when hidden; retainContextWhenHidden is avoided) is refilled at once.
 * Row clicks reveal the cell here, model card links open the card; other messages go to `onMessage`
 * handlers. Given a Memento (`context.workspaceState`), the rows also survive window reloads: restored
 * on construction, so the view fills before the server's first updates, and written (debounced) on
 * every change. Each row names the model that scored it; when the server's model changes, rows of
 * another model are re-scored (`rescore`), shown stale until their new rows arrive.
 */
import * as vscode from 'vscode';
import { Commands, type LeaderboardResult, type ScoredCell, type StatusResult } from '../../shared/protocol';
import { ViewIds, type HostToWebview } from '../../shared/webview-protocol';
import { revealRange } from './actions';
import { WebviewChannel, type Logger, type MessageHandler } from './channel';
import { groupByUri, LeaderboardStore, staleUris, upsertRows, type MementoLike, type RowsByUri } from './leaderboard-store';

/** Files per re-score request: a few hundred cells, so other requests are answered in between. */
const RESCORE_BATCH = 20;
/** The server's model name before it has loaded one (ScoreService.modelName). */
const NOT_LOADED = 'not loaded';

/** Asks the server for the rows of these files (tgnas/leaderboard with uris). */
export type Rescore = (uris: string[]) => Promise<LeaderboardResult>;

export class LeaderboardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = ViewIds.leaderboard;

  private channel: WebviewChannel | undefined;
  private byUri: RowsByUri = new Map();
  private readonly store: LeaderboardStore | undefined;
  private model: string | undefined;
  private readonly handlers = new Set<MessageHandler>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Files being re-scored (not asked again until their rows arrive). */
  private readonly rescoring = new Set<string>();
  private rescoreQueue: Promise<void> = Promise.resolve();
  private serverState: StatusResult['state'] | undefined;
  /** Set once the client is up: re-scoring asks the server. */
  rescore: Rescore | undefined;

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
      if (msg.type === 'openModelCard') return void vscode.commands.executeCommand(Commands.openModelCard, msg.model);
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

  /** The current model, as the server says (tgnas/status, tgnas/statusChanged). */
  get currentModel(): string | undefined {
    return this.model;
  }

  /** Every row, oldest file first (tests and the e2e suite read them). */
  rows(): ScoredCell[] {
    return [...this.byUri.values()].flat();
  }

  /**
   * Follows the server's status: once a model is ready, rows of another model are re-scored. A server
   * that goes back to 'starting' was reconfigured (another model or encoder): nothing loads the new
   * model until something is scored, so every row is re-scored at once, which loads it.
   */
  serverStatus(s: StatusResult): void {
    const previous = this.serverState;
    this.serverState = s.state;
    if (s.state === 'ready' && s.model) {
      this.setModel(s.model);
      this.requestRescore(staleUris(this.byUri, s.model));
    } else if (s.state === 'starting' && previous === 'ready') {
      this.requestRescore([...this.byUri.keys()]);
    }
  }

  private setModel(model: string): void {
    if (model === NOT_LOADED || model === this.model) return;
    this.model = model;
    this.channel?.post({ type: 'leaderboard/model', model });
  }

  /** Queues the files' re-scoring (in batches, one request at a time); each file's rows are replaced as they arrive. */
  private requestRescore(uris: string[]): void {
    const fresh = uris.filter((u) => !this.rescoring.has(u));
    if (fresh.length === 0 || !this.rescore) return;
    for (const u of fresh) this.rescoring.add(u);
    this.log(`[leaderboard] re-scoring ${fresh.length} file(s) scored by another model`);
    for (let i = 0; i < fresh.length; i += RESCORE_BATCH) {
      const batch = fresh.slice(i, i + RESCORE_BATCH);
      this.rescoreQueue = this.rescoreQueue.then(async () => {
        try {
          const result = await this.rescore!(batch);
          this.setModel(result.model);
          const byUri = groupByUri(result.entries);
          for (const uri of batch) if (this.byUri.has(uri) || byUri.has(uri)) this.upsert(uri, byUri.get(uri) ?? []);
        } catch (e) {
          this.log(`[leaderboard] re-scoring failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          for (const u of batch) this.rescoring.delete(u);
        }
      });
    }
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
