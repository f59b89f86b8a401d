/**
 * The webview bundle in headless Chromium (test/webview/harness.ts): leaderboard sort/filter/
 * reveal/keyboard/escaping/reload, evidence and stale rows, the 10,000-row timing, the search panel
 * (progress, evidence), the cell graphs. The Pareto plot and the themed screenshots:
 * webview-search.browser.test.ts.
 * Skips, saying why, where playwright-core or chromium are missing (scripts/e2e/setup.sh installs them).
 * Screenshots go to test/output/; small copies to media/screenshots/ for the README.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { nb201Space } from '../../src/core/spaces/index';
import type { Nb201Cell } from '../../src/core/types';
import {
  DARTS_V2, FIXTURE_MODEL, NEW_OP_CELL, graphResult, makeEntries, searchProgress, searchResult,
} from '../webview/fixtures';
import {
  missingTools, posted, screenshot, sendHost, startSession, timedDispatch, timedSort, type Page, type Session,
} from '../webview/harness';

/** Budget from the issue: 10,000 rows render and re-sort within this. */
const BUDGET_MS = 200;

const skip = missingTools();
if (skip) console.log(`# webview browser tests skipped: ${skip}`);

type Timing = { syncMs: number; frameMs: number };
const median = (xs: Timing[]) => [...xs].sort((a, b) => a.syncMs - b.syncMs)[Math.floor(xs.length / 2)];

const bodyTexts = (page: Page, column: string) => page.locator(`.lb-canvas .lb-row:not([hidden]) .c-${column}`).allTextContents();

describe('webview in chromium', { skip }, () => {
  let session: Session;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session?.close();
  });

  describe('leaderboard', () => {
    let page: Page;
    const entries = makeEntries(60, 7);
    const evil = '<img src=x onerror=alert(1)>';
    entries[3] = { ...entries[3], name: evil, notation: `<script>alert(2)</script>` };

    before(async () => {
      page = await session.open('leaderboard', { width: 760, height: 420 });
      await sendHost(page, { type: 'leaderboard/set', entries, model: 'test-model' });
      await page.locator('.lb-canvas .lb-row').first().waitFor();
    });

    test('announces itself ready and shows every row count', async () => {
      assert.deepEqual((await posted(page))[0], { type: 'ready', view: 'leaderboard' });
      assert.equal(await page.locator('.lb-count').textContent(), '60 cells');
      assert.equal(await page.locator('[role=grid]').getAttribute('aria-rowcount'), '61');
    });

    test('a hostile cell name renders as text: no dialog, no img element, no CSP violation', async () => {
      await page.locator('.lb-text').fill('onerror');
      const names = await bodyTexts(page, 'name');
      assert.deepEqual(names, [evil]);
      assert.equal(await page.locator('img').count(), 0);
      assert.equal(await page.locator('#app script').count(), 0);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
      assert.deepEqual(session.dialogs, []);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), []);
      await page.locator('.lb-text').fill('');
    });

    test('ranks by percentile descending by default; the score column sorts within each space; missing values last', async () => {
      const pct = (await bodyTexts(page, 'percentile')).map(Number);
      assert.deepEqual(pct, [...pct].sort((a, b) => b - a));
      assert.equal(await page.locator('.lb-header .c-percentile').getAttribute('aria-sort'), 'descending');
      await page.locator('.lb-header .c-score button').click();
      assert.equal(await page.locator('.lb-header .c-score').getAttribute('aria-sort'), 'descending');
      const spaces = await bodyTexts(page, 'space');
      const scores = (await bodyTexts(page, 'score')).map(Number);
      // Raw scores never meet across spaces: one block per space, sorted within it.
      const first = spaces[0];
      const block = scores.slice(0, spaces.findIndex((x) => x !== first));
      assert.ok(block.length > 1);
      assert.deepEqual(block, [...block].sort((a, b) => b - a));
      await page.locator('.lb-header .c-score button').click();
      assert.equal(await page.locator('.lb-header .c-score').getAttribute('aria-sort'), 'ascending');
      await page.locator('.lb-header .c-accuracy button').click(); // only nb201 rows have an accuracy
      const acc = await bodyTexts(page, 'accuracy');
      const firstMissing = acc.indexOf('–');
      assert.ok(firstMissing !== 0 && (firstMissing < 0 || acc.slice(firstMissing).every((t) => t === '–')), `rows without accuracy sort last: ${JSON.stringify(acc)}`);
      await page.locator('[role=grid]').focus();
      await page.keyboard.press('End');
      assert.equal((await bodyTexts(page, 'accuracy')).at(-1), '–', 'the last row has no accuracy');
      await page.keyboard.press('Home');
      await page.locator('.lb-header .c-name button').click();
      const names = await bodyTexts(page, 'name');
      assert.deepEqual(names.slice(0, 3), ['<img src=x onerror=alert(1)>', 'cell_00000', 'cell_00001']);
      assert.deepEqual(new Set(await bodyTexts(page, 'model')), new Set([FIXTURE_MODEL]), 'each row names its model');
    });

    test('filters by space and by text', async () => {
      await page.locator('.lb-space').selectOption('darts');
      assert.equal(await page.locator('.lb-count').textContent(), '20 of 60 cells');
      assert.ok((await bodyTexts(page, 'space')).every((s) => s.startsWith('DARTS')));
      await page.locator('.lb-text').fill('cell_0001');
      assert.deepEqual(await bodyTexts(page, 'name'), ['cell_00010', 'cell_00013', 'cell_00016', 'cell_00019']);
      await page.locator('.lb-space').selectOption('');
      await page.locator('.lb-text').fill('');
      assert.equal(await page.locator('.lb-count').textContent(), '60 cells');
    });

    test('a row click posts reveal with the cell uri and range', async () => {
      const row = page.locator('.lb-canvas .lb-row:not([hidden])').nth(2);
      const name = await row.locator('.c-name').textContent();
      await row.click();
      const msg = (await posted(page)).at(-1)!;
      const e = entries.find((x) => x.name === name)!;
      assert.deepEqual(msg, { type: 'reveal', uri: e.uri, range: e.range });
    });

    test('arrow keys move the row focus and Enter reveals', async () => {
      await page.locator('[role=grid]').focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const active = await page.locator('[role=grid]').getAttribute('aria-activedescendant');
      assert.equal(active, 'lb-r2');
      assert.equal(await page.locator('#lb-r2').getAttribute('aria-selected'), 'true');
      const name = await page.locator('#lb-r2 .c-name').textContent();
      await page.keyboard.press('Enter');
      const msg = (await posted(page)).at(-1)!;
      assert.equal(msg.type, 'reveal');
      assert.equal(msg.uri, entries.find((x) => x.name === name)!.uri);
      await page.keyboard.press('End');
      assert.equal(await page.locator('[role=grid]').getAttribute('aria-activedescendant'), 'lb-r59');
      await page.locator('#lb-r59').waitFor();
    });

    test('per-file updates replace that file\'s rows only', async () => {
      const uri = entries[0].uri;
      const before = entries.filter((e) => e.uri === uri).length;
      await sendHost(page, { type: 'leaderboard/upsert', uri, entries: [{ ...entries[0], name: 'renamed_cell' }] });
      await page.waitForFunction((n) => document.querySelector('.lb-count')?.textContent === `${n} cells`, 60 - before + 1);
      await page.locator('.lb-text').fill('renamed_cell');
      assert.deepEqual(await bodyTexts(page, 'name'), ['renamed_cell']);
      await page.locator('.lb-text').fill('');
    });

    test('malformed and unknown messages are rejected and logged, the view unchanged', async () => {
      const count = await page.locator('.lb-count').textContent();
      await sendHost(page, { type: 'leaderboard/set', entries: [{ name: 'x' }] });
      await sendHost(page, { type: 'nope' });
      await sendHost(page, 'just a string');
      await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'log').length >= 3);
      const logs = (await posted(page)).filter((m) => m.type === 'log');
      assert.match(String(logs[0].message), /rejected message: leaderboard\/set\.entries\[0\]\.uri: expected a string/);
      assert.match(String(logs[1].message), /unknown message type "nope"/);
      assert.equal(await page.locator('.lb-count').textContent(), count);
    });

    test('the focused row says where its figure comes from, and links the model card', async () => {
      await page.locator('.lb-space').selectOption('nb201');
      await page.locator('[role=grid]').focus();
      await page.keyboard.press('Home');
      const nb = (await page.locator('.lb-detail').textContent())!;
      assert.match(nb, /NAS-Bench-201 · predicted \d+\.\d % CIFAR-10 test accuracy · in-space: validated ρ 0\.84 on held-out nb201 cells \(cifar10\) · model test-model/);
      await page.locator('.lb-space').selectOption('darts');
      await page.locator('[role=grid]').focus();
      await page.keyboard.press('Home');
      const darts = (await page.locator('.lb-detail').textContent())!;
      assert.match(darts, /score -?\d\.\d{3}, \d+(st|nd|rd|th) percentile · no accuracy claimed \(space darts is not calibrated to accuracy\)/);
      assert.match(darts, /unseen space: leave-one-space-out ρ 0\.60 \(worst 0\.30\)/);
      assert.doesNotMatch(darts, /predicted/, 'an uncalibrated space shows no accuracy');
      await page.locator('.lb-detail button.link').click();
      assert.deepEqual((await posted(page)).at(-1), { type: 'openModelCard', model: FIXTURE_MODEL });
      await page.locator('.lb-space').selectOption('');
    });

    test('a model change marks rows of the old model stale until re-scored rows arrive', async () => {
      await sendHost(page, { type: 'leaderboard/model', model: 'no-nb201' });
      await page.waitForFunction(() => /stale, re-scoring/.test(document.querySelector('.lb-count')?.textContent ?? ''));
      assert.match((await page.locator('.lb-count').textContent())!, /^\d+ cells · \d+ stale, re-scoring$/);
      assert.ok((await page.locator('.lb-canvas .lb-row.stale:not([hidden])').count()) > 0);
      assert.match((await page.locator('.lb-canvas .lb-row:not([hidden]) .c-model').first().textContent())!, /test-model \(stale\)/);
      const uri = entries[10].uri;
      const rescored = entries.filter((e) => e.uri === uri).map((e) => ({ ...e, model: 'no-nb201' }));
      await sendHost(page, { type: 'leaderboard/upsert', uri, entries: rescored });
      await page.locator('.lb-text').fill(rescored[0].name!);
      assert.equal(await page.locator('.lb-canvas .lb-row.stale:not([hidden])').count(), 0, 're-scored rows are current');
      await page.locator('.lb-text').fill('');
      await sendHost(page, { type: 'leaderboard/upsert', uri, entries: entries.filter((e) => e.uri === uri) });
      await sendHost(page, { type: 'leaderboard/model', model: FIXTURE_MODEL });
      await page.waitForFunction(() => !/stale/.test(document.querySelector('.lb-count')?.textContent ?? ''));
    });

    test('scatter plot: one point per plotted cell, a click posts reveal', async () => {
      await page.locator('button.tab:has-text("Plot")').click();
      const n = await page.locator('.scatter circle.pt').count();
      assert.equal(n, 58); // 60 - 3 rows of the replaced file + 1 upserted
      assert.equal(await page.locator('.scatter text.label').nth(1).textContent(), 'Percentile in its space', 'spaces compare by percentile');
      await page.locator('.scatter circle.pt').first().click();
      const msg = (await posted(page)).at(-1)!;
      assert.equal(msg.type, 'reveal');
      await screenshot(page, 'leaderboard-plot', true);
      await page.locator('button.tab:has-text("Table")').click();
    });

    test('state survives a reload (getState/setState)', async () => {
      await page.locator('.lb-header .c-params button').click();
      await page.locator('.lb-text').fill('cell_000');
      await page.evaluate(() => new Promise((r) => setTimeout(r, 700))); // state saves are coalesced (500 ms)
      const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
      const again = await session.open('leaderboard', { state, width: 760, height: 420 });
      await again.locator('.lb-canvas .lb-row').first().waitFor();
      assert.equal(await again.locator('.lb-count').textContent(), await page.locator('.lb-count').textContent());
      assert.deepEqual(await bodyTexts(again, 'name'), await bodyTexts(page, 'name'));
      assert.equal(await again.locator('.lb-header .c-params').getAttribute('aria-sort'), 'ascending');
      await page.locator('.lb-text').fill('');
      await page.locator('.lb-header .c-percentile button').click();
      await page.locator('[role=grid]').focus();
      await page.keyboard.press('Home');
      await screenshot(page, 'leaderboard');
    });
  });

  test('10,000 rows render and re-sort within 200 ms', async () => {
    const page = await session.open('leaderboard', { width: 760, height: 600 });
    // Warm-up (JIT) with a small table, then the median of three full deliveries and sorts.
    await timedDispatch(page, { type: 'leaderboard/set', entries: makeEntries(1000, 2) });
    const msg = { type: 'leaderboard/set', entries: makeEntries(10_000, 3), model: FIXTURE_MODEL };
    const columns = ['name', 'params', 'score', 'file'];
    const renders: Timing[] = [];
    const sorts: Record<string, Timing[]> = Object.fromEntries(columns.map((c) => [c, []]));
    for (let run = 0; run < 3; run++) {
      renders.push(await timedDispatch(page, msg));
      for (const c of columns) sorts[c].push(await timedSort(page, c));
    }
    assert.equal(await page.locator('.lb-count').textContent(), '10,000 cells');
    const rendered = await page.locator('.lb-canvas .lb-row').count();
    const render = median(renders);
    const sorted = Object.fromEntries(columns.map((c) => [c, median(sorts[c])]));
    const f = (x: Timing) => `${x.syncMs.toFixed(1)} ms (${x.frameMs.toFixed(1)} ms to next frame)`;
    console.log(`# webview 10,000 rows, median of 3: render ${f(render)}; re-sort ${columns.map((c) => `${c} ${f(sorted[c])}`).join(', ')}; ` +
      `${rendered} row elements in the DOM; load average ${loadavg()[0].toFixed(1)}`);
    assert.ok(render.syncMs <= BUDGET_MS, `render took ${render.syncMs} ms`);
    for (const [c, t] of Object.entries(sorted)) assert.ok(t.syncMs <= BUDGET_MS, `sort by ${c} took ${t.syncMs} ms`);
    assert.ok(rendered < 100, `virtualised: ${rendered} row elements`);
  });

  describe('search panel', () => {
    let page: Page;
    const id = 'search-1';
    before(async () => {
      page = await session.open('search', { width: 900, height: 760 });
    });

    test('shows live progress, chart and evaluations/s; cancel posts search/cancel', async () => {
      await sendHost(page, { type: 'search/start', searchId: id, space: 'nb201', spaceLabel: 'NAS-Bench-201' });
      for (const p of searchProgress(id, 12)) await sendHost(page, { type: 'search/progress', progress: p });
      await page.waitForFunction(() => document.querySelector('.phase')?.textContent === 'Evolution 12/12');
      assert.match((await page.locator('.stats').textContent())!, /1,248 evaluations · [\d,]+ evaluations\/s · best score 1\.\d{3}/);
      // Best and population median per generation: two lines, not one flat line.
      assert.equal(await page.locator('.progress-chart polyline.best').count(), 1);
      assert.equal(await page.locator('.progress-chart polyline.median').count(), 1);
      assert.match((await page.locator('.progress-chart').getAttribute('aria-label'))!, /population median from/);
      assert.equal(await page.locator('[role=progressbar]').getAttribute('aria-valuenow'), '100');
      await page.locator('button[aria-label="Cancel the search"]').click();
      assert.deepEqual((await posted(page)).at(-1), { type: 'search/cancel', searchId: id });
    });

    test('the shortlist actions post typed messages', async () => {
      const result = searchResult(id, 12);
      await sendHost(page, { type: 'search/result', result });
      await page.locator('.cells li').first().waitFor();
      assert.equal(await page.locator('.cells li').count(), 5);
      assert.equal(await page.locator('button[aria-label="Cancel the search"]').getAttribute('hidden'), '', 'cancel hidden when done');
      assert.equal(await page.locator('.phase').textContent(), 'Done');
      const second = page.locator('.cells li').nth(1);
      const c = result.results[1];
      await second.locator('button:has-text("Insert")').click();
      await second.locator('button:has-text("Copy")').click();
      await second.locator('button:has-text("Export PyTorch")').click();
      await second.locator('button:has-text("Show graph")').click();
      assert.deepEqual((await posted(page)).slice(-4), [
        { type: 'search/insert', searchId: id, rank: 2, arch: c.arch },
        { type: 'search/copy', text: c.text },
        { type: 'search/export', searchId: id, rank: 2, text: c.text },
        { type: 'search/showGraph', searchId: id, rank: 2, text: c.text },
      ]);
      await screenshot(page, 'search');
    });

    test('shortlist text is escaped', async () => {
      const result = searchResult(id, 12);
      const evil = '<img src=x onerror=alert(1)>';
      result.results[4] = { ...result.results[4], text: evil };
      await sendHost(page, { type: 'search/result', result });
      await page.waitForFunction((t) => document.querySelectorAll('.cells code')[4]?.textContent === t, evil);
      assert.equal(await page.locator('img').count(), 0);
    });

    test('the shortlist says where its scores come from and links the model card', async () => {
      await sendHost(page, { type: 'search/result', result: searchResult(id, 12) });
      await page.waitForFunction(() => /Scored by universal/.test(document.querySelector('.evidence')?.textContent ?? ''));
      assert.equal(await page.locator('.evidence').textContent(), 'Scored by universal · in-space: validated ρ 0.84 on held-out nb201 cells (cifar10) · Model card');
      await page.locator('.evidence button.link').click();
      assert.deepEqual((await posted(page)).at(-1), { type: 'openModelCard', model: 'universal' });
    });

    test('a late message of another search is ignored', async () => {
      await sendHost(page, { type: 'search/progress', progress: { ...searchProgress('old', 1)[0] } });
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
      assert.equal(await page.locator('.phase').textContent(), 'Done');
    });
  });

  describe('cell graphs', () => {
    test('DARTS: two graphs side by side, one node per operator', async () => {
      const page = await session.open('graph', { width: 1280, height: 520 });
      const graph = graphResult('darts', DARTS_V2, 'darts_v2');
      await sendHost(page, { type: 'graph/show', graph });
      await page.locator('svg.cell-graph').first().waitFor();
      assert.equal(await page.locator('svg.cell-graph').count(), 2);
      for (const [i, g] of graph.graphs.entries()) {
        const svg = page.locator('svg.cell-graph').nth(i);
        assert.equal(await svg.locator('g.node').count(), g.nodes.length);
        assert.equal(await svg.locator('path.edge').count(), g.adj.flat().filter(Boolean).length);
      }
      assert.deepEqual(await page.locator('figcaption').allTextContents(), ['Normal cell', 'Reduction cell']);
      const boxes = await page.evaluate(() => Array.from(document.querySelectorAll('svg.cell-graph')).map((s) => s.getBoundingClientRect().top));
      assert.equal(boxes[0], boxes[1], 'side by side');
      assert.equal(await page.locator('g.node.unseen').count(), 0);
      await screenshot(page, 'graph-darts');
    });

    test('NB201 and a NEW operator: marked, in the legend; state survives a reload', async () => {
      const page = await session.open('graph', { width: 700, height: 480 });
      const cell: Nb201Cell = { kind: 'nb201', ops: ['nor_conv_3x3', 'nor_conv_3x3', 'skip_connect', 'avg_pool_3x3', 'nor_conv_1x1', 'none'] };
      const nb = graphResult('nb201', cell, 'c10_top');
      await sendHost(page, { type: 'graph/show', graph: nb });
      await page.locator('svg.cell-graph').first().waitFor();
      assert.equal(await page.locator('g.node').count(), nb201Space.toGraphs(cell)[0].ops.length);
      const g = graphResult('graph', NEW_OP_CELL, 'mixer', { gelu_mixer_3x3: 'Token mixer with GELU activation 3 by 3' });
      await sendHost(page, { type: 'graph/show', graph: g });
      await page.waitForFunction(() => document.querySelectorAll('g.node.unseen').length === 1);
      assert.equal(await page.locator('g.node').count(), NEW_OP_CELL.ops.length);
      assert.equal(await page.locator('g.node.unseen').getAttribute('data-op'), 'gelu_mixer_3x3');
      assert.match((await page.locator('.legend').textContent())!, /NEW: not in the built-in vocabularies/);
      await screenshot(page, 'graph-new-operator');
      const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
      const again = await session.open('graph', { state });
      assert.equal(await again.locator('g.node').count(), NEW_OP_CELL.ops.length);
    });
  });

  test('no page errors, dialogs or CSP violations across the run', () => {
    assert.deepEqual(session.errors, []);
    assert.deepEqual(session.dialogs, []);
  });
});
