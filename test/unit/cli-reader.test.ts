// Every reading command reads a file the same way (core/reader.ts): .arch, Python, notebooks, JSON, lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../src/core/paths';

const root = projectRoot();
const cli = join(root, 'dist', 'cli.js');
const tgnas = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const jsonl = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

test('score genotypes.py: one record per Genotype literal, named by its variable, with as_written where the order differs', () => {
  const r = tgnas(['score', 'examples/genotypes.py']);
  assert.equal(r.code, 0, r.err);
  const recs = jsonl(r.out);
  assert.deepEqual(recs.map((x) => x.name), ['DARTS_V1', 'DARTS_V2', 'PC_DARTS_cifar', 'GDAS', 'DrNAS_cifar10']);
  for (const x of recs) assert.equal(x.space, 'darts');
  // DARTS V2 lists node 5's inputs (skip_connect 0, dil_conv_3x3 2) in another order than the canonical form.
  const v2 = recs.find((x) => x.name === 'DARTS_V2')!;
  assert.ok(typeof v2.as_written === 'string' && v2.as_written !== v2.arch);
  assert.match(String(v2.as_written), /^Genotype\(normal=\[\('sep_conv_3x3', 0\), \('sep_conv_3x3', 1\), \('sep_conv_3x3', 0\)/);
});

test('info reads .arch files whole (no error per line) and the variants file record by record', () => {
  const arch = tgnas(['info', 'examples/darts.arch']);
  assert.equal(arch.code, 0, arch.out + arch.err);
  assert.ok(jsonl(arch.out).every((x) => x.name && !x.error));
  const v = tgnas(['info', 'test/fixtures/formats/variants.py']);
  assert.equal(v.code, 3, 'the file holds two architectures that cannot be read');
  const recs = jsonl(v.out);
  assert.equal(recs.length, 12);
  assert.deepEqual(recs.filter((x) => x.error).map((x) => x.name), ['FAIR_SPARSE', 'NASNet', 'nni_query']);
});

test('--dataset takes the same names on info, score and search (imagenet: the DARTS mobile network)', () => {
  const line = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])\n";
  const info = tgnas(['info', '--dataset', 'imagenet'], line);
  assert.equal(info.code, 0, info.err);
  // DARTS V2 in the mobile setting: 4.7 M params (Liu et al. 2019, Table 2).
  assert.equal(Math.round(Number(jsonl(info.out)[0].params_M) * 10) / 10, 4.7);
  assert.equal(tgnas(['score', '--dataset', 'imagenet'], line).code, 0);
  for (const cmd of ['info', 'score', 'search']) assert.match(tgnas([cmd, '--help']).out, /--dataset [^\n]*imagenet16-120\|imagenet\|/, cmd);
});

test('notebooks: score and check read code and Markdown cells, placed by cell', () => {
  const r = tgnas(['score', 'test/workspace/genotypes.ipynb']);
  const recs = jsonl(r.out);
  assert.ok(recs.some((x) => x.notebook_cell === 2 && x.name === 'DARTS_V2' && x.space === 'darts'), r.out);
  assert.ok(recs.some((x) => x.notebook_cell === 1 && x.space === 'nb201'));
  const c = tgnas(['check', 'test/workspace/genotypes.ipynb']);
  for (const l of c.out.split('\n').filter(Boolean)) assert.match(l, /^test\/workspace\/genotypes\.ipynb#cell\d+:\d+:\d+: /);
});

test('JSON files: a list of NB101 / graph objects, one record each', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgnas-reader-'));
  const f = join(dir, 'cells.json');
  writeFileSync(f, '[\n  {"matrix": [[0, 1], [0, 0]], "ops": ["input", "output"]},\n  {"ops": ["input", "nor_conv_3x3", "output"], "edges": [[0, 1], [1, 2]]}\n]\n');
  const recs = jsonl(tgnas(['info', f]).out);
  assert.deepEqual(recs.map((x) => [x.line, x.space]), [[2, 'nb101'], [3, 'graph']]);
});

test('search FILE without a space block searches the space of its architectures, or asks which', () => {
  const one = tgnas(['search', 'examples/genotypes.py', '--top', '1', '--generations', '1', '--population', '4']);
  assert.equal(one.code, 0, one.err);
  assert.match(one.out, /space darts/);
  const many = tgnas(['search', 'test/fixtures/formats/variants.py']);
  assert.equal(many.code, 2);
  assert.match(many.err, /holds architectures of 5 spaces \(darts, nb101, nb201, tnb101-micro, tnb101-macro\): choose one with --space/);
});

test('convert --to arch: Python keys and repeated variables become unique .arch identifiers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgnas-reader-'));
  const f = join(dir, 'cells.py');
  const cell = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
  writeFileSync(f, `cells = {'PC-DARTS': '${cell}'}\narch = '${cell}'\narch = '${cell}'\n`);
  const r = tgnas(['convert', '--to', 'arch', f]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.split('\n').filter((l) => l.startsWith('cell ')).map((l) => l.split(' ')[1]), ['PC_DARTS', 'arch', 'arch_2']);
  const back = join(dir, 'back.arch');
  writeFileSync(back, r.out);
  assert.equal(tgnas(['check', back]).code, 0);
});
