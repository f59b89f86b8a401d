/**
 * Leaderboard timing in headless Chromium (run by bench/webview.mjs): delivering N rows (validate,
 * build rows, sort, render), re-sorting by each column, filtering; median of several runs each.
 */
import { FIXTURE_MODEL, makeEntries } from './fixtures';
import { missingTools, startSession, timedDispatch, timedSort } from './harness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main(n = 10_000, runs = 5): Promise<void> {
  const missing = missingTools();
  if (missing) {
    console.log(`webview bench skipped: ${missing}`);
    return;
  }
  const session = await startSession();
  try {
    const entries = makeEntries(n, 3);
    const bad = [...entries.slice(0, -1), { ...entries[0], uri: 42 }];
    const page = await session.open('leaderboard', { width: 760, height: 600 });
    const validate: number[] = [];
    const render: number[] = [];
    const frame: number[] = [];
    const sorts: Record<string, number[]> = { name: [], space: [], score: [], accuracy: [], params: [], file: [] };
    for (let r = 0; r < runs; r++) {
      // A message invalid at its last entry costs the full validation and nothing else.
      validate.push((await timedDispatch(page, { type: 'leaderboard/set', entries: bad })).syncMs);
      const t = await timedDispatch(page, { type: 'leaderboard/set', entries, model: FIXTURE_MODEL });
      render.push(t.syncMs);
      frame.push(t.frameMs);
      for (const c of Object.keys(sorts)) sorts[c].push((await timedSort(page, c)).syncMs);
    }
    const filter = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('.lb-text')!;
      const t0 = performance.now();
      input.value = 'cell_01';
      input.dispatchEvent(new Event('input'));
      void document.body.offsetHeight;
      return performance.now() - t0;
    });
    const f = (x: number) => `${x.toFixed(1)} ms`;
    console.log(`webview leaderboard, ${n.toLocaleString('en-US')} rows, median of ${runs} (headless Chromium):`);
    console.log(`  validate only          ${f(median(validate))}`);
    console.log(`  render (validate+rows+sort+DOM) ${f(median(render))}; to next frame ${f(median(frame))}`);
    for (const [c, xs] of Object.entries(sorts)) console.log(`  re-sort by ${c.padEnd(9)} ${f(median(xs))}`);
    console.log(`  text filter            ${f(filter)}`);
  } finally {
    await session.close();
  }
}
