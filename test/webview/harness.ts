/**
 * Runs the real webview page (the HTML the host classes build, with its CSP, the esbuild bundle and
 * media/webview.css) in headless Chromium. Only the host is scripted: a stub `acquireVsCodeApi`
 * records posted messages and state, and tests post host messages to the window.
 * playwright-core and chromium come from the e2e tools (scripts/e2e/setup.sh), not devDependencies.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildWebviewHtml } from '../../src/extension/panels/html';
import type { WebviewKind } from '../../src/shared/webview-protocol';

export const ROOT = process.env.TGNAS_ROOT ?? resolve(__dirname, '..', '..');
const TOOLS = join(ROOT, '.vscode-test/tools');

/** The few playwright-core members used (the package is outside tsc's view). */
export interface Page {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  addInitScript<A>(fn: (arg: A) => void, arg?: A): Promise<void>;
  locator(selector: string): Locator;
  keyboard: { press(key: string): Promise<void> };
  screenshot(o: { path: string; fullPage?: boolean; type?: 'png' }): Promise<Buffer>;
  setViewportSize(s: { width: number; height: number }): Promise<void>;
  on(event: 'dialog', fn: (d: { message(): string; dismiss(): Promise<void> }) => void): void;
  on(event: 'console' | 'pageerror', fn: (m: { text?(): string; message?: string }) => void): void;
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, o?: { timeout?: number }): Promise<unknown>;
  close(): Promise<void>;
}
export interface Locator {
  locator(selector: string): Locator;
  click(o?: { position?: { x: number; y: number } }): Promise<void>;
  count(): Promise<number>;
  first(): Locator;
  nth(i: number): Locator;
  fill(v: string): Promise<void>;
  focus(): Promise<void>;
  selectOption(v: string): Promise<unknown>;
  textContent(): Promise<string | null>;
  getAttribute(n: string): Promise<string | null>;
  allTextContents(): Promise<string[]>;
  screenshot(o: { path: string }): Promise<Buffer>;
  waitFor(o?: { state?: 'visible' | 'attached'; timeout?: number }): Promise<void>;
}
interface Browser {
  newPage(o?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}

export function chromiumPath(): string | undefined {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Why the browser tests cannot run here, or undefined when they can. */
export function missingTools(): string | undefined {
  if (!existsSync(join(TOOLS, 'node_modules/playwright-core/package.json'))) {
    return `playwright-core not found in ${TOOLS}/node_modules (run scripts/e2e/setup.sh)`;
  }
  if (!chromiumPath()) return 'chromium not found (apt-get install chromium, or set CHROMIUM_PATH)';
  if (!existsSync(join(ROOT, 'dist/webview.js'))) return 'dist/webview.js missing (node scripts/build.mjs)';
  return undefined;
}

/** The themes a page can be shown in: VS Code's variables (test/webview/theme-*.css) and its <body> class. */
export type Theme = 'dark' | 'light' | 'hc';
const THEMES: Record<Theme, { css: string; body: string }> = {
  dark: { css: 'theme-dark.css', body: 'vscode-dark' },
  light: { css: 'theme-light.css', body: 'vscode-light' },
  hc: { css: 'theme-hc.css', body: 'vscode-high-contrast' },
};

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.png': 'image/png' };

/** Serves the bundle, media/ and one page per view, as a webview's resource origin would. */
async function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = `http://${req.headers.host}`;
    const page = /^\/page\/(leaderboard|search|graph)\.html$/.exec(url.pathname);
    if (page) {
      const theme = THEMES[(url.searchParams.get('theme') ?? 'dark') as Theme] ?? THEMES.dark;
      let html = buildWebviewHtml({
        view: page[1] as WebviewKind, title: `TG-NAS ${page[1]}`, cspSource: origin,
        scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/webview.css`,
      });
      // What VS Code adds around the page: theme variables and the theme class on <body>.
      html = html.replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/test/webview/${theme.css}">\n<link rel="stylesheet"`)
        .replace('<body ', `<body class="${theme.body}" `);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    const allowed = rel.startsWith('dist/') || rel.startsWith('media/') || Object.values(THEMES).some((t) => rel === `test/webview/${t.css}`);
    const file = join(ROOT, rel);
    if (!allowed || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[rel.slice(rel.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export interface Session {
  /** A fresh page showing `view`, with the host stub installed; `state` seeds getState(); `theme` defaults to dark. */
  open(view: WebviewKind, o?: { state?: unknown; width?: number; height?: number; theme?: Theme }): Promise<Page>;
  close(): Promise<void>;
  dialogs: string[];
  errors: string[];
}

export async function startSession(): Promise<Session> {
  const req = createRequire(join(TOOLS, 'package.json'));
  const { chromium } = req('playwright-core') as { chromium: { launch(o: object): Promise<Browser> } };
  const browser = await chromium.launch({
    executablePath: chromiumPath(), headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const { server, origin } = await serve();
  const dialogs: string[] = [];
  const errors: string[] = [];
  const pages: Page[] = [];
  return {
    dialogs, errors,
    async open(view, o = {}) {
      const page = await browser.newPage({ viewport: { width: o.width ?? 900, height: o.height ?? 600 }, deviceScaleFactor: 1 });
      pages.push(page);
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(String(e.message)));
      await page.addInitScript((initial) => {
        const w = window as unknown as Record<string, unknown>;
        w.__posted = [];
        w.__csp = [];
        w.__state = initial;
        document.addEventListener('securitypolicyviolation', (e) => (w.__csp as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
        let acquired = false;
        w.acquireVsCodeApi = () => {
          // VS Code throws on a second call; so does the stub, to catch a second acquire in the bundle.
          if (acquired) throw new Error('acquireVsCodeApi called twice');
          acquired = true;
          return {
            postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
            getState: () => w.__state,
            setState: (s: unknown) => (w.__state = JSON.parse(JSON.stringify(s))),
          };
        };
      }, o.state ?? null);
      await page.goto(`${origin}/page/${view}.html?theme=${o.theme ?? 'dark'}`);
      await page.waitForFunction(() => ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).some((m) => m.type === 'ready'));
      return page;
    },
    async close() {
      for (const p of pages) await p.close().catch(() => undefined);
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** Posts a host message the way VS Code delivers it (a window message event). */
export function sendHost(page: Page, msg: unknown): Promise<void> {
  return page.evaluate((m) => window.postMessage(m, '*'), msg);
}

export function posted(page: Page): Promise<Array<{ type: string } & Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { __posted: Array<{ type: string } & Record<string, unknown>> }).__posted);
}

/**
 * Delivers a host message synchronously inside the page and times the work up to a forced layout
 * (`syncMs`) and to the next painted frame (`frameMs`). Transport (structured clone) is excluded.
 */
export function timedDispatch(page: Page, msg: unknown): Promise<{ syncMs: number; frameMs: number }> {
  return page.evaluate(async (m) => {
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: m }));
    void document.body.offsetHeight;
    const t1 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { syncMs: t1 - t0, frameMs: performance.now() - t0 };
  }, msg);
}

/** Clicks a leaderboard column header in the page and times sort + render the same way. */
export function timedSort(page: Page, column: string): Promise<{ syncMs: number; frameMs: number }> {
  return page.evaluate(async (c) => {
    const button = document.querySelector<HTMLButtonElement>(`.lb-header .c-${c} button`)!;
    const t0 = performance.now();
    button.click();
    void document.body.offsetHeight;
    const t1 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { syncMs: t1 - t0, frameMs: performance.now() - t0 };
  }, column);
}

const SCREENSHOT_LIMIT = 150 * 1024;

/** A screenshot in test/output/; a copy in media/screenshots/ (linked from the README) when it is small. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const output = join(ROOT, 'test/output');
  mkdirSync(output, { recursive: true });
  const path = join(output, `${name}.png`);
  await page.screenshot({ path, fullPage });
  const size = statSync(path).size;
  if (size < SCREENSHOT_LIMIT) {
    const shots = join(ROOT, 'media/screenshots');
    mkdirSync(shots, { recursive: true });
    copyFileSync(path, join(shots, `${name}.png`));
  } else console.log(`# ${name}.png is ${size} bytes, not copied to media/screenshots`);
}
