import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/core/paths';

const root = projectRoot();
const cli = join(root, 'dist', 'cli.js');

function tgnas(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('check: examples are clean (exit 0)', () => {
  const r = tgnas(['check', 'examples/']);
  assert.equal(r.code, 0, r.out + r.err);
});

test('check --json: errors with 1-based ranges and exit 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgnas-cli-'));
  const file = join(dir, 'bad.arch');
  writeFileSync(file, 'cell ok = |nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|\ncell bad = |conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|\n');
  const r = tgnas(['check', '--json', file]);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  const [d] = json.files[0].diagnostics;
  assert.equal(d.severity, 'error');
  assert.equal(d.line, 2);
  assert.equal(d.column, 13);
  assert.match(d.message, /did you mean 'nor_conv_3x3'/);
  for (const k of ['endLine', 'endColumn', 'code']) assert.ok(k in d, k);
});

test('check: bad usage exits 2 without a stack trace', () => {
  for (const args of [['check'], ['check', '--nope', 'x'], ['check', 'no/such/file.arch'], ['frobnicate']]) {
    const r = tgnas(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('info: one JSON line per architecture, bad lines reported, exit 3', () => {
  const input = [
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    'not an architecture',
    '(4, 0, 3, 1, 4, 3)',
  ].join('\n');
  const r = tgnas(['info', '--dataset', 'cifar100'], input);
  assert.equal(r.code, 3);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].space, 'nb201');
  assert.ok(lines[0].params_M > 1 && lines[0].flops_M > 100);
  assert.equal(lines[1].line, 2);
  assert.ok(lines[1].error);
  assert.equal(lines[2].arch, '|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|');
});

test('convert: genotype round trip through arch', () => {
  const g = tgnas(['convert', '--to', 'genotype', 'examples/darts.arch']);
  assert.equal(g.code, 0, g.err);
  const first = g.out.split('\n')[0];
  assert.match(first, /^Genotype\(normal=\[/);
  const back = tgnas(['convert', '--to', 'arch', '-'], first + '\n');
  assert.equal(back.code, 0, back.err);
  assert.match(back.out, /^cell cell_1 = Genotype\(/m);
});
