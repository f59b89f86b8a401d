/**
 * Thin client: starts the TG-NAS language server (dist/server.js) over IPC for `nas-arch` documents
 * and registers the commands. Scoring lives in the server; this file only wires.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands, LANGUAGE_ID } from '../shared/protocol';

let client: LanguageClient | undefined;

/** What `activate` returns; the e2e tests read it through `extension.exports`. */
export interface TgnasApi {
  client: LanguageClient;
}

export async function activate(context: vscode.ExtensionContext): Promise<TgnasApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('TG-NAS');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: LANGUAGE_ID }, { scheme: 'untitled', language: LANGUAGE_ID }],
    outputChannel,
  };
  client = new LanguageClient('tgnas', 'TG-NAS', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand(Commands.showOutput, () => outputChannel.show(true)),
  );
  // Awaiting start means hovers and diagnostics are served once activation resolves.
  await client.start();
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
