/**
 * Typed, validated messaging over one vscode.Webview: outgoing messages queue until the page says
 * `ready` (a hidden or reloading webview drops what is posted before its script listens), incoming
 * ones are validated and malformed ones logged, never handled.
 */
import * as vscode from 'vscode';
import {
  validateWebviewMessage, type HostToWebview, type WebviewKind, type WebviewToHost,
} from '../../shared/webview-protocol';
import { buildWebviewHtml } from './html';

export type MessageHandler = (msg: WebviewToHost) => void | Promise<void>;
export type Logger = (line: string) => void;

/** Roots a webview may load from: the bundle and the stylesheet, nothing else of the extension. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: localResourceRoots(extensionUri) };
}

export class WebviewChannel implements vscode.Disposable {
  private ready = false;
  private queue: HostToWebview[] = [];
  private readonly handlers = new Set<MessageHandler>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    view: WebviewKind,
    title: string,
    private readonly log: Logger = () => undefined,
  ) {
    webview.options = webviewOptions(extensionUri);
    webview.html = buildWebviewHtml({
      view,
      title,
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css')).toString(),
    });
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
  }

  /** Sends now if the page listens, else after its `ready`. */
  post(msg: HostToWebview): void {
    if (!this.ready) {
      this.enqueue(msg);
      return;
    }
    void this.webview.postMessage(msg).then(
      (delivered) => delivered || this.log(`[webview] ${msg.type} not delivered (view hidden)`),
      (e: unknown) => this.log(`[webview] post ${msg.type} failed: ${String(e)}`),
    );
  }

  /** A replacing message makes earlier queued ones moot; bounded so a never-ready page cannot grow it. */
  private enqueue(msg: HostToWebview): void {
    if (msg.type === 'leaderboard/set') this.queue = this.queue.filter((m) => !m.type.startsWith('leaderboard/'));
    else if (msg.type === 'search/start') this.queue = this.queue.filter((m) => !m.type.startsWith('search/'));
    else if (msg.type === 'graph/show') this.queue = this.queue.filter((m) => m.type !== 'graph/show');
    this.queue.push(msg);
    if (this.queue.length > 10_000) this.queue.splice(0, this.queue.length - 10_000);
  }

  onMessage(handler: MessageHandler): vscode.Disposable {
    this.handlers.add(handler);
    return new vscode.Disposable(() => this.handlers.delete(handler));
  }

  /** The page was re-created (view shown again): queue until it is ready again. */
  reset(): void {
    this.ready = false;
  }

  private receive(raw: unknown): void {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.log(`[webview] rejected message: ${checked.error}`);
      return;
    }
    const msg = checked.value;
    if (msg.type === 'ready') {
      this.ready = true;
      const pending = this.queue;
      this.queue = [];
      for (const m of pending) this.post(m);
    } else if (msg.type === 'log') {
      this.log(`[webview ${msg.level}] ${msg.message}`);
    }
    for (const h of this.handlers) {
      Promise.resolve()
        .then(() => h(msg))
        .catch((e: unknown) => this.log(`[webview] handler for ${msg.type} failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.handlers.clear();
    this.queue = [];
  }
}
