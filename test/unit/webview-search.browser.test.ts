/**
 * The search panel's Pareto front in headless Chromium (test/webview/harness.ts): one plotted point
 * per front cell against the chosen axis, the axis labels, the actions of a point, the evidence line
 * of calibrated and uncalibrated spaces; then the search panel and the leaderboard in VS Code's dark,
 * light and high-contrast theme variables, screenshotted to test/output/ (small copies to media/screenshots/).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE_MODEL, makeEntries, paretoResult, searchProgress } from '../webview/fixtures';
import { missingTools, posted, screenshot, sendHost, startSession, type Session, type Theme } from '../webview/harness';

const skip = missingTools();
if (skip) console.log(`# webview browser tests skipped: ${skip}`);

describe('search panel in chromium', { skip }, () => {
  let session: Session;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session?.close();
  });

  describe('Pareto front', () => {
    test('plots one point per front cell against the chosen axis; a point\'s actions post typed messages', async () => {
      const page = await session.open('search', { width: 900, height: 900 });
      await sendHost(page, { type: 'search/start', searchId: 'p', space: 'nb201', spaceLabel: 'NAS-Bench-201', pareto: 'params' });
      await page.waitForFunction(() => /Pareto front against params appears/.test(document.querySelector('.front')?.textContent ?? ''));
      const result = paretoResult('p', 6);
      await sendHost(page, { type: 'search/result', result });
      await page.locator('svg.pareto-plot').waitFor();
      assert.equal(await page.locator('svg.pareto-plot circle.front-pt').count(), 6);
      assert.equal(await page.locator('svg.pareto-plot path.front-line').count(), 1);
      assert.equal(await page.locator('svg.pareto-plot .x-label').textContent(), 'Params, millions (log scale)');
      assert.equal(await page.locator('svg.pareto-plot .y-label').textContent(), 'Predicted CIFAR-10 test accuracy, %');
      assert.equal(await page.locator('svg.pareto-plot').getAttribute('aria-label'), 'Pareto front: 6 cells, predicted accuracy against params');
      assert.match((await page.locator('.front h3').textContent())!, /^Pareto front \(6\) — predicted accuracy against params$/);
      // Cheapest first, left to right; each dearer point higher.
      const xy = await page.evaluate(() => Array.from(document.querySelectorAll('circle.front-pt'), (c) => [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))]));
      for (let i = 1; i < xy.length; i++) assert.ok(xy[i][0] > xy[i - 1][0] && xy[i][1] < xy[i - 1][1], JSON.stringify(xy));
      assert.equal(await page.locator('.front-cells li').count(), 6);
      const c = result.front![2];
      const li = page.locator('.front-cells li').nth(2);
      await li.locator('button:has-text("Insert")').click();
      await li.locator('button:has-text("Copy")').click();
      await li.locator('button:has-text("Export PyTorch")').click();
      await li.locator('button:has-text("Show graph")').click();
      assert.deepEqual((await posted(page)).slice(-4), [
        { type: 'search/insert', searchId: 'p', rank: 3, arch: c.arch },
        { type: 'search/copy', text: c.text },
        { type: 'search/export', searchId: 'p', rank: 3, text: c.text },
        { type: 'search/showGraph', searchId: 'p', rank: 3, text: c.text },
      ]);
      await page.locator('circle.front-pt').nth(4).click();
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-rank')), '5', 'a plotted point focuses its list item');
    });

    test('an uncalibrated space: score on y, never an invented accuracy; the evidence names estimated operators', async () => {
      const page = await session.open('search', { width: 900, height: 900 });
      await sendHost(page, { type: 'search/start', searchId: 'u', space: 'ghost201' });
      await sendHost(page, { type: 'search/result', result: paretoResult('u', 3, false) });
      await page.locator('svg.pareto-plot').waitFor();
      assert.equal(await page.locator('svg.pareto-plot circle.front-pt').count(), 3);
      assert.equal(await page.locator('svg.pareto-plot .y-label').textContent(), 'Score (within this space; not calibrated to accuracy)');
      const evidence = (await page.locator('.evidence').textContent())!;
      assert.match(evidence, /unseen space: leave-one-space-out ρ 0\.60 \(worst 0\.30\); costs of `ghost3` estimated from its sentence/);
      assert.match(evidence, /score and percentile only \(custom spaces are not calibrated to accuracy\)/);
      assert.doesNotMatch((await page.locator('#app').textContent())!, /predicted/);
    });
  });

  describe('themes', () => {
    for (const theme of ['dark', 'light', 'hc'] as Theme[]) {
      test(`search panel with a Pareto front and leaderboard in the ${theme} theme`, async () => {
        const search = await session.open('search', { width: 900, height: 1100, theme });
        await sendHost(search, { type: 'search/start', searchId: 't', space: 'nb201', spaceLabel: 'NAS-Bench-201', pareto: 'params' });
        for (const p of searchProgress('t', 12)) await sendHost(search, { type: 'search/progress', progress: p });
        await sendHost(search, { type: 'search/result', result: paretoResult('t', 6) });
        await search.locator('svg.pareto-plot circle.front-pt').first().waitFor();
        await screenshot(search, `search-pareto-${theme}`);
        const board = await session.open('leaderboard', { width: 820, height: 460, theme });
        await sendHost(board, { type: 'leaderboard/set', entries: makeEntries(40, 5), model: FIXTURE_MODEL });
        await board.locator('.lb-canvas .lb-row').first().waitFor();
        await board.locator('[role=grid]').focus();
        await board.keyboard.press('Home');
        await screenshot(board, `leaderboard-${theme}`);
      });
    }
  });

  test('no page errors, dialogs or CSP violations across the run', () => {
    assert.deepEqual(session.errors, []);
    assert.deepEqual(session.dialogs, []);
  });
});
