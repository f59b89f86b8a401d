/**
 * The LanguageClient: starts dist/server.js over IPC. Documents: `.arch` always; Python, Markdown,
 * text and JSON too while tgnas.scanOtherFiles is on (the server finds NB201 strings and Genotype
 * literals in them). `.arch` file changes on disk are forwarded as workspace/didChangeWatchedFiles.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_ID, OTHER_LANGUAGES, type InitializationOptions } from '../shared/protocol';
import { readSettings, SECTION } from './config';

export function createClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const settings = readSettings();
  const languages = [LANGUAGE_ID, ...(settings.scanOtherFiles ? OTHER_LANGUAGES : [])];
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, settings };
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
    outputChannel,
    initializationOptions,
    // Hovers and tooltips quote document text (escaped by the server): render them untrusted, without HTML.
    markdown: { isTrusted: false, supportHtml: false },
    // Workspace `.arch` files changed on disk: the server re-scores them and sends tgnas/documentScored.
    synchronize: { configurationSection: SECTION, fileEvents: vscode.workspace.createFileSystemWatcher('**/*.arch') },
  };
  return new LanguageClient('tgnas', 'TG-NAS', serverOptions, clientOptions);
}
