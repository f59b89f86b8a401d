/**
 * Thin client: starts the TG-NAS language server and wires the command table, the search
 * controller, the status item and the views. Scoring lives in the server; this file only wires.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DocumentScoredNotification, LeaderboardRequest, StatusNotification, StatusRequest, type StatusResult } from '../shared/protocol';
import { REQUIRES_RESTART } from '../shared/settings';
import { createClient } from './client';
import { registerCommands, type Ctx } from './commands';
import { GraphPanel, LeaderboardViewProvider, SearchPanel } from './panels';
import { SearchController } from './search-controller';
import { ServerStatus } from './status';

let client: LanguageClient | undefined;

/** What `activate` returns; the e2e tests read it through `extension.exports`. */
export interface TgnasApi {
  readonly client: LanguageClient;
  search: SearchController;
  leaderboard: LeaderboardViewProvider;
  /** The open search panel, if any (the e2e tests read what it was given). */
  searchPanel(): SearchPanel | undefined;
  status(): StatusResult | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<TgnasApi> {
  const output = vscode.window.createOutputChannel('TG-NAS');
  const log = (line: string) => output.appendLine(line);
  const status = new ServerStatus();
  client = createClient(context, output);
  const { provider: leaderboard, registration } = LeaderboardViewProvider.register(context.extensionUri, log, context.workspaceState);
  const search = new SearchController(() => client!, output, context.extensionUri);
  // Rows of another model than the server's are re-scored through the current client (a restart replaces it).
  leaderboard.rescore = (uris) => client!.sendRequest(LeaderboardRequest.type, { uris });
  const onStatus = (s: StatusResult) => {
    status.update(s);
    leaderboard.serverStatus(s);
  };

  const watch = (c: LanguageClient) => {
    context.subscriptions.push(
      c.onNotification(StatusNotification.type, onStatus),
      // The provider keeps the latest rows per document and posts them once its view is resolved.
      c.onNotification(DocumentScoredNotification.type, (p) => leaderboard.upsert(p.uri, p.entries)),
      c.onDidChangeState((e) => {
        if (e.newState === State.Stopped) status.stopped('the language server stopped; run "TG-NAS: Restart Server"');
        if (e.newState === State.Starting) status.starting();
      }),
    );
  };
  watch(client);

  const restart = async () => {
    status.starting();
    await client?.stop().catch(() => undefined);
    client?.dispose();
    client = createClient(context, output);
    watch(client);
    await client.start();
    onStatus(await client.sendRequest(StatusRequest.type));
  };

  const ctx: Ctx = { client: () => client!, output, extensionUri: context.extensionUri, search, leaderboard, restart, status: () => status.last };
  context.subscriptions.push(
    output,
    status,
    registration,
    search,
    GraphPanel.registerSerializer(context.extensionUri, log),
    ...registerCommands(ctx),
    // Trust can only be granted, not revoked, within a session: restart so the server may load the configured model.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (REQUIRES_RESTART.some((s) => e.affectsConfiguration(s))) void restart();
    }),
  );

  // Awaiting start means hovers and diagnostics are served once activation resolves.
  await client.start();
  void client.sendRequest(StatusRequest.type).then(onStatus, () => undefined);
  return {
    get client() {
      return client!;
    },
    search,
    leaderboard,
    searchPanel: () => SearchPanel.active,
    status: () => status.last,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
