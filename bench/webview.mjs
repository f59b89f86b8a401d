#!/usr/bin/env node
// Leaderboard render/re-sort timing of the webview bundle in headless Chromium.
//   node bench/webview.mjs [rows=10000] [runs=5]
// Needs dist/webview.js (node scripts/build.mjs) and the e2e tools (scripts/e2e/setup.sh).
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outfile = join(root, 'out/bench/webview-bench.cjs');
await esbuild.build({
  entryPoints: [join(root, 'test/webview/bench.ts')], outfile, bundle: true, platform: 'node', format: 'cjs',
  target: 'node20', packages: 'external', logLevel: 'warning',
});
process.env.TGNAS_ROOT ??= root;
const [rows = '10000', runs = '5'] = process.argv.slice(2);
await createRequire(import.meta.url)(outfile).main(Number(rows), Number(runs));
