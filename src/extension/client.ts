/**
 * The LanguageClient: starts dist/server.js over IPC. Documents: `.arch` always; Python, Markdown,
 * text and JSON too while tgnas.scanOtherFiles is on (the server finds NB201 strings and Genotype
 * literals in them). Each in files, unsaved editors and notebook cells (`.ipynb` code and Markdown
 * cells). `.arch` file changes on disk are forwarded as workspace/didChangeWatchedFiles.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LINK_COMMANDS, servedDocuments, type InitializationOptions } from '../shared/protocol';
import { normalizeSettings, SETTINGS_SECTION } from '../shared/settings';

/** A new (not yet started) client with the settings of this moment. */
export function createClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  // The same normaliser the server applies to what it pulls (src/shared/settings.ts).
  const settings = normalizeSettings(vscode.workspace.getConfiguration().get(SETTINGS_SECTION));
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, settings };
  const clientOptions: LanguageClientOptions = {
    documentSelector: servedDocuments(settings.scanOtherFiles),
    outputChannel,
    initializationOptions,
    // Hovers and tooltips quote document text (escaped by the server): untrusted, without HTML, except links
    // to the few harmless commands of LINK_COMMANDS (open a model card, show a cell's improve menu).
    markdown: { isTrusted: { enabledCommands: LINK_COMMANDS }, supportHtml: false },
    // Workspace `.arch` files changed on disk: the server re-scores them and sends tgnas/documentScored.
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: vscode.workspace.createFileSystemWatcher('**/*.arch') },
  };
  return new LanguageClient('tgnas', 'TG-NAS', serverOptions, clientOptions);
}
