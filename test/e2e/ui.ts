/**
 * UI tests in the real workbench (code-server + headless chromium), driven by scripts/e2e/run.mjs,
 * which opens test/workspace with the extension loaded for development and passes the page here.
 * Selectors: shared docs, vscode-e2e.md (checked on VS Code 1.100).
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test, runAll, waitFor, type Results } from './harness';

/** The few playwright-core Page members used (the package lives in .vscode-test/tools, outside tsc's view). */
interface Locator {
  first(): Locator;
  click(): Promise<void>;
  innerText(opts?: { timeout?: number }): Promise<string>;
  scrollIntoViewIfNeeded(opts?: { timeout?: number }): Promise<void>;
  /** SVG elements have no innerText. */
  textContent(opts?: { timeout?: number }): Promise<string | null>;
  isVisible(): Promise<boolean>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  waitFor(opts?: { state?: 'visible' | 'attached'; timeout?: number }): Promise<void>;
  fill(value: string, opts?: { timeout?: number }): Promise<void>;
  inputValue(opts?: { timeout?: number }): Promise<string>;
  filter(opts: { hasText: string | RegExp }): Locator;
  locator(selector: string): Locator;
  nth(index: number): Locator;
  count(): Promise<number>;
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string, opts?: { timeout?: number }): Promise<string | null>;
  evaluateAll<R>(fn: (elements: Element[]) => R): Promise<R>;
  contentFrame(): FrameLocator;
}
interface FrameLocator {
  locator(selector: string): Locator;
  frameLocator(selector: string): FrameLocator;
}
export interface PageLike {
  locator(selector: string): Locator;
  frameLocator(selector: string): FrameLocator;
  keyboard: { press(key: string): Promise<void> };
  mouse: { move(x: number, y: number, opts?: { steps?: number }): Promise<void> };
  waitForTimeout(ms: number): Promise<void>;
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
}

/** Screenshots under this size are copied to media/screenshots/ (linked from the README), as the webview harness does. */
const SCREENSHOT_LIMIT = 150 * 1024;

/** A screenshot in the output folder, and its copy for the README when it is small. */
async function shoot(page: PageLike, outputDir: string, file: string): Promise<void> {
  const path = join(outputDir, file);
  await page.screenshot({ path });
  if (statSync(path).size >= SCREENSHOT_LIMIT) return;
  // outputDir is <root>/test/output (scripts/e2e/run.mjs).
  const shots = join(outputDir, '..', '..', 'media', 'screenshots');
  mkdirSync(shots, { recursive: true });
  copyFileSync(path, join(shots, file));
}

export async function run(page: PageLike, outputDir: string, log: (line: string) => void = console.log): Promise<Results> {
  suite('ui', () => {
    test('workbench opens the test workspace', async () => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row[aria-label="sample.arch"]').waitFor({ timeout: 30_000 });
    }, 90_000);

    test('an .arch file opens in the nas-arch language', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row[aria-label="sample.arch"]').click();
      const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
      await waitFor('language mode in the status bar', async () =>
        (await mode.innerText({ timeout: 1000 }).catch(() => '')).includes('NAS Architecture'), 20_000);
    }, 30_000);

    test('hover over a cell shows the TG-NAS hover', async () => {
      const line = page.locator('.monaco-editor .view-line').filter({ hasText: 'cell best_c10' }).first();
      await line.waitFor({ timeout: 10_000 });
      const contents = page.locator('.monaco-hover .hover-contents').filter({ hasText: 'TG-NAS' }).first();
      // A single synthetic mousemove (Locator.hover) does not open Monaco's hover; a short glide does.
      // The first try may come before the language server is up: move away and glide in again.
      // The line is looked up on every try: code lenses arriving from the server re-render the lines.
      const text = await waitFor('the TG-NAS hover', async () => {
        const box = await line.boundingBox().catch(() => null);
        if (!box) return undefined;
        await page.mouse.move(0, 0);
        await page.mouse.move(box.x + 10, box.y + box.height / 2, { steps: 5 });
        await page.mouse.move(box.x + 20, box.y + box.height / 2, { steps: 5 });
        await page.waitForTimeout(800);
        return (await contents.isVisible()) ? contents.innerText({ timeout: 1000 }) : undefined;
      }, 30_000);
      assert.match(text, /TG-NAS/);
      assert.match(text, /best_c10/);
      await page.waitForTimeout(400); // hover fade-in, for a readable screenshot
      await shoot(page, outputDir, 'hover.png');
    }, 40_000);

    test('command palette runs "TG-NAS: Show Output"', async () => {
      await page.mouse.move(0, 0);
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>TG-NAS: Show Output');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'TG-NAS: Show Output' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      // The Output view opens with the extension's channel selected in its channel picker.
      const picker = page.locator('.part.panel select.monaco-select-box').first();
      await waitFor('the TG-NAS output channel', async () => (await picker.inputValue({ timeout: 1000 }).catch(() => '')) === 'TG-NAS', 10_000);
      await shoot(page, outputDir, 'output.png');
    }, 30_000);

    test('"TG-NAS: Search Best Cell" shows a ranked shortlist in its webview', async () => {
      // Back to the .arch editor, so the search is for this file (the Output view had the focus).
      await page.locator('.explorer-folders-view .monaco-list-row[aria-label="sample.arch"]').click();
      await page.mouse.move(0, 0);
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>TG-NAS: Search Best Cell');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'TG-NAS: Search Best Cell' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      // sample.arch declares no space block, so the command asks which space (built-ins only).
      await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'search which space' }).first().waitFor({ timeout: 15_000 });
      await page.locator('.quick-input-widget input').fill('nb201');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /^\s*nb201/ }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      const cells = await inWebview(page, 'the search shortlist in the webview', async (frame) => {
        const texts = await frame.locator('.shortlist li.cell code.notation').allInnerTexts();
        return texts.length > 0 ? texts : undefined;
      }, 90_000);
      const ranked = cells.map((t) => t.trim()).filter((t) => NB201_CELL.test(t));
      assert.ok(ranked.length > 0, `no NB201 cell string in the shortlist: ${JSON.stringify(cells)}`);
      const head = await inWebview(page, 'the search panel header', async (frame) => {
        const phase = await frame.locator('.search-head .phase').innerText({ timeout: 1000 });
        const rank = await frame.locator('.shortlist li.cell .rank').first().innerText({ timeout: 1000 });
        return phase === 'Done' ? { phase, rank } : undefined;
      }, 10_000);
      assert.equal(head.rank.trim(), '#1');
      await page.waitForTimeout(400); // let the notification and panel settle, for a readable screenshot
      await shoot(page, outputDir, 'vscode-search.png');
    }, 120_000);

    test('"Show graph" code lens draws one SVG node per operator', async () => {
      const lens = page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: 'Show graph' }).first();
      await lens.waitFor({ timeout: 20_000 });
      await lens.click();
      // best_c10 (first cell of sample.arch): 6 NB201 edge operators + input + output.
      const graph = await inWebview(page, 'the cell graph SVG in the webview', async (frame) => {
        const svg = frame.locator('svg.cell-graph');
        if ((await svg.count()) !== 1) return undefined;
        const ops = await svg.locator('g.nodes > g.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-op') ?? ''));
        const label = await svg.getAttribute('aria-label', { timeout: 1000 });
        const title = await frame.locator('.graph-head h2').innerText({ timeout: 1000 });
        return ops.length > 0 ? { ops, label, title } : undefined;
      }, 30_000);
      assert.match(graph.title, /best_c10/);
      assert.equal(graph.ops.length, 8, `nodes: ${JSON.stringify(graph.ops)}`);
      assert.match(graph.label ?? '', /8 operators/);
      const edgeOps = graph.ops.filter((op) => op !== 'input' && op !== 'output').sort();
      assert.deepEqual(edgeOps, ['nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'skip_connect'], `nodes: ${JSON.stringify(graph.ops)}`);
      await page.waitForTimeout(400);
      await shoot(page, outputDir, 'vscode-graph.png');
    }, 60_000);

    test('"TG-NAS: Search Pareto Front…" plots the front in the search panel', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row[aria-label="sample.arch"]').click();
      await palette(page, 'TG-NAS: Search Pareto Front');
      await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'search which space' }).first().waitFor({ timeout: 15_000 });
      await page.locator('.quick-input-widget input').fill('nb201');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /^\s*nb201/ }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Pareto front of nb201' }).first().waitFor({ timeout: 15_000 });
      await page.locator('.quick-input-widget input').fill('Parameters');
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Parameters' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      const plot = await inWebview(page, 'the Pareto plot in the search panel', async (frame) => {
        const points = await frame.locator('svg.pareto-plot circle.front-pt').count();
        if (points < 2) return undefined;
        const x = (await frame.locator('svg.pareto-plot .x-label').textContent({ timeout: 1000 })) ?? '';
        const y = (await frame.locator('svg.pareto-plot .y-label').textContent({ timeout: 1000 })) ?? '';
        const items = await frame.locator('.front-cells li.cell').count();
        const evidence = await frame.locator('.evidence').innerText({ timeout: 1000 });
        return { points, x, y, items, evidence };
      }, 120_000);
      assert.ok(plot.points >= 2, `${plot.points} points`);
      assert.equal(plot.items, plot.points, 'each plotted point is listed with its actions');
      assert.match(plot.x, /^Params, millions/);
      assert.match(plot.y, /^Predicted .*%$/);
      assert.match(plot.evidence, /Scored by universal · in-space: validated ρ \d\.\d\d on held-out nb201 cells/);
      // The plot in sight for the screenshot: the Output panel hidden, the front's heading at the top of the panel.
      await palette(page, 'View: Hide Panel');
      await inWebview(page, 'the Pareto heading scrolled into view', async (frame) => {
        const heading = frame.locator('.front h3');
        if ((await heading.count()) === 0) return undefined;
        await heading.scrollIntoViewIfNeeded({ timeout: 1000 });
        return true;
      }, 10_000);
      await page.waitForTimeout(400);
      await shoot(page, outputDir, 'vscode-pareto.png');
    }, 150_000);

    test('"TG-NAS: Show Leaderboard" lists the open file\'s cells with model and percentile', async () => {
      await palette(page, 'TG-NAS: Show Leaderboard');
      const row = await inWebview(page, 'the best_c10 row in the leaderboard', async (frame) => {
        const rows = frame.locator('.lb-canvas .lb-row:not([hidden])');
        const names = await rows.locator('.c-name').allInnerTexts();
        const i = names.findIndex((n) => n.trim() === 'best_c10');
        if (i < 0) return undefined;
        const r = rows.nth(i);
        return {
          model: (await r.locator('.c-model').innerText({ timeout: 1000 })).trim(),
          percentile: (await r.locator('.c-percentile').innerText({ timeout: 1000 })).trim(),
          sort: await frame.locator('.lb-header .c-percentile').getAttribute('aria-sort', { timeout: 1000 }),
        };
      }, 60_000);
      assert.equal(row.model, 'universal');
      assert.match(row.percentile, /^\d{1,3}\.\d$/);
      assert.equal(row.sort, 'descending', 'rows rank by percentile');
      await page.waitForTimeout(400);
      await shoot(page, outputDir, 'vscode-leaderboard.png');
    }, 90_000);

    // The search panel and the leaderboard, both open, in VS Code's light and high-contrast themes.
    for (const [theme, file] of [['Light Modern', 'vscode-light.png'], ['Dark High Contrast', 'vscode-hc.png'], ['Dark Modern', '']]) {
      test(`color theme "${theme}"${file ? ': screenshot of the search panel and leaderboard' : ' restored'}`, async () => {
        await palette(page, 'Preferences: Color Theme');
        // The theme picker replaces the command palette in the same quick input.
        await waitFor('the color theme picker', async () =>
          /theme/i.test((await page.locator('.quick-input-widget input').getAttribute('placeholder', { timeout: 1000 }).catch(() => '')) ?? ''), 10_000);
        await page.locator('.quick-input-widget input').fill(theme);
        const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: theme }).first();
        await row.waitFor({ timeout: 10_000 });
        await row.click();
        await page.waitForTimeout(1500); // the workbench and webviews re-theme
        if (file) await shoot(page, outputDir, file);
      }, 30_000);
    }
  });
  return runAll(log);
}

/** Runs a command from the palette (F1), by its full title. */
async function palette(page: PageLike, title: string): Promise<void> {
  // A focused webview (the leaderboard after Show Leaderboard) keeps F1 to itself: focus the .arch editor's tab first.
  const tab = page.locator('.tabs-container .tab').filter({ hasText: 'sample.arch' }).first();
  if (await tab.isVisible().catch(() => false)) await tab.click();
  await page.mouse.move(0, 0);
  // F1 can be swallowed while the workbench moves focus (a panel or notification appearing): try again.
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const opened = await input.fill(`>${title}`, { timeout: 3000 }).then(() => true, (e: unknown) => (attempt < 3 ? false : Promise.reject(e)));
    if (opened) break;
    await page.keyboard.press('Escape');
  }
  // Clicked, not Enter: the first row may be another command (a marketplace entry above "Preferences: Color Theme").
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

/** One NB201 cell string: 6 operators on edges (0), (0,1), (0,1,2). */
const NB201_CELL = /\|[a-z0-9_]+~0\|\+\|[a-z0-9_]+~0\|[a-z0-9_]+~1\|\+\|[a-z0-9_]+~0\|[a-z0-9_]+~1\|[a-z0-9_]+~2\|/;

/**
 * The inner page of each ready webview (`#active-frame`), newest last. A hidden panel (no
 * retainContextWhenHidden) drops its iframe, and a replaced one may linger for a moment, so callers
 * probe every frame for their content instead of assuming there is only one.
 */
async function webviewFrames(page: PageLike): Promise<FrameLocator[]> {
  const iframes = page.locator('iframe.webview.ready');
  const n = await iframes.count().catch(() => 0);
  return Array.from({ length: n }, (_, i) => iframes.nth(i).contentFrame().frameLocator('#active-frame'));
}

/** Runs `probe` on every webview page until one gives a truthy value. */
function inWebview<T>(page: PageLike, what: string, probe: (frame: FrameLocator) => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  return waitFor(what, async () => {
    for (const frame of (await webviewFrames(page)).reverse()) {
      const v = await probe(frame).catch(() => undefined);
      if (v) return v;
    }
    return undefined;
  }, timeoutMs);
}
