// Shared pieces of the real-editor harness: a throw-away code-server on a free loopback port and a
// headless Debian chromium driven by playwright-core. Used by the shim (extension-host tests) and by
// run.mjs (UI tests). Recipe and measurements: shared docs, vscode-e2e.md.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const TOOLS = join(ROOT, '.vscode-test/tools');

/** Tool locations; env overrides let the shim run from any checkout (test-cli passes env through). */
export function toolPaths() {
  let chromium = process.env.CHROMIUM_PATH;
  if (!chromium) {
    try { chromium = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim(); } catch { chromium = ''; }
  }
  return {
    entry: process.env.CODE_SERVER_ENTRY || join(TOOLS, 'node_modules/code-server/out/node/entry.js'),
    playwrightCore: process.env.PLAYWRIGHT_CORE || join(TOOLS, 'node_modules/playwright-core'),
    chromium,
  };
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer().once('error', rej).listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const QUIET_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never', // test/workspace sits inside the project's repository
  // Instant hover makes the UI test's timing independent of the default 300 ms delay.
  'editor.hover.delay': 100,
};

/**
 * Starts code-server in its own process group. `runDir` is wiped first so every run is fresh
 * (a closed window's extension host otherwise lingers on the server for 3 hours).
 * Returns { port, base, log, stop() }.
 */
export async function startCodeServer({ runDir, userDataDir, extensionsDir, env = {}, log = () => {} }) {
  const { entry } = toolPaths();
  if (!existsSync(entry)) throw new Error(`code-server missing at ${entry}: run scripts/e2e/setup.sh`);
  userDataDir ??= join(runDir, 'ud');
  extensionsDir ??= join(runDir, 'ext');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = join(userDataDir, 'User/settings.json');
  if (!existsSync(settings)) writeFileSync(settings, JSON.stringify(QUIET_SETTINGS, null, 2));

  const port = await freePort();
  const logFile = join(runDir, 'code-server.log');
  const out = createWriteStream(logFile);
  // HOME/XDG: code-server writes its config there even for --version; keep it inside the run.
  const child = spawn(process.execPath, [
    entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, HOME: runDir, XDG_CONFIG_HOME: join(runDir, 'config'), XDG_DATA_HOME: join(runDir, 'data'),
      EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...env,
    },
  });
  child.stdout.pipe(out); child.stderr.pipe(out);
  let exited = false;
  child.once('exit', () => { exited = true; });

  let stopped = false;
  const stop = async () => {
    if (stopped) return; stopped = true;
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
    kill('SIGTERM');
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) kill('SIGKILL');
  };
  // Synchronous fallback for process exit paths (uncaught errors, signals).
  process.once('exit', () => { if (!exited) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } });

  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new Error(`code-server exited during start; see ${logFile}`);
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not listening yet */ }
    if (Date.now() - t0 > 30_000) { await stop(); throw new Error(`code-server not healthy after 30 s; see ${logFile}`); }
    await sleep(150);
  }
  log(`code-server on ${base} (pid ${child.pid}) healthy in ${Date.now() - t0} ms; log ${logFile}`);
  return { port, base, pid: child.pid, logFile, stop };
}

/** Workbench URL for a folder, optionally with a development extension and an extension-tests module. */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
  const payload = [];
  for (const p of [].concat(extensionDevelopmentPath ?? [])) payload.push(['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(resolve(folder))}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export async function launchChromium() {
  const { playwrightCore, chromium } = toolPaths();
  if (!chromium) throw new Error('chromium not found: run scripts/e2e/setup.sh');
  const pw = createRequire(import.meta.url)(playwrightCore);
  return pw.chromium.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * Newer workbenches ignore `payload` unless the smoke-test driver is on, and code-server's CLI has no
 * flag for it: flip it in the configuration meta tag before the workbench reads it.
 */
export async function enableSmokeTestDriver(page) {
  await page.addInitScript(() => new MutationObserver((_, obs) => {
    const el = document.getElementById('vscode-workbench-web-configuration'); if (!el) return;
    const cfg = JSON.parse(el.getAttribute('data-settings'));
    cfg.developmentOptions = { ...(cfg.developmentOptions || {}), enableSmokeTestDriver: true };
    el.setAttribute('data-settings', JSON.stringify(cfg)); obs.disconnect();
  }).observe(document, { childList: true, subtree: true }));
}

export function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
