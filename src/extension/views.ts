/**
 * The webview panels (src/extension/panels, owned by the webview side) behind the command
 * module's view interfaces, plus the panel actions that need the server: cancel, insert, export,
 * show graph.
 */
import * as vscode from 'vscode';
import { GraphPanel, LeaderboardViewProvider, SearchPanel } from './panels';
import { Commands, type GraphResult, type LeaderboardResult, type SearchProgress, type SearchResult } from '../shared/protocol';
import type { Ctx, GraphView, LeaderboardView, SearchView } from './commands';

export function wireViews(context: vscode.ExtensionContext, ctx: Ctx): void {
  const log = (line: string) => ctx.output.appendLine(line);
  const { provider, registration } = LeaderboardViewProvider.register(context.extensionUri, log, context.workspaceState);
  /** Document each search ran on, for "insert into the file". */
  const searchedUri = new Map<string, { uri?: string; space: string }>();

  const searchView: SearchView = {
    start(searchId, space, uri) {
      searchedUri.set(searchId, { uri, space });
      SearchPanel.show(context.extensionUri, log).start(searchId, space);
    },
    progress: (p: SearchProgress) => SearchPanel.active?.progress(p),
    result: (r: SearchResult) => SearchPanel.active?.result(r),
    error: (id, message) => SearchPanel.active?.error(id, message),
  };
  const graphView: GraphView = { show: (g: GraphResult) => void GraphPanel.show(context.extensionUri, g, log) };
  const leaderboardView: LeaderboardView = {
    async show(r: LeaderboardResult) {
      provider.setEntries(r.entries, r.model);
      await vscode.commands.executeCommand(`${LeaderboardViewProvider.viewType}.focus`);
    },
    // tgnas/documentScored: the provider keeps the latest rows per document and posts them only
    // once its view is resolved, so a view opened later starts from them.
    upsert: (uri, entries) => provider.upsert(uri, entries),
  };
  Object.assign(ctx, { searchView, graphView, leaderboardView });

  const locatorOf = (searchId: string, text: string) => {
    const s = searchedUri.get(searchId);
    return { architecture: text, ...(s ? { space: s.space, ...(s.uri ? { uri: s.uri } : {}) } : {}) };
  };
  context.subscriptions.push(
    registration,
    SearchPanel.registerSerializer(context.extensionUri, log),
    GraphPanel.registerSerializer(context.extensionUri, log),
    SearchPanel.onMessage(async (msg) => {
      switch (msg.type) {
        case 'search/cancel':
          return ctx.cancelSearch(msg.searchId);
        case 'search/insert': {
          const uri = searchedUri.get(msg.searchId)?.uri;
          if (!uri) return void vscode.env.clipboard.writeText(msg.arch);
          const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
          const edit = new vscode.WorkspaceEdit();
          edit.insert(doc.uri, doc.lineAt(doc.lineCount - 1).range.end, `${doc.getText().endsWith('\n') || doc.getText() === '' ? '' : '\n'}${msg.arch}\n`);
          await vscode.workspace.applyEdit(edit);
          return;
        }
        case 'search/export':
          return void vscode.commands.executeCommand(Commands.exportPytorch, locatorOf(msg.searchId, msg.text));
        case 'search/showGraph':
          return void vscode.commands.executeCommand(Commands.showCellGraph, locatorOf(msg.searchId, msg.text));
      }
    }),
  );
}
