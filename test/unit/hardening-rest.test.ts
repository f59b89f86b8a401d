/**
 * Issue 13 (hardening), the rest: `convert` keeps a cell's meaning (round trip of every example through
 * every target, same scores, or a one-line refusal), every output error surfaces (EPIPE, a full disk, an
 * input without architectures), the embedding cache (only final sentences, appended, LRU-capped,
 * clearable), and the package (no CLI in the .vsix, LICENSE, optional transformers).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import {
  CachedEncoder,
  clearEmbeddingCache,
  configureEmbeddingCache,
  DEFAULT_CACHE_MAX_MB,
  embeddingCacheFile,
  embeddingCacheLimit,
  readCacheFile,
  saveEmbeddingTable,
  type OperatorEncoder,
} from '../../src/core/encoder';
import { Commands } from '../../src/shared/protocol';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { LspClient } from '../support/lsp-client';

const root = projectRoot();
const cli = join(root, 'dist', 'cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'tgnas-hardening-rest-'));
// The CLI's embedding cache goes to a temporary folder, never the user's.
const env = { ...process.env, TGNAS_CACHE: join(tmp, 'cli-cache') };
after(() => rmSync(tmp, { recursive: true, force: true }));

function tgnas(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8', env, maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

type Rec = Record<string, unknown> & { line: number; name?: string; error?: string };

function score(file: string): Rec[] {
  const r = tgnas(['score', file]);
  assert.ok(r.code === 0, `score ${file}: exit ${r.code}\n${r.err}`);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);
}

/** What must not change in a round trip: everything but where the record came from. */
function meaning(r: Rec): Record<string, unknown> {
  const { line: _line, name: _name, ...rest } = r;
  return rest;
}

// ---- 1. convert keeps the meaning ---------------------------------------------------------------------

test('convert: every example through every target keeps its scores, or refuses the cell in one line that names why', () => {
  const help = tgnas(['convert', '--help']).out;
  const targets = /--to ([\w|-]+)/.exec(help)![1].split('|');
  // Every writable notation of the registry, and a .arch document.
  assert.deepEqual([...targets].sort(), ['arch', 'genotype', 'graph', 'graph-json', 'naslib-nb201', 'nb101-json', 'nb201', 'nb301-compact', 'nbmr', 'nni-nb201', 'tnb101-macro', 'tnb101-micro']);
  // The examples, plus plain graph cells (no example has one; graph-json then has something to keep).
  const plain = join(tmp, 'plain-graph.arch');
  writeFileSync(
    plain,
    [
      'cell g1 = graph { in: input; a: nor_conv_3x3 <- in; b: sep_conv_3x3 <- in, a; out: output <- b }',
      'cell g2 = {"ops": ["input", "conv3x3-bn-relu", "max_pool_3x3", "output"], "edges": [[0, 1], [0, 2], [1, 3], [2, 3]]}',
      '',
    ].join('\n'),
  );
  const files = [
    ...readdirSync(join(root, 'examples'))
      .filter((f) => f.endsWith('.arch'))
      .map((f) => join(root, 'examples', f)),
    plain,
  ];
  assert.ok(files.length >= 6);
  const source = new Map(files.map((f) => [f, score(f)]));
  for (const [f, recs] of source) assert.ok(recs.length > 0 && recs.every((r) => !r.error && r.name), `${f}: ${JSON.stringify(recs)}`);

  let converted = 0;
  let refused = 0;
  for (const to of targets) {
    const expected: Rec[] = [];
    const lines: string[] = [];
    for (const f of files) {
      const r = tgnas(['convert', '--to', to, f]);
      const recs = source.get(f)!;
      const base = f.split('/').pop();
      if (to === 'arch') {
        // .arch expresses every cell of every space: nothing refused, and the same records come back.
        assert.equal(r.code, 0, `${base} --to arch: ${r.err}`);
        assert.equal(r.err, '');
        const out = join(tmp, `rt-${base}`);
        writeFileSync(out, r.out);
        const back = score(out);
        assert.deepEqual(
          back.map((x) => x.name),
          recs.map((x) => x.name),
          `${base} --to arch: the same cells`,
        );
        back.forEach((x, i) => assert.deepEqual(meaning(x), meaning(recs[i]), `${base} --to arch: cell ${x.name}`));
        converted += back.length;
        continue;
      }
      const refusedLines = new Set<number>();
      for (const line of r.err.split('\n').filter(Boolean)) {
        const m = /^line (\d+): (.*)$/.exec(line);
        assert.ok(m, `${base} --to ${to}: a refusal is one 'line N: ...' line, got ${JSON.stringify(line)}`);
        const rec = recs.find((x) => x.line === Number(m[1]));
        assert.ok(rec, `${base} --to ${to}: a refusal names a cell's line: ${line}`);
        assert.ok(m[2].includes(`cell '${rec.name}'`), `${base} --to ${to}: the refusal names the cell: ${line}`);
        // What cannot be expressed: the cell kind, or the space it would lose.
        assert.match(m[2], /cannot write .*(only .* cells|more than one input|an operator (is not in|has no)|it needs 8 pairs|it is in space '[^']+'.* is read in space '[^']+')/, line);
        refusedLines.add(Number(m[1]));
      }
      const kept = recs.filter((x) => !refusedLines.has(x.line));
      const out = r.out.split('\n').filter(Boolean);
      assert.equal(out.length, kept.length, `${base} --to ${to}: one line per cell not refused`);
      assert.equal(r.code, refusedLines.size ? 3 : 0, `${base} --to ${to}: exit 3 exactly when something was refused`);
      expected.push(...kept);
      lines.push(...out);
      refused += refusedLines.size;
    }
    if (lines.length === 0) continue;
    const file = join(tmp, `rt-${to}.txt`);
    writeFileSync(file, lines.join('\n') + '\n');
    const back = score(file);
    assert.equal(back.length, expected.length);
    back.forEach((x, i) => assert.deepEqual(meaning(x), meaning(expected[i]), `--to ${to}: ${lines[i]}`));
    converted += back.length;
  }
  assert.ok(converted > 40 && refused > 40, `${converted} converted, ${refused} refused`);
});

test('convert --to arch keeps op declarations with every attribute, space blocks with their budgets, and in SPACE', () => {
  const file = join(tmp, 'decls.arch');
  writeFileSync(
    file,
    [
      'op ghost "Ghost convolution 3 by 3" kind=conv params=4.5 flops=4.5 kernel=3 stride=1 dilation=2 channels=2',
      'space tiny { topology: nb201; ops: [none, skip_connect, nor_conv_3x3, ghost]; max_params: 0.5; max_flops: 80 }',
      'cell a in tiny = |ghost~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|ghost~2|',
      'cell t in tnb101 = |nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|skip_connect~2|',
      '',
    ].join('\n'),
  );
  const r = tgnas(['convert', '--to', 'arch', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^op ghost "Ghost convolution 3 by 3" kind=conv params=4\.5 flops=4\.5 kernel=3 stride=1 dilation=2 channels=2$/m);
  assert.match(
    r.out,
    /^space tiny \{\n {2}topology: nb201\n {2}ops: \[none, skip_connect, nor_conv_3x3, ghost\]\n {2}max_params: 0\.5\n {2}max_flops: 80\n\}$/m,
  );
  assert.match(r.out, /^cell a in tiny = \|ghost~0\|/m);
  assert.match(r.out, /^cell t in tnb101 = /m);

  // One `.arch` statement per line keeps its space too (score and convert read lines alike).
  const line = 'cell t in tnb101 = |nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|skip_connect~2|\n';
  const s = tgnas(['score', '-'], line);
  assert.equal(JSON.parse(s.out).space, 'tnb101-micro', s.out + s.err);
  const c = tgnas(['convert', '--to', 'arch', '-'], line);
  assert.match(c.out, /^cell t in tnb101 = /m, c.out + c.err);
  const n = tgnas(['convert', '--to', 'nb201', '-'], line);
  assert.equal(n.code, 3);
  assert.match(
    n.err,
    /^line 1: cannot write cell 't' as nb201: it is in space 'tnb101' \(TransNAS-Bench-101 micro\), but nb201 is read in space 'nb201'/,
  );
  // Asked for explicitly, the space change is allowed.
  const forced = tgnas(['convert', '--to', 'graph-json', '--allow-space-change', '-'], line);
  assert.equal(forced.code, 0, forced.err);
  assert.match(forced.out, /^\{"ops": \["input", /);
});

// ---- 3. every error surfaces ------------------------------------------------------------------------------

const BEST = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';

test('stdout: a reader that goes away (| head -1) ends the command quietly with 141, a failed write with 1 and one line', () => {
  const file = join(tmp, 'many.txt');
  writeFileSync(file, `${BEST}\n`.repeat(6000));
  for (const cmd of ['info', 'score']) {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" ${cmd} "${file}" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      encoding: 'utf8',
      env,
    });
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1, r.stdout.slice(0, 300));
    assert.match(r.stderr, /status=141/, `${cmd} | head -1: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /EPIPE|Error|\n\s+at /, `${cmd}: quiet on a closed pipe`);
  }
  if (!existsSync('/dev/full')) return;
  const fd = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [cli, 'info', file], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env });
    assert.equal(r.status, 1, 'a full disk is an error exit, not a silent 0');
    assert.match(r.stderr, /^tgnas: cannot write to standard output: ENOSPC$/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  } finally {
    closeSync(fd);
  }
});

test('an input without any architecture says so on stderr: exit 3 for info, convert and score, a note for check', () => {
  for (const input of ['', '\n\n', '# only a comment\n   \n']) {
    for (const args of [['info'], ['convert', '--to', 'nb201'], ['convert', '--to', 'arch'], ['score']]) {
      const r = tgnas([...args, '-'], input);
      assert.equal(r.code, 3, `${args.join(' ')} on ${JSON.stringify(input)}: ${r.err}`);
      assert.equal(r.out.trim(), '', `${args.join(' ')}: nothing on stdout`);
      assert.match(r.err, new RegExp(`^tgnas ${args[0]}: no architecture in standard input$`, 'm'));
    }
  }
  const empty = join(tmp, 'empty.arch');
  writeFileSync(empty, '# nothing yet\n');
  const s = tgnas(['score', empty]);
  assert.equal(s.code, 3);
  assert.match(s.err, /no architecture in .*empty\.arch/);
  const c = tgnas(['check', empty]);
  assert.equal(c.code, 0, 'nothing wrong was found');
  assert.match(c.err, /^tgnas check: no architecture in .*empty\.arch$/m);
  const ok = tgnas(['check', 'examples/nb201.arch']);
  assert.doesNotMatch(ok.err, /no architecture/);
});

// ---- 2. the embedding cache ---------------------------------------------------------------------------------

/** A deterministic 8-d encoder that counts what it embeds. */
function fakeEncoder(calls: string[] = []): OperatorEncoder & { calls: string[] } {
  return {
    id: 'fake',
    dimension: 8,
    weightsHash: 'f'.repeat(64),
    calls,
    load: async () => undefined,
    dispose: () => undefined,
    embed: async (ss) =>
      ss.map((s) => {
        calls.push(s);
        return Float32Array.from({ length: 8 }, (_, i) => Math.sin(s.length * 7.3 + i) / (1 + (s.charCodeAt(i % s.length) % 13)));
      }),
  };
}

test('embedding cache: new sentences are appended as JSON lines, never rewritten; vectors come back bit-identical', async () => {
  const dir = join(tmp, 'cache-append');
  const c1 = new CachedEncoder(fakeEncoder(), dir, undefined, { maxBytes: 1 << 20 });
  const [a] = await c1.embed(['alpha']);
  const file = embeddingCacheFile(dir, c1);
  assert.match(file, /\.jsonl$/);
  const first = readFileSync(file, 'utf8');
  const ino = statSync(file).ino;
  await c1.embed(['beta', 'alpha']);
  const second = readFileSync(file, 'utf8');
  assert.ok(second.startsWith(first), 'appended, not rewritten');
  assert.equal(statSync(file).ino, ino, 'the same file');
  const lines = second
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines[0].tgnas, 'embedding-cache');
  assert.deepEqual(
    lines.slice(1).map((l) => l.s),
    ['alpha', 'beta'],
  );

  const calls: string[] = [];
  const c2 = new CachedEncoder(fakeEncoder(calls), dir, undefined, { maxBytes: 1 << 20 });
  const [a2] = await c2.embed(['alpha']);
  assert.deepEqual(calls, [], 'read from disk');
  assert.deepEqual(Array.from(a2), Array.from(a));
  assert.equal(c2.stats.disk, 1);
  // A use is recorded once per process, as a short line.
  await c2.embed(['alpha']);
  assert.deepEqual(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(-1)
      .map((l) => JSON.parse(l)),
    [{ t: 'alpha' }],
  );
  // A torn last line (a writer stopped mid-line) is skipped.
  writeFileSync(file, readFileSync(file, 'utf8') + '{"s":"gam');
  assert.deepEqual([...readCacheFile(file, c2)!.entries.keys()].sort(), ['alpha', 'beta']);
});

test('embedding cache: capped by size with least-recently-used eviction', async () => {
  const dir = join(tmp, 'cache-lru');
  const probe = new CachedEncoder(fakeEncoder(), join(tmp, 'probe'), undefined, { maxBytes: 1 << 20 });
  await probe.embed(['s00']);
  const lineBytes = readFileSync(probe.file!, 'utf8').split('\n')[1].length + 1;
  const maxBytes = 10 * lineBytes;
  const enc = new CachedEncoder(fakeEncoder(), dir, undefined, { maxBytes });
  await enc.embed(['s00']);
  const reused: string[] = [];
  let compacted = false;
  for (let i = 1; i < 40; i++) {
    const before = statSync(enc.file!).size;
    await enc.embed([`s${String(i).padStart(2, '0')}`]);
    if (statSync(enc.file!).size < before) compacted = true;
    // s00 is used again every third sentence, each time by a new process: it is always read from the file.
    if (i % 3 === 0) await new CachedEncoder(fakeEncoder(reused), dir, undefined, { maxBytes }).embed(['s00']);
    assert.ok(statSync(enc.file!).size <= maxBytes, `${statSync(enc.file!).size} bytes over ${maxBytes} after s${i}`);
  }
  assert.ok(compacted, 'the file was compacted');
  assert.deepEqual(reused, [], 'a sentence in use is never evicted, however old');
  const kept = [...readCacheFile(enc.file!, enc)!.entries.keys()];
  assert.ok(kept.length >= 4 && kept.length <= 10, kept.join(' '));
  assert.ok(kept.includes('s39') && kept.includes('s38') && kept.includes('s00'), kept.join(' '));
  assert.ok(!kept.includes('s01') && !kept.includes('s10'), 'the least recently used go');
});

test('embedding cache: the earlier whole-JSON file is imported once and removed; clearing and size 0', async () => {
  const dir = join(tmp, 'cache-legacy');
  const enc = fakeEncoder();
  const [v] = await enc.embed(['old sentence']);
  const legacy = embeddingCacheFile(dir, enc).replace(/\.jsonl$/, '.json');
  saveEmbeddingTable(legacy, {
    encoder: { id: enc.id, dimension: 8, weightsHash: enc.weightsHash },
    sentences: { 'old sentence': Array.from(v) },
  });
  const calls: string[] = [];
  const c = new CachedEncoder(fakeEncoder(calls), dir);
  const [back] = await c.embed(['old sentence']);
  assert.deepEqual(calls, []);
  assert.deepEqual(Array.from(back), Array.from(v));
  assert.ok(!existsSync(legacy), 'the earlier file is gone');
  assert.ok(existsSync(embeddingCacheFile(dir, enc)));

  const cleared = clearEmbeddingCache(dir);
  assert.equal(cleared.files, 1);
  assert.ok(cleared.bytes > 0);
  assert.deepEqual(readdirSync(join(dir, 'embeddings')), []);
  // Still usable after a clear: the file starts again, with its header.
  await c.embed(['after clear']);
  assert.deepEqual([...readCacheFile(embeddingCacheFile(dir, enc), enc)!.entries.keys()], ['after clear']);

  // Size 0: memory only, nothing written.
  const off = join(tmp, 'cache-off');
  configureEmbeddingCache({ maxBytes: 0 });
  try {
    assert.equal(embeddingCacheLimit(), 0);
    await new CachedEncoder(fakeEncoder(), off).embed(['x']);
    assert.ok(!existsSync(join(off, 'embeddings')));
  } finally {
    configureEmbeddingCache({});
  }
  assert.equal(embeddingCacheLimit(), (Number(process.env.TGNAS_CACHE_MAX_MB) || DEFAULT_CACHE_MAX_MB) * 1024 * 1024);
});

/** Every sentence in the embedding cache files of a folder (either format). */
function cachedSentences(cacheDir: string): string[] {
  const dir = join(cacheDir, 'embeddings');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (f.endsWith('.json')) out.push(...Object.keys(JSON.parse(text).sentences ?? {}));
    else if (f.endsWith('.jsonl')) for (const l of text.split('\n')) if (l.startsWith('{"s":')) out.push(JSON.parse(l).s);
  }
  return out;
}

test('editor: typing an operator description embeds (and caches) only the finished sentence', async () => {
  const cacheDir = join(tmp, 'server-cache');
  mkdirSync(cacheDir, { recursive: true });
  const lsp = new LspClient({ TGNAS_CACHE: cacheDir });
  try {
    const dir = join(tmp, 'ws');
    mkdirSync(dir, { recursive: true });
    await lsp.initialize({ trusted: true }, dir);
    const uri = `file://${join(dir, 'typing.arch')}`;
    const sentence = 'Ghost convolution 3 by 3 that makes cheap linear features from a few maps';
    const doc = (desc: string) =>
      [
        `op ghost "${desc}" kind=conv`,
        'space g201 { topology: nb201; ops: [none, skip_connect, nor_conv_3x3, ghost] }',
        'cell c in g201 = |ghost~0|+|nor_conv_3x3~0|ghost~1|+|skip_connect~0|none~1|ghost~2|',
        '',
      ].join('\n');
    const all = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
    // Opened with an empty description (an error): nothing to embed yet.
    lsp.open(uri, doc(''));
    await lsp.waitDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'op-missing-description'));
    // A fast typist (one key every 25 ms, under the 150 ms debounce); the editor asks for hints and a hover meanwhile.
    const pending: Array<Promise<unknown>> = [];
    for (let i = 1; i <= sentence.length; i++) {
      lsp.change(uri, doc(sentence.slice(0, i)));
      pending.push(lsp.request('textDocument/inlayHint', { textDocument: { uri }, range: all }));
      if (i % 10 === 0) pending.push(lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } }));
      await new Promise((r) => setTimeout(r, 25));
    }
    await Promise.all(pending);
    await lsp.waitDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'unseen-operator'), 30_000);
    // Once typing pauses the cell is scored (with the finished sentence) and the hint comes.
    let hints: any[] = [];
    for (let t = 0; t < 100 && hints.length === 0; t++) {
      hints = await lsp.request<any[]>('textDocument/inlayHint', { textDocument: { uri }, range: all });
      if (!hints.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(hints.length, 1, 'the cell has its score');
    const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
    assert.match(hover.contents.value, /Nearest known operators/);
    const cached = cachedSentences(cacheDir);
    assert.ok(cached.includes(sentence), `the finished sentence is cached: ${JSON.stringify(cached)}`);
    const fragments = cached.filter((s) => s !== sentence && sentence.startsWith(s));
    assert.deepEqual(fragments, [], `no partial sentence is cached (${fragments.length} were)`);
  } finally {
    await lsp.close();
  }
});

// ---- 4. packaging -------------------------------------------------------------------------------------------

test('package: no CLI in the .vsix, a LICENSE, the transformers encoder optional, the cache setting and command declared', () => {
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim());
  for (const p of ['dist/cli.js', 'dist/worker.js', '.npmrc'])
    assert.ok(ignore.includes(p), `.vscodeignore leaves out ${p}`);
  // The search worker loads the NB201 latency tables for latency Pareto fronts (tgnas.search.device).
  assert.ok(!ignore.some((l) => l.startsWith('models/latency')), '.vscodeignore keeps models/latency');
  // What is left out is what the extension never loads: its bundles name neither file.
  for (const b of ['extension.js', 'server.js', 'search-worker.js']) {
    const text = readFileSync(join(root, 'dist', b), 'utf8');
    assert.doesNotMatch(text, /\bcli\.js\b/, `${b} loads dist/cli.js`);
    assert.doesNotMatch(text, /["'/]worker\.js["']/, `${b} loads dist/worker.js`);
  }
  assert.doesNotMatch(readFileSync(join(root, 'scripts', 'package.mjs'), 'utf8'), /'--skip-license'/);

  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  assert.match(license, /^MIT License\n\nCopyright \(c\) 2026 TG-NAS for VS Code contributors\n/);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.license, 'MIT');
  assert.ok(!('@huggingface/transformers' in pkg.dependencies), 'not a hard dependency');
  assert.equal(pkg.optionalDependencies['@huggingface/transformers'], '4.3.2');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  assert.deepEqual(lock.packages[''].optionalDependencies, pkg.optionalDependencies, 'the lockfile agrees (npm ci)');
  assert.equal(lock.packages['node_modules/@huggingface/transformers'].optional, true);
  // Loaded only when that encoder is chosen: no static import anywhere in the sources.
  const sources = spawnSync('grep', ['-rlE', "(from|require\\() *'@huggingface/transformers'", join(root, 'src')], {
    encoding: 'utf8',
  }).stdout;
  assert.equal(sources, '', `static imports of the optional package: ${sources}`);

  const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
  for (const id of Object.values(Commands)) assert.ok(commands.includes(id), `${id} is contributed`);
  assert.ok(commands.includes('tgnas.clearEmbeddingCache'));
  const setting = pkg.contributes.configuration.properties['tgnas.embeddingCache.maxSizeMB'];
  assert.equal(setting.default, DEFAULT_SETTINGS.embeddingCache.maxSizeMB);
  assert.equal(setting.default, DEFAULT_CACHE_MAX_MB);
  assert.equal(setting.minimum, 0);
});
