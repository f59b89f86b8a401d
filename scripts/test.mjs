#!/usr/bin/env node
// The project's one test command. Builds the bundles, lints (eslint.config.mjs; a clean lint counts as
// 1 passed, any error as 1 failed), compiles test/unit/**/*.test.ts with esbuild into out/test, runs
// them with node's built-in test runner, then runs the real-editor tests (scripts/e2e: code-server +
// chromium, tools installed on first use), and closes with one summary line per stage and a total.
//   node scripts/test.mjs            every suite
//   node scripts/test.mjs formats    only unit test files whose path contains "formats" (no lint, no editor tests)
//   node scripts/test.mjs lint       only the lint
//   node scripts/test.mjs e2e        only the editor tests
//   TGNAS_SKIP_E2E=1                 skip the editor tests
//   TGNAS_SKIP_LINT=1                skip the lint
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

// --- lint (npm run lint). Filtered runs skip it unless "lint" is one of the filters.
let lint; // undefined = skipped, with the reason in `lintSkipped`
let lintSkipped = '';
if (process.env.TGNAS_SKIP_LINT === '1') lintSkipped = 'skipped (TGNAS_SKIP_LINT=1)';
else if (filters.length > 0 && !filters.includes('lint')) lintSkipped = 'skipped (filtered run; add "lint" to include)';
if (lintSkipped) {
  console.log(`[test] lint ${lintSkipped}`);
} else {
  const t0 = Date.now();
  const eslint = join(root, 'node_modules/eslint/bin/eslint.js');
  const run = existsSync(eslint)
    ? spawnSync(process.execPath, [eslint, 'src', 'test', 'scripts', 'bench'], { stdio: 'inherit', cwd: root })
    : (console.log('[test] eslint is not installed (npm install)'), { status: 1 });
  lint = run.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  console.log(`[test] lint ${run.status === 0 ? 'clean' : 'failed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// --- unit tests (node --test). A second reporter writes TAP to a file for the counts.
const unit = { passed: 0, failed: 0 };
const tests = walk(join(root, 'test/unit'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)));
const out = join(root, 'out/test');
rmSync(out, { recursive: true, force: true });
if (tests.length > 0) {
  await esbuild.build({
    entryPoints: tests, outdir: out, outbase: join(root, 'test/unit'), bundle: true, platform: 'node',
    format: 'cjs', target: 'node20', sourcemap: 'inline', packages: 'external', logLevel: 'warning',
  });
  const compiled = walk(out).filter((f) => f.endsWith('.test.js'));
  const tap = join(out, 'unit.tap');
  const run = spawnSync(process.execPath, [
    '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, '--test-concurrency=1', ...compiled,
  ], { stdio: 'inherit', cwd: root, env: { ...process.env, TGNAS_ROOT: root } });
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  unit.passed = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  unit.failed = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  if (run.status !== 0 && unit.failed === 0) unit.failed = 1; // crashed before reporting
} else {
  mkdirSync(out, { recursive: true });
  console.log('[test] no unit test files matched');
}

// --- real-editor tests.
let vscode; // undefined = skipped, with the reason in `skipped`
let skipped = '';
if (process.env.TGNAS_SKIP_E2E === '1') skipped = 'skipped (TGNAS_SKIP_E2E=1)';
else if (filters.length > 0 && !filters.includes('e2e')) skipped = 'skipped (filtered run; add "e2e" to include)';
if (skipped) {
  console.log(`[test] editor tests ${skipped}`);
} else {
  const summary = join(root, '.vscode-test/e2e-summary.json');
  rmSync(summary, { force: true });
  const setup = spawnSync('bash', [join(root, 'scripts/e2e/setup.sh')], { stdio: 'inherit', cwd: root });
  if (setup.status === 0) spawnSync(process.execPath, [join(root, 'scripts/e2e/run.mjs'), '--no-build'], { stdio: 'inherit', cwd: root });
  vscode = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1 };
  if (setup.status !== 0) console.log('[test] editor tools could not be installed; counted as 1 failure');
}

const fmt = (c) => `${c.passed} passed, ${c.failed} failed`;
const total = {
  passed: (lint?.passed ?? 0) + unit.passed + (vscode?.passed ?? 0),
  failed: (lint?.failed ?? 0) + unit.failed + (vscode?.failed ?? 0),
};
console.log(`\nlint: ${lint ? fmt(lint) : lintSkipped}`);
console.log(`unit: ${fmt(unit)}; vscode: ${vscode ? fmt(vscode) : skipped}`);
console.log(`total: ${fmt(total)}`);
process.exit(total.failed > 0 ? 1 : 0);
