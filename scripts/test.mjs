#!/usr/bin/env node
// The project's one test command. Builds the bundles, compiles test/unit/**/*.test.ts with
// esbuild into out/test, and runs them with node's built-in test runner.
//   node scripts/test.mjs            every suite
//   node scripts/test.mjs formats    only test files whose path contains "formats"
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const tests = walk(join(root, 'test/unit'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)));
const out = join(root, 'out/test');
rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: tests, outdir: out, outbase: join(root, 'test/unit'), bundle: true, platform: 'node',
  format: 'cjs', target: 'node20', sourcemap: 'inline', packages: 'external', logLevel: 'warning',
});
const compiled = walk(out).filter((f) => f.endsWith('.test.js'));
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...compiled], {
  stdio: 'inherit', cwd: root, env: { ...process.env, TGNAS_ROOT: root },
});
process.exit(run.status ?? 1);
