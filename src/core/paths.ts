/**
 * Where things live on disk. Bundles (dist/*.js), compiled tests (out/test/**) and the
 * extension install all sit somewhere under the project root, so the root is found by
 * walking up from this module to the package.json that names this project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let cachedRoot: string | undefined;

export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'tgnas-vscode') return (cachedRoot = dir);
      } catch {
        /* not ours; keep walking */
      }
    }
    const up = dirname(dir);
    if (up === dir) return (cachedRoot = resolve(__dirname, '..'));
    dir = up;
  }
}

/** Shipped models: `models/<name>/`. */
export function modelsDir(): string {
  return join(projectRoot(), 'models');
}

/**
 * The shared benchmark data folder (`../shared/data` beside the project, or $TGNAS_DATA).
 * Returns undefined when absent: tests and benchmarks then skip with a message.
 */
export function dataDir(): string | undefined {
  const candidates = [process.env.TGNAS_DATA, join(projectRoot(), '..', 'shared', 'data')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return undefined;
}

/** Message used wherever a test or benchmark skips for lack of the shared data. */
export const NO_DATA_MESSAGE =
  'benchmark data not found (looked for ../shared/data beside the project and $TGNAS_DATA); skipped';
