/**
 * A LanguageStatusItem for `.arch` files: model, encoder, tfjs backend and server health, kept
 * current by the server's `tgnas/statusChanged` notifications.
 */
import * as vscode from 'vscode';
import { Commands, LANGUAGE_ID, type StatusResult } from '../shared/protocol';

export class ServerStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  last?: StatusResult;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('tgnas.status', { language: LANGUAGE_ID });
    this.item.name = 'TG-NAS';
    this.item.command = { command: Commands.showOutput, title: 'Show Output' };
    this.starting();
  }

  starting(): void {
    this.item.text = '$(sync~spin) TG-NAS starting';
    this.item.detail = 'language server';
    this.item.busy = true;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  update(s: StatusResult): void {
    this.last = s;
    this.item.busy = s.state === 'loading' || s.state === 'starting';
    if (s.state === 'error') {
      this.item.text = '$(error) TG-NAS: model failed';
      this.item.detail = s.error;
      this.item.severity = vscode.LanguageStatusSeverity.Error;
      return;
    }
    if (s.state !== 'ready') {
      this.item.text = '$(sync~spin) TG-NAS loading model';
      this.item.detail = s.trusted ? undefined : 'restricted mode: shipped model only';
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    const baseline = s.scorer === 'baseline';
    this.item.text = baseline ? '$(warning) TG-NAS: baseline scorer' : `$(check) TG-NAS: ${s.model}`;
    this.item.detail = [
      baseline ? 'no trained model loaded' : undefined,
      s.encoder && s.encoder !== 'none' ? `encoder ${s.encoder}` : undefined,
      s.backend && s.backend !== 'none' ? `tfjs ${s.backend}` : undefined,
      s.trusted ? undefined : 'restricted mode',
    ].filter(Boolean).join(' · ');
    this.item.severity = baseline ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  stopped(message: string): void {
    this.item.busy = false;
    this.item.text = '$(error) TG-NAS server stopped';
    this.item.detail = message;
    this.item.severity = vscode.LanguageStatusSeverity.Error;
  }

  dispose(): void {
    this.item.dispose();
  }
}
