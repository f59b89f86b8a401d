/**
 * Issue 13, "bounded work": no input makes the parsers, the analysis, the CLI or the language server
 * do super-linear work, overflow the stack, hang on a special file or block other documents. Each test
 * checks the bounded behaviour (diagnostics, bounded results); timings are in the issue's report.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeDocument, capDiagnostics } from '../../src/core/analysis';
import { readRegularFile, UnreadableFileError, walkFiles } from '../../src/core/files';
import { parseArchDocument, parseArchitecture } from '../../src/core/formats';
import { CANONICAL_HASH_MAX_NODES, MAX_DIAGNOSTICS, MAX_DOCUMENT_CHARS, MAX_GRAPH_EDGES, MAX_GRAPH_NODES } from '../../src/core/limits';
import { graphSpace, hashGraph, hashModule } from '../../src/core/spaces';
import type { Diagnostic, GraphCell } from '../../src/core/types';
import { projectRoot } from '../../src/core/paths';
import { readRecords } from '../../src/cli/records';
import { LspClient } from '../support/lsp-client';

const root = projectRoot();
const cli = join(root, 'dist', 'cli.js');
const GOOD = '|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const dir = mkdtempSync(join(tmpdir(), 'tgnas-bounded-'));
const tgnas = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8', timeout: 20_000, maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const hasFifo = (() => {
  try {
    execFileSync('mkfifo', [join(dir, 'probe.fifo')]);
    return true;
  } catch {
    return false;
  }
})();

/** A graph block of n nodes: a chain with `extra` more inputs per node. */
function graphBlock(n: number, extra = 0): string {
  const lines = ['cell g = graph {', '  n0: input'];
  for (let i = 1; i < n - 1; i++) {
    const srcs = new Set([i - 1]);
    for (let k = 1; k <= extra && i - 1 - k >= 0; k++) srcs.add(i - 1 - k);
    lines.push(`  n${i}: nor_conv_3x3 <- ${[...srcs].map((s) => `n${s}`).join(', ')}`);
  }
  lines.push(`  n${n - 1}: output <- n${n - 2}`, '}');
  return lines.join('\n') + '\n';
}

// ---- 1. graph cells with thousands of nodes ------------------------------------------------------

test('bounded: a 2,000-node graph block is refused at node 501 with a located diagnostic', () => {
  const a = analyzeDocument('big.arch', graphBlock(2000));
  assert.equal(a.cells.length, 0);
  const d = a.diagnostics.find((x) => x.code === 'graph-too-large');
  assert.ok(d, JSON.stringify(a.diagnostics.slice(0, 3)));
  assert.equal(d.severity, 'error');
  // Line 1 is the header, line 2 node n0: node index MAX_GRAPH_NODES is on line MAX_GRAPH_NODES + 2.
  assert.deepEqual([d.range.line, d.range.column], [MAX_GRAPH_NODES + 2, 3]);
  assert.match(d.message, new RegExp(`at most ${MAX_GRAPH_NODES} nodes`));
});

test('bounded: 10,000-node graph-json and NB101 matrices are refused; too many edges too', () => {
  const n = 10_000;
  const ops = ['input', ...Array.from({ length: n - 2 }, () => 'nor_conv_3x3'), 'output'];
  const edges = Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);
  const p = parseArchitecture(JSON.stringify({ ops, edges }));
  assert.equal(p.cell, undefined);
  assert.equal(p.diagnostics[0].code, 'graph-too-large');
  const rows = 600;
  const matrix = `{"matrix": [${Array.from({ length: rows }, () => `[${new Array(rows).fill(0).join(',')}]`).join(',')}], "ops": []}`;
  assert.equal(parseArchitecture(matrix, 'nb101', { maxNodes: Infinity }).diagnostics[0].code, 'graph-too-large');
  const dense = graphBlock(200, 40); // ~7,000 edges
  const d = analyzeDocument('dense.arch', dense).diagnostics.find((x) => x.code === 'graph-too-large');
  assert.ok(d && /edges/.test(d.message) && MAX_GRAPH_EDGES < 7000);
});

test('bounded: the largest accepted graph is analysed, keyed exactly and costed', () => {
  const a = analyzeDocument('max.arch', graphBlock(MAX_GRAPH_NODES, 8));
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(a.cells.length, 1);
  const cell = a.cells[0].cell as GraphCell;
  assert.equal(cell.ops.length, MAX_GRAPH_NODES);
  assert.ok(cell.edges.length <= MAX_GRAPH_EDGES);
  // Exact key above the canonical-hash limit: another op somewhere changes it.
  const other: GraphCell = { ...cell, ops: cell.ops.map((o, i) => (i === 250 ? 'nor_conv_1x1' : o)) };
  assert.notEqual(graphSpace.key(other), a.cells[0].key);
  assert.equal(graphSpace.key({ ...cell }), a.cells[0].key);
  // A wide graph (every node fed by the input) sorts topologically without a sort per step.
  const wide: GraphCell = { kind: 'graph', ops: ['input', ...new Array(MAX_GRAPH_NODES - 2).fill('nor_conv_3x3'), 'output'], edges: [] };
  for (let i = 1; i < MAX_GRAPH_NODES - 1; i++) wide.edges.push([0, i], [i, MAX_GRAPH_NODES - 1]);
  assert.deepEqual(graphSpace.validate(wide), []);
  assert.match(graphSpace.key(wide), /^[0-9a-f]{32}$/);
});

test('bounded: the canonical hash stays nasbench-exact and isomorphism-invariant up to its node limit', () => {
  // A NAS-Bench-101 module (labels: input -1, output -2, else op index), hash as nasbench computes it.
  const m = [
    [0, 1, 1, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0],
  ];
  assert.equal(hashModule(m, [-1, 0, 1, 2, 0, 1, -2]), '08c208c36f4974abf4a0eabf6ecdad4b');
  // Renumbering the interior nodes of a 32-node graph keeps the key; past the limit the key is exact.
  const chain = (n: number, perm: (i: number) => number): GraphCell => {
    const ops = new Array<string>(n);
    ops[0] = 'input';
    ops[n - 1] = 'output';
    const edges: Array<[number, number]> = [];
    for (let i = 1; i < n - 1; i++) {
      ops[perm(i)] = i % 2 ? 'nor_conv_3x3' : 'avg_pool_3x3';
      edges.push([0, perm(i)]);
      if (i > 1) edges.push([perm(i - 1), perm(i)]);
    }
    edges.push([perm(n - 2), n - 1]);
    return { kind: 'graph', ops, edges };
  };
  const n = CANONICAL_HASH_MAX_NODES;
  const rev = (i: number) => n - 1 - i;
  assert.equal(graphSpace.key(chain(n, (i) => i)), graphSpace.key(chain(n, rev)));
  assert.match(graphSpace.key(chain(n + 2, (i) => i)), /^[0-9a-f]{32}$/);
  assert.equal(hashGraph([-1, -2], [[0, 1]]), hashModule([[0, 1], [0, 0]], [-1, -2]));
});

test('bounded: space max_nodes / max_edges above the parser caps are errors', () => {
  const doc = parseArchDocument(`space s {\n  topology: graph\n  ops: [nor_conv_3x3]\n  max_nodes: ${MAX_GRAPH_NODES + 1}\n  max_edges: 99999\n}\n`);
  const limits = doc.diagnostics.filter((d) => d.code === 'space-limit');
  assert.equal(limits.length, 2, JSON.stringify(doc.diagnostics));
  assert.deepEqual(limits.map((d) => d.range.line), [4, 5]);
});

// ---- 3. deep nesting -------------------------------------------------------------------------------

const DEEP = 100_000;
const deepLines: Record<string, string> = {
  tuple: '('.repeat(DEEP) + ')'.repeat(DEEP),
  list: '['.repeat(DEEP) + ']'.repeat(DEEP),
  json: '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP),
  matrix: `{"matrix": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`,
  genotype: `Genotype(${'['.repeat(DEEP)}${']'.repeat(DEEP)})`,
  graph: `graph {${'{'.repeat(DEEP)}`,
  unclosed: '('.repeat(DEEP),
};

test('bounded: a 10^5-deep bracket line is one error record between two good ones (every reader)', () => {
  for (const [kind, line] of Object.entries(deepLines)) {
    const records = readRecords(undefined, `${GOOD}\n${line}\n${GOOD}\n`, undefined);
    assert.equal(records.length, 3, kind);
    assert.ok('cell' in records[0] && 'cell' in records[2], kind);
    assert.ok('error' in records[1] && records[1].line === 2, kind);
  }
  const r = readRecords(undefined, `${deepLines.json}\n`, undefined)[0];
  assert.ok('error' in r && /nested more than 100 levels/.test(r.error));
});

test('bounded: tgnas info and convert go on past a 10^5-deep line', () => {
  const file = join(dir, 'deep.txt');
  writeFileSync(file, `${GOOD}\n${deepLines.tuple}\n${GOOD}\n`);
  const info = tgnas(['info', file]);
  assert.equal(info.code, 3, info.err);
  const recs = info.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(recs.map((x) => x.line), [1, 2, 3]);
  assert.ok(recs[0].arch && recs[2].arch && recs[1].error, info.out.slice(0, 500));
  const conv = tgnas(['convert', '--to', 'graph-json', '--allow-space-change', file]);
  assert.notEqual(conv.err.includes('RangeError'), true, conv.err);
  assert.ok(conv.out.includes('"ops"'), conv.out.slice(0, 300) + conv.err.slice(0, 300));
});

test('bounded: a 10^5-deep cell in a .arch file is a diagnostic, the next cell is read', () => {
  const a = analyzeDocument('deep.arch', `cell a = ${deepLines.json}\ncell b = ${GOOD}\ncell c = ${deepLines.genotype}\n`);
  assert.deepEqual(a.cells.map((c) => c.name), ['b']);
  assert.deepEqual(a.diagnostics.map((d) => d.code), ['too-deeply-nested', 'too-deeply-nested']);
});

// ---- 4. diagnostics capped per document -------------------------------------------------------------

test('bounded: 10^5 unclosed brackets give 200 diagnostics and one summary', () => {
  const a = analyzeDocument('brackets.arch', `cell a = Genotype(${'('.repeat(DEEP)}\ncell b = ${GOOD}\n`);
  assert.equal(a.diagnostics.length, MAX_DIAGNOSTICS + 1);
  const last = a.diagnostics[MAX_DIAGNOSTICS];
  assert.equal(last.code, 'too-many-problems');
  assert.equal(last.severity, 'error');
  assert.match(last.message, /and 99,801 more problems \(99,801 errors\)/);
  assert.deepEqual(a.cells.map((c) => c.name), ['b']);
  // Same in text files (found literals, warnings there), and the summary keeps the worst severity.
  const t = analyzeDocument('notes.md', `${GOOD.replace('~2|', '~7|')}\n`.repeat(300));
  assert.equal(t.diagnostics.length, MAX_DIAGNOSTICS + 1);
  assert.equal(t.diagnostics[MAX_DIAGNOSTICS].severity, 'warning');
  const mixed: Diagnostic[] = Array.from({ length: 205 }, (_, i) => ({
    severity: i === 204 ? 'error' : 'warning', code: 'x', message: 'm', range: { line: i + 1, column: 1, endLine: i + 1, endColumn: 2 },
  }));
  const capped = capDiagnostics(mixed);
  assert.equal(capped.length, 201);
  assert.equal(capped[200].severity, 'error');
  assert.match(capped[200].message, /5 more problems \(1 error, 4 warnings\)/);
  assert.deepEqual(capped[200].range, { line: 201, column: 1, endLine: 201, endColumn: 1 });
});

test('bounded: tgnas check prints the capped diagnostics and exits 1', () => {
  const file = join(dir, 'brackets.arch');
  writeFileSync(file, `cell a = Genotype(${'['.repeat(DEEP)}\n`);
  const r = tgnas(['check', '--json', file]);
  assert.equal(r.code, 1, r.err);
  const diags = JSON.parse(r.out).files[0].diagnostics;
  assert.equal(diags.length, MAX_DIAGNOSTICS + 1);
  assert.equal(diags.at(-1).code, 'too-many-problems');
});

// ---- 5. huge documents --------------------------------------------------------------------------------

function bigArch(chars: number): string {
  const lines: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    lines.push(`cell c${i} = ${GOOD}\n`);
    n += lines[i].length;
  }
  return lines.join('');
}

test('bounded: a document past the limit is analysed up to a statement start, with one warning at the cut', () => {
  const text = bigArch(MAX_DOCUMENT_CHARS * 3);
  const a = analyzeDocument('big.arch', text);
  const cut = a.diagnostics.filter((d) => d.code === 'document-too-large');
  assert.equal(cut.length, 1);
  const line = cut[0].range.line;
  assert.equal(a.cells.length, line - 1);
  assert.ok(a.cells.at(-1)!.endOffset <= MAX_DOCUMENT_CHARS);
  assert.match(cut[0].message, new RegExp(`first 1,024 KB only \\(up to line ${line - 1}\\)`));
  assert.equal(a.diagnostics.length, 1);
  // A multi-line statement that crosses the cut is left out whole (no half graph block).
  const graph = 'cell g = graph {\n  in: input\n  a: nor_conv_3x3 <- in\n  out: output <- a\n}\n';
  const filler = `# ${'x'.repeat(78)}\n`.repeat(Math.floor((MAX_DOCUMENT_CHARS - 20) / 81));
  const b = analyzeDocument('g.arch', filler + graph + graph.replace('cell g', 'cell h'));
  assert.deepEqual(b.diagnostics.map((d) => d.code), ['document-too-large']);
  // Text read from a file with a size cap is cut the same way.
  const c = analyzeDocument('t.arch', `cell a = ${GOOD}\ncell b = ${GOOD.slice(0, 20)}`, { truncated: true });
  assert.deepEqual(c.cells.map((x) => x.name), ['a']);
  assert.match(c.diagnostics[0].message, /larger than/);
});

// ---- 6. special files ---------------------------------------------------------------------------------

function specialTree(): string {
  const ws = mkdtempSync(join(tmpdir(), 'tgnas-special-'));
  mkdirSync(join(ws, 'sub'));
  writeFileSync(join(ws, 'good.arch'), `cell a = ${GOOD}\n`);
  if (hasFifo) execFileSync('mkfifo', [join(ws, 'pipe.arch')]);
  symlinkSync('nowhere.arch', join(ws, 'broken.arch'));
  symlinkSync('loop2.arch', join(ws, 'loop1.arch'));
  symlinkSync('loop1.arch', join(ws, 'loop2.arch'));
  symlinkSync('..', join(ws, 'sub', 'up'));
  symlinkSync('../good.arch', join(ws, 'sub', 'linked.arch'));
  return ws;
}

test('bounded: walks read regular files only, report each special file, never follow a loop', () => {
  const ws = specialTree();
  const skipped: string[] = [];
  const files = walkFiles(ws, { accept: (n) => n.endsWith('.arch'), onSkip: (p, why) => skipped.push(`${p.slice(ws.length + 1)}: ${why}`) });
  assert.deepEqual(files.map((f) => f.slice(ws.length + 1)), ['good.arch', 'sub/linked.arch']);
  assert.deepEqual(skipped, [
    'broken.arch: broken symlink or missing file',
    'loop1.arch: symlink loop',
    'loop2.arch: symlink loop',
    ...(hasFifo ? ['pipe.arch: not a regular file (a FIFO)'] : []),
    'sub/up: symlink to a folder already visited (a loop, or a second link to it)',
  ]);
  if (hasFifo) assert.throws(() => readRegularFile(join(ws, 'pipe.arch'), 1000), (e) => e instanceof UnreadableFileError && /FIFO/.test(e.reason));
  const big = join(ws, 'big.txt');
  writeFileSync(big, 'x'.repeat(5000));
  assert.deepEqual({ ...readRegularFile(big, 1000), text: '' }, { text: '', size: 5000, truncated: true });
});

test('bounded: tgnas check DIR skips FIFOs, broken links and loops (one line each) and checks the rest', () => {
  const ws = specialTree();
  const r = tgnas(['check', ws]);
  assert.equal(r.code, 0, r.err);
  const lines = r.err.trim().split('\n');
  assert.equal(lines.filter((l) => /: skipped: /.test(l)).length, hasFifo ? 5 : 4, r.err);
  assert.match(lines.at(-1)!, /checked 2 files, \d skipped: 0 error\(s\)/);
  const j = JSON.parse(tgnas(['check', '--json', ws]).out);
  assert.equal(j.files.length, 2);
  assert.ok(j.skipped.some((s: { reason: string }) => s.reason === 'symlink loop'));
});

// ---- 2. tgnas score: linear, streaming ----------------------------------------------------------------

test('bounded: tgnas score streams: the first chunk is written before the input ends', async () => {
  const child = spawn(process.execPath, [cli, 'score', '-'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const firstChunk = new Promise<void>((resolve) => child.stdout.on('data', (d: string) => {
    out += d;
    if (out.split('\n').length > 2048) resolve();
  }));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // 2,500 lines (2,142 records), one bad, and stdin left open: only a streaming score can answer before it closes.
  const lines = Array.from({ length: 2500 }, (_, i) => (i === 5 ? 'not a cell' : i % 7 === 0 ? `# comment ${i}` : GOOD));
  child.stdin.write(lines.join('\r\n') + '\r\n');
  const timeout = setTimeout(() => child.kill(), 20_000);
  await firstChunk;
  child.stdin.end();
  const code = await exited;
  clearTimeout(timeout);
  assert.equal(code, 3);
  const recs = out.trim().split('\n').map((l) => JSON.parse(l));
  const expected = lines.map((l, i) => (l.startsWith('#') ? 0 : i + 1)).filter(Boolean);
  assert.deepEqual(recs.map((r) => r.line), expected);
  assert.ok(recs.find((r) => r.line === 6).error);
  assert.equal(recs.filter((r) => r.error).length, 1);
  for (const k of ['space', 'arch', 'score', 'percentile', 'predicted_accuracy', 'evidence', 'params_M', 'flops_M']) assert.ok(k in recs[0], k);
});

test('bounded: tgnas score --format table and .arch input keep their output', () => {
  const file = join(dir, 'two.arch');
  writeFileSync(file, `cell a = ${GOOD}\ncell b = |nope~0|\n`);
  const t = tgnas(['score', '--format', 'table', file]);
  assert.equal(t.code, 3, t.err);
  const rows = t.out.trim().split('\n');
  assert.match(rows[0], /line\s+name\s+space\s+arch\s+score\s+pct/);
  assert.ok(rows.some((r) => /^1\s+a\s+nb201/.test(r)) && rows.some((r) => /error:/.test(r)), t.out);
  assert.equal(tgnas(['score', join(dir, 'missing.txt')]).code, 2);
});

// ---- server: huge document and a FIFO in the workspace ----------------------------------------------

let lsp: LspClient | undefined;
after(() => lsp?.close());

test('bounded: server: a FIFO .arch in the workspace and a 3 MB document leave other requests answered', async () => {
  const ws = specialTree();
  lsp = new LspClient();
  await lsp.initialize({ trusted: true }, ws);
  const small = `file://${join(ws, 'small.arch')}`;
  lsp.open(small, `cell s = ${GOOD}\n`);
  // The leaderboard scans the workspace: the FIFO, the broken link and the loops are skipped and reported.
  const board = await lsp.request('tgnas/leaderboard', {});
  assert.ok(board.entries.some((e: { name: string }) => e.name === 'a'));
  assert.ok(board.skipped.some((s: string) => /broken symlink/.test(s)));
  if (hasFifo) {
    assert.ok(board.skipped.some((s: string) => /pipe\.arch: not a regular file \(a FIFO\)/.test(s)));
    await assert.rejects(lsp.request('tgnas/score', { uri: `file://${join(ws, 'pipe.arch')}` }), /not a regular file/);
  }
  const big = `file://${join(ws, 'big.arch')}`;
  lsp.open(big, bigArch(3 * MAX_DOCUMENT_CHARS));
  const hover = await lsp.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 12 } });
  assert.match(hover.contents.value, /TG-NAS/);
  const pub = await lsp.waitDiagnostics(big, (p) => p.diagnostics.some((d) => d.code === 'document-too-large'));
  assert.ok(pub.diagnostics.length <= MAX_DIAGNOSTICS + 2);
});
