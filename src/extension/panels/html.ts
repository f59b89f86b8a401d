/**
 * The HTML of every TG-NAS webview, free of `vscode` imports so tests render exactly this page.
 * Strict CSP: no inline script or style, scripts only with the per-load nonce, resources only from
 * the webview's own resource origin (`cspSource`), nothing remote.
 */
import { randomBytes } from 'node:crypto';
import type { WebviewKind } from '../../shared/webview-protocol';

export interface WebviewHtmlOptions {
  view: WebviewKind;
  title: string;
  /** `webview.cspSource`: the origin `asWebviewUri` URIs live on. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview.js and media/webview.css. */
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

/** 128 random bits, base64: what the CSP nonce needs to be unguessable. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Escapes text for HTML text and double-quoted attribute contexts. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function buildWebviewHtml(o: WebviewHtmlOptions): string {
  const nonce = o.nonce ?? makeNonce();
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('nonce must be base64');
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(o.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(o.styleUri)}">
<title>${e(o.title)}</title>
</head>
<body data-view="${e(o.view)}">
<main id="app" aria-label="${e(o.title)}"></main>
<script nonce="${nonce}" src="${e(o.scriptUri)}"></script>
</body>
</html>
`;
}
