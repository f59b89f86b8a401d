/** Issue 13 (hardening), CLI side: a custom space's own limits, numeric flag validation. */
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

interface Row { params_M: number; flops_M: number; latency_ms?: number }

function searchJson(args: string[]): { code: number | null; rows: Row[]; doc: Record<string, unknown> } {
  const r = tgnas(['search', ...args, '--json', '--generations', '5']);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  const doc = JSON.parse(r.out);
  return { code: r.code, rows: doc.results, doc };
}

test('search FILE.arch: a space block\'s own max_params / max_flops bound every result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgnas-limits-'));
  const file = join(dir, 'small.arch');
  writeFileSync(file, 'space small201 {\n  topology: nb201\n  ops: [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]\n  max_params: 0.5\n}\n');
  const small = searchJson([file, '--space-name', 'small201']);
  assert.ok(small.rows.length > 0);
  for (const r of small.rows) assert.ok(r.params_M <= 0.5, `${r.params_M} M params over the space's 0.5`);

  const ghost = searchJson(['examples/custom-space.arch', '--space-name', 'ghost201']);
  assert.ok(ghost.rows.length > 0);
  for (const r of ghost.rows) {
    assert.ok(r.params_M <= 1.0, `${r.params_M} M params over ghost201's 1.0`);
    assert.ok(r.flops_M <= 150, `${r.flops_M} M FLOPs over ghost201's 150`);
  }
});

test('search FILE.arch: the tighter of the space\'s limit and the flag applies, either way round', () => {
  // Looser flag: the space's 1.0 M / 150 M still hold.
  const loose = searchJson(['examples/custom-space.arch', '--space-name', 'ghost201', '--max-params', '5', '--max-flops', '1000']);
  for (const r of loose.rows) assert.ok(r.params_M <= 1.0 && r.flops_M <= 150, JSON.stringify(r));
  assert.deepEqual(loose.doc.limits, { maxParamsM: 1, maxFlopsM: 150 });
  // Tighter flag: the flag holds.
  const tight = searchJson(['examples/custom-space.arch', '--space-name', 'ghost201', '--max-params', '0.6']);
  for (const r of tight.rows) assert.ok(r.params_M <= 0.6, JSON.stringify(r));
  assert.deepEqual(tight.doc.limits, { maxParamsM: 0.6, maxFlopsM: 150 });
});

test('search: bad numeric flags are refused with one line and exit 2', () => {
  const bad: string[][] = [
    ['--top', '-3'], ['--top', '0'], ['--top=1.5'], ['--top', ''],
    ['--population', '0'], ['--population', '-4'], ['--generations', '-1'], ['--generations', '0'],
    ['--max-params', '0'], ['--max-params', '-1'], ['--max-flops', '-5'], ['--max-flops', 'NaN'],
    ['--max-latency', '0', '--device', 'raspi4'], ['--max-latency', '-2', '--device', 'raspi4'],
    ['--seed', '-1'],
  ];
  for (const flags of bad) {
    const r = tgnas(['search', '--space', 'nb201', ...flags]);
    assert.equal(r.code, 2, `${flags.join(' ')}: exit ${r.code}\n${r.out.slice(0, 300)}${r.err}`);
    assert.equal(r.out, '', flags.join(' '));
    // One line saying what is wrong (the command's usage follows it, as for every usage error).
    const first = r.err.split('\n')[0];
    assert.match(first, new RegExp(`^tgnas search: option '${flags[0].split('=')[0]}' `), `${flags.join(' ')}: ${r.err}`);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('search --help says how to ask for no limit', () => {
  const r = tgnas(['search', '--help']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out + r.err, /no limit/);
});
