/**
 * Every contributed command in one table, id -> handler factory (rust-analyzer's `createCommands()`):
 * `registerCommands` registers exactly this table, and a unit test holds its keys equal to
 * package.json's `contributes.commands`. Every command asks the server; none scores by itself.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ClearEmbeddingCacheRequest, Commands, ExportPytorchRequest, GraphRequest, LeaderboardRequest, type CellLocator, type CommandId, type SearchParams,
  type StatusResult,
} from '../shared/protocol';
import { SETTINGS_SECTION } from '../shared/settings';
import { GraphPanel, LeaderboardViewProvider } from './panels';
import type { SearchController } from './search-controller';

/** What the handlers share, built once at activation. */
export interface Ctx {
  /** The current client (a restart replaces it). */
  client(): LanguageClient;
  output: vscode.OutputChannel;
  extensionUri: vscode.Uri;
  search: SearchController;
  leaderboard: LeaderboardViewProvider;
  /** Stops the server and starts a fresh one with the current settings. */
  restart(): Promise<void>;
  /** The server's latest status (model name and folder for the model card). */
  status(): StatusResult | undefined;
}

// Command arguments come from lenses, webviews, tests and the palette: each handler takes what it knows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;
type CommandFactory = (ctx: Ctx) => Handler;

/** The table: one handler factory per contributed command id (the type requires every id of shared Commands). */
export const COMMANDS: Record<CommandId, CommandFactory> = {
  [Commands.searchBestCell]: (ctx) => (args?: Partial<SearchParams>) => ctx.search.run(args),
  [Commands.showLeaderboard]: showLeaderboard,
  [Commands.showCellGraph]: showCellGraph,
  [Commands.exportPytorch]: exportPytorch,
  [Commands.selectModel]: selectModel,
  [Commands.restartServer]: (ctx) => () => ctx.restart(),
  [Commands.showOutput]: (ctx) => () => ctx.output.show(true),
  [Commands.clearEmbeddingCache]: clearEmbeddingCache,
  [Commands.searchParetoFront]: (ctx) => (args?: Partial<SearchParams>) => ctx.search.runPareto(args),
  [Commands.openModelCard]: openModelCard,
  [Commands.improveCell]: () => improveCell,
};

/**
 * `tgnas.improveCell` (the hover's link): the "Improve this cell" code actions of the cell at a position, as
 * the editor's refactor menu. The cursor moves there first: code actions are asked for at the cursor.
 */
async function improveCell(uri?: string, line?: number, character?: number): Promise<void> {
  const editor = uri ? await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preserveFocus: false }) : vscode.window.activeTextEditor;
  if (!editor) return;
  if (typeof line === 'number' && typeof character === 'number') {
    const at = new vscode.Position(line, character);
    editor.selection = new vscode.Selection(at, at);
  }
  await vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.RefactorRewrite.value, apply: 'never' });
}

/** Registers every command of the table. */
export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}

/** A locator from a lens argument, or the active editor's cursor. */
function locator(args?: CellLocator): CellLocator | undefined {
  if (args && (args.uri || args.architecture)) return args;
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const p = editor.selection.active;
  return { uri: editor.document.uri.toString(), position: { line: p.line, character: p.character } };
}

const warn = (e: unknown) => void vscode.window.showWarningMessage(`TG-NAS: ${e instanceof Error ? e.message : e}`);

/** `tgnas.showCellGraph`: the cell's graph in the graph panel. */
function showCellGraph(ctx: Ctx) {
  return async (args?: CellLocator) => {
    const l = locator(args);
    if (!l) return void vscode.window.showInformationMessage('TG-NAS: put the cursor on a cell first');
    try {
      const graph = await ctx.client().sendRequest(GraphRequest.type, l);
      GraphPanel.show(ctx.extensionUri, graph, (line) => ctx.output.appendLine(line));
      return graph;
    } catch (e) {
      return warn(e);
    }
  };
}

/** `tgnas.exportPytorch`: opens the exported module as an untitled Python editor. */
function exportPytorch(ctx: Ctx) {
  return async (args?: CellLocator): Promise<vscode.TextDocument | undefined> => {
    const l = locator(args);
    if (!l) return void vscode.window.showInformationMessage('TG-NAS: put the cursor on a cell first');
    try {
      const r = await ctx.client().sendRequest(ExportPytorchRequest.type, l);
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: r.code });
      await vscode.window.showTextDocument(doc, { preview: false });
      if (r.placeholders.length) {
        void vscode.window.showWarningMessage(`TG-NAS: ${r.placeholders.join(', ')} exported as placeholders (NotImplementedError): implement them before training.`);
      }
      return doc;
    } catch (e) {
      return warn(e);
    }
  };
}

/** `tgnas.showLeaderboard`: every scored cell of the workspace in the leaderboard view. */
function showLeaderboard(ctx: Ctx) {
  return async () => {
    try {
      const result = await ctx.client().sendRequest(LeaderboardRequest.type, {});
      ctx.leaderboard.setEntries(result.entries, result.model);
      await vscode.commands.executeCommand(`${LeaderboardViewProvider.viewType}.focus`);
      return result;
    } catch (e) {
      return warn(e);
    }
  };
}

/** `tgnas.selectModel`: shipped models (models/<name>/model.json) and, in trusted workspaces, a folder of one's own. */
function selectModel(ctx: Ctx) {
  return async (): Promise<void> => {
    const models = vscode.Uri.joinPath(ctx.extensionUri, 'models');
    const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(models)).catch(() => [] as [string, vscode.FileType][]);
    const shipped: string[] = [];
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      const ok = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(models, name, 'model.json'))).then(() => true, () => false);
      if (ok) shipped.push(name);
    }
    const BROWSE = 'Browse for a model folder…';
    const picks = [{ label: '(default)', description: 'the shipped default model' }, ...shipped.map((label) => ({ label, description: 'shipped' }))];
    if (vscode.workspace.isTrusted) picks.push({ label: BROWSE, description: '' });
    const pick = await vscode.window.showQuickPick(picks, { title: 'TG-NAS: model' });
    if (!pick) return;
    let value = pick.label === '(default)' ? '' : pick.label;
    if (pick.label === BROWSE) {
      const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use this model' });
      if (!folder?.[0]) return;
      value = folder[0].fsPath;
    }
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('model', value, vscode.ConfigurationTarget.Global);
    ctx.output.appendLine(`[model] tgnas.model = '${value}'`);
  };
}

/** `tgnas.clearEmbeddingCache`: the server deletes its embedding cache files and says how much went. */
function clearEmbeddingCache(ctx: Ctx) {
  return async () => {
    try {
      const r = await ctx.client().sendRequest(ClearEmbeddingCacheRequest.type);
      const message = `TG-NAS: embedding cache cleared (${r.files} file${r.files === 1 ? '' : 's'}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB in ${r.folder})`;
      ctx.output.appendLine(`[cache] ${message}`);
      void vscode.window.showInformationMessage(message);
      return r;
    } catch (e) {
      void vscode.window.showErrorMessage(`TG-NAS: could not clear the embedding cache: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
}

/**
 * `tgnas.openModelCard`: the README.md of a model (default: the loaded one) in the Markdown preview,
 * where the figures behind every score are written down. Links in the webviews ask for it by model name.
 */
function openModelCard(ctx: Ctx) {
  return async (model?: string): Promise<vscode.Uri | undefined> => {
    const uri = await modelCardUri(ctx.extensionUri, model ?? ctx.status()?.model, ctx.status());
    if (!uri) return void vscode.window.showInformationMessage('TG-NAS: no model card found');
    // The preview is the Markdown extension's; without it, the file itself.
    await Promise.resolve(vscode.commands.executeCommand('markdown.showPreview', uri)).catch(() => vscode.window.showTextDocument(uri));
    return uri;
  };
}

/**
 * The card of a model name: the loaded model's own folder (a path setting), else models/<name>/README.md of the
 * extension, else models/README.md (the list of models; also where the structural baseline is explained).
 * Names come from webviews: only plain folder names are looked up under models/.
 */
async function modelCardUri(extensionUri: vscode.Uri, model: string | undefined, status: StatusResult | undefined): Promise<vscode.Uri | undefined> {
  const models = vscode.Uri.joinPath(extensionUri, 'models');
  const candidates: vscode.Uri[] = [];
  if (model && status?.model === model && status.modelPath) candidates.push(vscode.Uri.joinPath(vscode.Uri.file(status.modelPath), 'README.md'));
  if (model && /^[\w.-]+$/.test(model) && !model.startsWith('.')) candidates.push(vscode.Uri.joinPath(models, model, 'README.md'));
  candidates.push(vscode.Uri.joinPath(models, 'README.md'));
  for (const uri of candidates) {
    if (await Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false)) return uri;
  }
  return undefined;
}
