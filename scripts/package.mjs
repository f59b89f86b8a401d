#!/usr/bin/env node
// `npm run package`: builds tgnas-vscode-<version>.vsix and reports its size and largest entries.
// @vscode/vsce is not a project dependency (it is large and would slow every `npm ci`); it is
// installed once into the git-ignored .vscode-test/tools, beside the e2e tools (scripts/e2e/setup.sh).
// The bundles in dist/ carry their dependencies, so vsce runs with --no-dependencies; what goes
// into the package is decided by .vscodeignore.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VSCE_VERSION = '3.9.2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.vscode-test', 'tools');
const vsceBin = join(tools, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const log = (m) => console.log(`[package] ${m}`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

function installedVsce() {
  try {
    return JSON.parse(readFileSync(join(tools, 'node_modules', '@vscode', 'vsce', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

if (installedVsce() !== VSCE_VERSION || !existsSync(vsceBin)) {
  log(`installing @vscode/vsce@${VSCE_VERSION} into .vscode-test/tools`);
  run('npm', ['install', '--prefix', tools, `@vscode/vsce@${VSCE_VERSION}`, '--no-audit', '--no-fund'], {
    shell: process.platform === 'win32',
  });
}

log('production build');
run(process.execPath, [join('scripts', 'build.mjs'), '--production']);

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = `tgnas-vscode-${version}.vsix`;
log(`vsce package -> ${out}`);
run(vsceBin, [
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  // No repository URL to rewrite README's relative links against: keep them relative (they
  // resolve inside the installed extension, which ships media/ and docs/).
  '--no-rewrite-relative-links',
  '--out',
  out,
], { shell: process.platform === 'win32' });

const bytes = statSync(join(root, out)).size;
log(`${out}: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);

// Largest entries, from `unzip -l` (uncompressed sizes), then the checks.
let entries;
try {
  const listing = execFileSync('unzip', ['-l', out], { cwd: root, encoding: 'utf8' });
  entries = [];
  for (const line of listing.split('\n')) {
    const m = /^\s*(\d+)\s+\S+\s+\S+\s+(\S.*)$/.exec(line);
    if (m && !m[2].endsWith('/')) entries.push({ size: Number(m[1]), name: m[2] });
  }
  entries.sort((a, b) => b.size - a.size);
  const total = entries.reduce((s, e) => s + e.size, 0);
  log(`${entries.length} files, ${(total / 1024 / 1024).toFixed(2)} MB uncompressed; largest:`);
  for (const e of entries.slice(0, 12)) console.log(`  ${(e.size / 1024).toFixed(0).padStart(8)} KB  ${e.name}`);
} catch (e) {
  log(`could not list the package (${e.message.split('\n')[0]}); is unzip installed?`);
}
if (entries) {
  const problems = checkEntries(entries);
  for (const p of problems) log(`problem: ${p}`);
  if (problems.length) process.exit(1);
  log('checked: no CLI-only files, no duplicate files, LICENSE included');
}

/**
 * What the extension does not use must not ship (the CLI and its training worker, CLI-only data,
 * npm settings), LICENSE must, and no two files may be byte-identical (e.g. the same embeddings.json
 * in two model folders: models then need to share one file).
 */
function checkEntries(list) {
  const problems = [];
  const names = list.map((e) => e.name.replace(/^extension\//, ''));
  const unused = [/^dist\/cli\.js$/, /^dist\/worker\.js$/, /^\.npmrc$/, /\.map$/, /^src\//];
  for (const n of names) if (unused.some((re) => re.test(n))) problems.push(`${n} is in the package but the extension never loads it (.vscodeignore)`);
  if (!names.some((n) => /^LICENSE(\.txt|\.md)?$/i.test(n))) problems.push('no LICENSE in the package');
  // Byte-identical files: candidates by size, then by the sha256 of the files on disk.
  const bySize = new Map();
  list.forEach((e, i) => bySize.set(e.size, [...(bySize.get(e.size) ?? []), names[i]]));
  for (const [size, group] of bySize) {
    if (group.length < 2 || size < 1024) continue;
    const byHash = new Map();
    for (const n of group) {
      const file = join(root, n);
      if (!existsSync(file)) continue;
      const h = createHash('sha256').update(readFileSync(file)).digest('hex');
      byHash.set(h, [...(byHash.get(h) ?? []), n]);
    }
    for (const same of byHash.values()) if (same.length > 1) problems.push(`identical files shipped twice: ${same.join(', ')} (${(size / 1024).toFixed(0)} KB each)`);
  }
  return problems;
}
