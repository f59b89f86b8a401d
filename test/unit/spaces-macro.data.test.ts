/**
 * TransNAS-Bench-101 macro and NAS-Bench-MR as search spaces, against the shared benchmark files: the
 * enumeration is the benchmark, toGraphs is the training loaders' graph, cost() is the benchmark's count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readCsv } from '../../src/core/csv';
import { LOADERS, type LabelledSpace } from '../../src/core/data';
import { spearman } from '../../src/core/metrics';
import { dataDir, NO_DATA_MESSAGE } from '../../src/core/paths';
import { parseArchitecture } from '../../src/core/formats';
import { nbmrModules, nbmrSpace, tnb101MacroSpace } from '../../src/core/spaces';
import type { NbmrCell, Tnb101MacroCell } from '../../src/core/types';

const data = dataDir();
const skip = data ? false : NO_DATA_MESSAGE;
const load = (id: string): LabelledSpace => LOADERS.find((l) => l.id === id)!.load(data!);

test('tnb101-macro: enumeration = the 3,256 skeletons of the csv, in its row order', { skip }, () => {
  const t = readCsv(join(data!, 'transnasbench101', 'tnb101_macro_all_valacc.csv'));
  const csv = t.rows.map((r) => r[t.col('arch_str')]);
  const mine = [...tnb101MacroSpace.enumerate()].map((c) => tnb101MacroSpace.key(c));
  assert.equal(mine.length, 3256);
  assert.deepEqual(mine, csv);
});

test('tnb101-macro: toGraphs of the parsed arch_str = the training loader graph (every row)', { skip }, () => {
  const s = load('tnb101macro');
  s.ids!.forEach((id, i) => {
    const parsed = parseArchitecture(id);
    assert.equal(parsed.notation, 'tnb101-macro', id);
    const cell = parsed.cell as Tnb101MacroCell;
    assert.deepEqual(tnb101MacroSpace.validate(cell), [], id);
    assert.deepEqual(tnb101MacroSpace.toGraphs(cell), s.graphs[i], id);
    for (const op of s.graphs[i][0].ops) assert.equal(tnb101MacroSpace.operator(op)?.description, s.operators.get(op)!.description, op);
  });
});

test('tnb101-macro: cost() with a classification head = NASLib params/flops columns', { skip }, () => {
  const t = readCsv(join(data!, 'naslib_zc_subsets', 'zc_transbench101_macro.subset.csv'));
  let n = 0;
  for (const r of t.rows) {
    const task = r[t.col('dataset')];
    if (!['class_object', 'class_scene', 'room_layout'].includes(task)) continue;
    const modules = r[t.col('arch')].replace(/[()\s]/g, '').split(',').map(Number).filter((x) => x !== 0);
    const c = tnb101MacroSpace.cost({ kind: 'tnb101-macro', modules }, task)!;
    assert.ok(Math.abs(c.params_M - Number(r[t.col('params')])) < 1e-9, `${task} ${modules.join('')} params`);
    assert.ok(Math.abs(c.flops_M - Number(r[t.col('flops')])) < 1e-5, `${task} ${modules.join('')} flops`);
    n++;
  }
  assert.ok(n > 2000, `${n} rows compared`);
});

test('nbmr: codes parse, validate, and give the training loader graph (every row)', { skip }, () => {
  const s = load('nbmr');
  const t = readCsv(join(data!, 'nasbenchmr', 'nbmr_all.csv'));
  t.rows.forEach((r, i) => {
    const parsed = parseArchitecture(r[t.col('code')]);
    assert.equal(parsed.notation, 'nbmr');
    const cell = parsed.cell as NbmrCell;
    assert.deepEqual(nbmrSpace.validate(cell), [], r[t.col('code')]);
    assert.deepEqual(nbmrModules(cell.code), JSON.parse(r[t.col('modules_json')]));
    assert.deepEqual(nbmrSpace.toGraphs(cell), s.graphs[i], r[t.col('code')]);
    for (const op of s.graphs[i][0].ops) assert.equal(nbmrSpace.operator(op)?.description, s.operators.get(op)!.description, op);
  });
});

test('nbmr: cost() params = the csv params on every row; FLOPs rank-identical to the csv', { skip }, () => {
  const t = readCsv(join(data!, 'nasbenchmr', 'nbmr_all.csv'));
  const params: number[] = [];
  const flops: number[] = [];
  const csvParams: number[] = [];
  const csvFlops: number[] = [];
  for (const r of t.rows) {
    const cell: NbmrCell = { kind: 'nbmr', code: r[t.col('code')].split('_').map(Number) };
    const c = nbmrSpace.cost(cell)!;
    assert.equal(Math.round(c.params_M * 1e6), Math.round(Number(r[t.col('params')]) * 1e6), r[t.col('code')]);
    params.push(c.params_M);
    flops.push(c.flops_M);
    csvParams.push(Number(r[t.col('params')]));
    csvFlops.push(Number(r[t.col('flops')]) * 1e3);
  }
  assert.ok(spearman(Float64Array.from(params), Float64Array.from(csvParams)) > 0.9999);
  const rho = spearman(Float64Array.from(flops), Float64Array.from(csvFlops));
  assert.ok(rho > 0.999, `flops rho ${rho}`);
  const ratios = flops.map((f, i) => f / csvFlops[i]);
  assert.ok(Math.min(...ratios) >= 1 && Math.max(...ratios) < 1.25, `torchstat / thop FLOPs ${Math.min(...ratios)}..${Math.max(...ratios)}`);
});
