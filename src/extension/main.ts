/**
 * Thin client: starts the TG-NAS language server and wires commands, the status item and the
 * views. Scoring lives in the server; this file only wires.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  Commands, DocumentScoredNotification, StatusNotification, StatusRequest, type DocumentScoredParams, type StatusResult,
} from '../shared/protocol';
import { createClient } from './client';
import {
  clearEmbeddingCache, exportPytorch, OutputGraphView, QuickPickLeaderboardView, QuickPickSearchView, searchBestCell, selectModel, showCellGraph,
  showLeaderboard, type Ctx,
} from './commands';
import { REQUIRES_RESTART } from './config';
import { ServerStatus } from './status';
import { wireViews } from './views';

let client: LanguageClient | undefined;

/** What `activate` returns; the e2e tests read it through `extension.exports`. */
export interface TgnasApi {
  client: LanguageClient;
  ctx: Ctx;
  status(): StatusResult | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<TgnasApi> {
  const output = vscode.window.createOutputChannel('TG-NAS');
  const status = new ServerStatus();
  client = createClient(context, output);
  const ctx: Ctx = {
    client: () => client!,
    output,
    extensionUri: context.extensionUri,
    // Fallback views (quick picks, output); wireViews puts the webview panels in their place.
    searchView: new QuickPickSearchView(output),
    graphView: new OutputGraphView(output),
    leaderboardView: new QuickPickLeaderboardView(),
    running: new Map(),
    cancelSearch: (id) => ctx.running.get(id)?.cancel(),
  };
  wireViews(context, ctx);

  const watchStatus = (c: LanguageClient) => {
    context.subscriptions.push(
      c.onNotification(StatusNotification.method, (s: StatusResult) => status.update(s)),
      c.onNotification(DocumentScoredNotification.method, (p: DocumentScoredParams) => ctx.leaderboardView.upsert?.(p.uri, p.entries)),
      c.onDidChangeState((e) => {
        if (e.newState === State.Stopped) status.stopped('the language server stopped; run "TG-NAS: Restart Server"');
        if (e.newState === State.Starting) status.starting();
      }),
    );
  };
  watchStatus(client);

  const restart = async () => {
    status.starting();
    await client?.stop().catch(() => undefined);
    client?.dispose();
    client = createClient(context, output);
    watchStatus(client);
    await client.start();
    status.update(await client.sendRequest<StatusResult>(StatusRequest.method));
  };

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.searchBestCell, searchBestCell(ctx)),
    vscode.commands.registerCommand(Commands.showCellGraph, showCellGraph(ctx)),
    vscode.commands.registerCommand(Commands.exportPytorch, exportPytorch(ctx)),
    vscode.commands.registerCommand(Commands.showLeaderboard, showLeaderboard(ctx)),
    vscode.commands.registerCommand(Commands.selectModel, selectModel(ctx)),
    vscode.commands.registerCommand(Commands.restartServer, restart),
    vscode.commands.registerCommand(Commands.clearEmbeddingCache, clearEmbeddingCache(ctx)),
    // Trust can only be granted, not revoked, within a session: restart so the server may load the configured model.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (REQUIRES_RESTART.some((s) => e.affectsConfiguration(s))) void restart();
    }),
  );

  // Awaiting start means hovers and diagnostics are served once activation resolves.
  await client.start();
  void client.sendRequest<StatusResult>(StatusRequest.method).then((s) => status.update(s), () => undefined);
  return {
    get client() {
      return client!;
    },
    ctx,
    status: () => status.last,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
