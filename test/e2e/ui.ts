/**
 * UI tests in the real workbench (code-server + headless chromium), driven by scripts/e2e/run.mjs,
 * which opens test/workspace with the extension loaded for development and passes the page here.
 * Selectors: shared docs, vscode-e2e.md (checked on VS Code 1.100).
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, test, runAll, waitFor, type Results } from './harness';

/** The few playwright-core Page members used (the package lives in .vscode-test/tools, outside tsc's view). */
interface Locator {
  first(): Locator;
  click(): Promise<void>;
  innerText(opts?: { timeout?: number }): Promise<string>;
  isVisible(): Promise<boolean>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  waitFor(opts?: { state?: 'visible' | 'attached'; timeout?: number }): Promise<void>;
  fill(value: string): Promise<void>;
  inputValue(opts?: { timeout?: number }): Promise<string>;
  filter(opts: { hasText: string | RegExp }): Locator;
}
export interface PageLike {
  locator(selector: string): Locator;
  keyboard: { press(key: string): Promise<void> };
  mouse: { move(x: number, y: number, opts?: { steps?: number }): Promise<void> };
  waitForTimeout(ms: number): Promise<void>;
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
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
      await page.screenshot({ path: join(outputDir, 'hover.png') });
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
      await page.screenshot({ path: join(outputDir, 'output.png') });
    }, 30_000);
  });
  return runAll(log);
}
