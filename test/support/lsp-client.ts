/**
 * A JSON-RPC client for protocol tests against `dist/server.js --stdio` (vscode-jsonrpc over a
 * child process): the server exactly as another editor would run it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { join } from 'node:path';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { projectRoot } from '../../src/core/paths';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; code: string; message: string; data?: { suggestions?: string[] } }>;
}

export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  readonly diagnostics = new Map<string, PublishedDiagnostics[]>();
  readonly notifications: Array<{ method: string; params: any }> = [];
  private versions = new Map<string, number>();
  private stderr = '';

  constructor(env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [join(projectRoot(), 'dist/server.js'), '--stdio'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (b: Buffer) => (this.stderr = (this.stderr + b.toString()).slice(-4000)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
    });
    this.connection.onNotification((method: string, params: any) => this.notifications.push({ method, params }));
    // The server may ask for inlay-hint/code-lens refreshes and configuration; answer like an editor would.
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.listen();
  }

  async initialize(initializationOptions: unknown = { trusted: true }, rootPath?: string): Promise<any> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: rootPath ? `file://${rootPath}` : null, capabilities: {}, initializationOptions,
      workspaceFolders: rootPath ? [{ uri: `file://${rootPath}`, name: 'ws' }] : null,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  request<R = any>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    // Passing an undefined token would send it as a second positional parameter.
    return (token ? this.connection.sendRequest(method, params, token.token) : this.connection.sendRequest(method, params)) as Promise<R>;
  }

  open(uri: string, text: string, languageId = 'nas-arch'): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a full-content change is valid under incremental sync). */
  change(uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Waits for diagnostics of the document's current version that satisfy `pred`. */
  async waitDiagnostics(uri: string, pred: (d: PublishedDiagnostics) => boolean = () => true, timeoutMs = 10_000): Promise<PublishedDiagnostics> {
    const t0 = Date.now();
    for (;;) {
      const version = this.versions.get(uri);
      const hit = [...(this.diagnostics.get(uri) ?? [])].reverse().find((d) => (d.version === undefined || d.version === version) && pred(d));
      if (hit) return hit;
      if (Date.now() - t0 > timeoutMs) throw new Error(`no matching diagnostics for ${uri} in ${timeoutMs} ms: ${JSON.stringify(this.diagnostics.get(uri)?.at(-1))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The last 4000 characters the server wrote to stderr (why it exited, if it did). */
  stderrTail(): string {
    return this.stderr;
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.connection.dispose();
    setTimeout(() => this.child.kill(), 500).unref();
  }
}

export { CancellationTokenSource };

/**
 * A server for one test file: a fresh temporary workspace folder, the client started in `before`
 * and closed in `after` (node:test hooks). `server.lsp` is valid inside tests.
 */
export function serverForTests(prefix: string): { dir: string; readonly lsp: LspClient } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let client: LspClient | undefined;
  before(async () => {
    client = new LspClient();
    await client.initialize({ trusted: true }, dir);
  });
  after(() => client?.close());
  return {
    dir,
    get lsp() {
      if (!client) throw new Error('the test server is not started yet (use it inside a test)');
      return client;
    },
  };
}
