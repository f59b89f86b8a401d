#!/usr/bin/env node
// code-server as a VS Code executable: accepts the arguments @vscode/test-electron passes to
// `code` (so `runTests({ vscodeExecutablePath })` and test-cli's `useInstallation.fromPath` work
// unchanged) and runs the extension tests in a fresh code-server + headless chromium.
// Exit code: 0 when the tests module resolved, 1 otherwise (like `code --extensionTestsPath`).
//   --extensionDevelopmentPath=P (1..n)  --extensionTestsPath=P  --user-data-dir=P  --extensions-dir=P  [folder]
// Env: CODE_SERVER_ENTRY, CHROMIUM_PATH, PLAYWRIGHT_CORE (defaults: .vscode-test/tools), TGNAS_E2E_TIMEOUT_MS.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

// Workbench lifecycle chatter relayed through codeAutomationLog; kept in the run's
// workbench-console.log, not printed. The last one is the Output view (opened by a test) losing a
// race with window shutdown.
const NOISE = [
  /^Ignoring fetching additional builtin extensions/, /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/, /connection token/, /^Creating a socket/, /^ChatSessionStore:/,
  /^Cannot read properties of undefined \(reading 'add'\)/,
];

function parseArgs(argv) {
  const a = { dev: [], tests: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (!m) { a.folder ??= path.resolve(arg); continue; }
    const [, key, inline] = m;
    const known = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'];
    if (!known.includes(key)) continue; // --disable-extensions, --no-sandbox, ... mean nothing here
    const value = path.resolve(inline ?? argv[++i]);
    if (key === 'extensionDevelopmentPath') a.dev.push(value);
    else if (key === 'extensionTestsPath') a.tests = value;
    else if (key === 'user-data-dir') a.userDataDir = value;
    else a.extensionsDir = value;
  }
  return a;
}

async function main() {
  const lib = await import(pathToFileURL(path.join(__dirname, 'lib.mjs')).href);
  const args = parseArgs(process.argv.slice(2));
  if (!args.tests) throw new Error('--extensionTestsPath is required (the shim only runs extension tests)');
  const runDir = args.userDataDir ? path.dirname(args.userDataDir) : lib.freshDir(path.join(lib.ROOT, '.vscode-test/run-shim'));
  const log = (m) => console.log(`[shim] ${m}`);
  const timeoutMs = Number(process.env.TGNAS_E2E_TIMEOUT_MS || 180_000);

  let server, browser;
  const cleanup = async () => { await browser?.close().catch(() => {}); await server?.stop(); };
  // Playwright installs signal handlers that would otherwise keep this process alive.
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { void cleanup().finally(() => process.exit(130)); });

  try {
    server = await lib.startCodeServer({ runDir, userDataDir: args.userDataDir, extensionsDir: args.extensionsDir, log });
    browser = await lib.launchChromium();
    const page = await browser.newPage();
    let settle;
    const exited = new Promise((r) => { settle = r; });
    const consoleLog = fs.createWriteStream(path.join(runDir, 'workbench-console.log'));
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const items = Array.isArray(logArgs) ? logArgs : [logArgs];
      const line = items.map(String).join(' ');
      consoleLog.write(`[${type}] ${line}\n`);
      if (NOISE.some((re) => re.test(line))) return;
      const fn = typeof console[type] === 'function' ? console[type] : console.log;
      fn(...items);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle(code));
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await lib.enableSmokeTestDriver(page);
    const url = lib.workbenchUrl({
      port: server.port, folder: args.folder ?? lib.ROOT, extensionDevelopmentPath: args.dev, extensionTestsPath: args.tests,
    });
    const t0 = Date.now();
    await page.goto(url);
    const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const code = await Promise.race([exited, timer]);
    if (code === 'timeout') { log(`no exit from the extension tests after ${timeoutMs} ms`); return 1; }
    log(`extension tests exited with ${code} after ${Date.now() - t0} ms`);
    return code === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then((code) => process.exit(code), (err) => { console.error(`[shim] ${err?.stack ?? err}`); process.exit(1); });
