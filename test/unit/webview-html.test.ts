import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebviewHtml, contentSecurityPolicy, escapeHtml, makeNonce } from '../../src/extension/panels/html';

const opts = {
  view: 'leaderboard' as const, title: 'TG-NAS <leaderboard>', cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/webview.css',
};

test('html: strict CSP with the nonce, no inline allowances, no remote origins', () => {
  const html = buildWebviewHtml({ ...opts, nonce: 'abc123==' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1].replace(/&#39;/g, "'");
  assert.equal(csp, contentSecurityPolicy(opts.cspSource, 'abc123=='));
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123=='/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(html, /<script nonce="abc123==" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"><\/script>/);
  assert.match(html, /<body data-view="leaderboard">/);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, no inline script');
  assert.doesNotMatch(html, /style="/);
});

test('html: data is escaped; nonces are fresh and base64', () => {
  const html = buildWebviewHtml({ ...opts, title: '"><script>alert(1)</script>' });
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /&quot;&gt;&lt;script&gt;/);
  const a = makeNonce();
  assert.notEqual(a, makeNonce());
  assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
  assert.throws(() => buildWebviewHtml({ ...opts, nonce: "x' 'unsafe-inline" }), /base64/);
  assert.equal(escapeHtml(`<a href='x'>&</a>`), '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
});
