/**
 * A tiny test collector for the real-editor tests (no mocha): `suite`/`test` register, `runAll`
 * runs them in order with a per-test timeout and reports pass/fail counts. Runs in the editor's
 * extension host (extension tests) and in plain Node (UI tests).
 */
type Body = () => unknown | Promise<unknown>;
interface Entry { name: string; fn: Body; timeoutMs: number }

export interface TestResult { name: string; ok: boolean; ms: number; error?: string }
export interface Results { passed: number; failed: number; tests: TestResult[] }

const entries: Entry[] = [];
const prefix: string[] = [];

export function suite(name: string, body: () => void): void {
  prefix.push(name);
  try { body(); } finally { prefix.pop(); }
}

export function test(name: string, fn: Body, timeoutMs = 20_000): void {
  entries.push({ name: [...prefix, name].join(' › '), fn, timeoutMs });
}

export async function runAll(log: (line: string) => void = console.log): Promise<Results> {
  const results: TestResult[] = [];
  for (const e of entries) {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(e.fn),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${e.timeoutMs} ms`)), e.timeoutMs); }),
      ]);
      results.push({ name: e.name, ok: true, ms: Date.now() - t0 });
      log(`  ✔ ${e.name} (${Date.now() - t0} ms)`);
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      results.push({ name: e.name, ok: false, ms: Date.now() - t0, error });
      log(`  ✖ ${e.name} (${Date.now() - t0} ms)\n    ${error.split('\n').join('\n    ')}`);
    } finally {
      clearTimeout(timer);
    }
  }
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, tests: results };
}

/** Polls `probe` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
