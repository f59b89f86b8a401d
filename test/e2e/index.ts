/**
 * Extension-tests entry (`extensionTestsPath`), loaded by the editor's extension host. Runs every
 * test, writes the counts to $TGNAS_E2E_RESULTS for scripts/e2e/run.mjs, and rejects on failure so
 * the editor exits non-zero.
 */
import { writeFileSync } from 'node:fs';
import { runAll } from './harness';
import './extension.test';
import './features.test';
import './notebooks.test';
import './improve.test';
import './pareto.test';

export async function run(): Promise<void> {
  console.log('extension-host tests');
  const results = await runAll();
  if (process.env.TGNAS_E2E_RESULTS) writeFileSync(process.env.TGNAS_E2E_RESULTS, JSON.stringify(results, null, 2));
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
