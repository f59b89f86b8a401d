import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_DATA_MESSAGE, dataDir } from '../../src/core/paths';
import type { DartsCell, Nb201Cell } from '../../src/core/types';
import { dartsNetworkCost, dartsSpace, nb101Space, nb201Space, tnb101MicroSpace } from '../../src/core/spaces/index';
import { TNB101_NATIVE_CODES } from '../../src/core/spaces/nb201';

/** Minimal RFC-4180 reader: quoted fields (with "" escapes) and plain ones. */
function readCsv(path: string): Array<Record<string, string>> {
  const text = readFileSync(path, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[i++];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const data = dataDir();
const NASLIB_CODES = ['skip_connect', 'none', 'nor_conv_3x3', 'nor_conv_1x1', 'avg_pool_3x3'];
/** NASLib tuple edge order (0>1),(0>2),(0>3),(1>2),(1>3),(2>3) as indexes into arch-string order. */
const NASLIB_EDGES = [0, 1, 3, 2, 4, 5];
const toNaslib = (ops: string[]) => `(${NASLIB_EDGES.map((e) => NASLIB_CODES.indexOf(ops[e])).join(', ')})`;

test('NB201 vs nb201_all.csv: cost x3 datasets, index order, equivalent cell, validity', (t) => {
  if (!data) return t.skip(NO_DATA_MESSAGE);
  const rows = readCsv(join(data, 'nasbench201', 'nb201_all.csv'));
  assert.equal(rows.length, 15625);
  const order = [...nb201Space.enumerate!()];
  let worst = 0;
  let valid = 0;
  rows.forEach((r, i) => {
    assert.equal(Number(r.index), i);
    const cell: Nb201Cell = { kind: 'nb201', ops: r.ops_str_order.split('|') };
    assert.equal(nb201Space.key(order[i]), r.arch_str, `index ${i}`);
    assert.equal(nb201Space.key(cell), r.arch_str);
    for (const [ds, col] of [['cifar10', 'c10'], ['cifar100', 'c100'], ['ImageNet16-120', 'in16']]) {
      const c = nb201Space.cost(cell, ds, 'naslib')!;
      for (const [got, want] of [[c.params_M, Number(r[`params_M_${col}`])], [c.flops_M, Number(r[`flops_M_${col}`])]]) {
        const rel = Math.abs(got - want) / want;
        worst = Math.max(worst, rel);
        assert.ok(rel < 1e-3, `index ${i} ${ds}: ${got} vs ${want}`);
      }
    }
    assert.equal(toNaslib(nb201Space.withoutUnreachable(cell).ops), r.equiv_valid_naslib_tuple, `index ${i}`);
    const v = nb201Space.isValid(cell);
    assert.equal(v ? '1' : '0', r.no_unreachable_branch, `index ${i}`);
    if (v) valid++;
  });
  assert.equal(valid, 9445);
  t.diagnostic(`worst relative cost error ${worst.toExponential(2)}`);
  assert.ok(worst < 1e-9);
});

test('TNB101 micro enumeration follows the csv (native op codes, arch-string edge order)', (t) => {
  if (!data) return t.skip(NO_DATA_MESSAGE);
  const rows = readCsv(join(data, 'transnasbench101', 'tnb101_micro_all_valacc_zen.csv'));
  const cells = [...tnb101MicroSpace.enumerate!()];
  assert.equal(rows.length, cells.length);
  const native = (ops: string[]) => `(${ops.map((o) => TNB101_NATIVE_CODES.indexOf(o)).join(', ')})`;
  rows.forEach((r, i) => assert.equal(native(cells[i].ops), r.arch_naslib, `row ${i}`));
});

test('NB101: module hash and trainable parameters of 1,000 benchmark cells', (t) => {
  if (!data) return t.skip(NO_DATA_MESSAGE);
  const { archs } = JSON.parse(readFileSync(join(data, 'nasbench101', 'nb101_1k.json'), 'utf8'));
  for (const a of archs) {
    const cell = { kind: 'nb101' as const, matrix: a.adjacency, ops: a.ops };
    assert.deepEqual(nb101Space.validate(cell), []);
    assert.equal(nb101Space.key(cell), a.hash);
    assert.equal(Math.round(nb101Space.cost(cell)!.params_M * 1e6), a.trainable_parameters, a.hash);
  }
});

test('DARTS: published params (CIFAR-10 and ImageNet mobile) within 3%', (t) => {
  if (!data) return t.skip(NO_DATA_MESSAGE);
  const { genotypes } = JSON.parse(readFileSync(join(data, 'darts', 'darts_genotypes_published.json'), 'utf8'));
  const cellOf = (g: any): DartsCell => ({ kind: 'darts', normal: g.normal, normalConcat: g.normal_concat, reduce: g.reduce, reduceConcat: g.reduce_concat });
  const check = (name: string, setting: 'cifar10' | 'imagenet', field: string, tol: number) => {
    const g = genotypes[name];
    const c = dartsNetworkCost(cellOf(g), { dataset: setting })!;
    const got = field.endsWith('params_M') ? c.params_M : c.flops_M;
    const rel = got / g[field] - 1;
    t.diagnostic(`${name} ${field}: ${got.toFixed(3)} vs published ${g[field]} (${(100 * rel).toFixed(1)}%)`);
    assert.ok(Math.abs(rel) < tol, `${name} ${field}`);
  };
  check('DARTS-V2', 'cifar10', 'cifar10_params_M', 0.03);
  check('PC-DARTS (CIFAR-10 search)', 'cifar10', 'cifar10_params_M', 0.03);
  check('P-DARTS', 'cifar10', 'cifar10_params_M', 0.03);
  check('DARTS-V2', 'imagenet', 'imagenet_params_M', 0.03);
  check('PC-DARTS (ImageNet search)', 'imagenet', 'imagenet_params_M', 0.03);
  check('P-DARTS', 'imagenet', 'imagenet_params_M', 0.03);
  check('DrNAS (ImageNet search)', 'imagenet', 'imagenet_params_M', 0.03);
  check('TE-NAS (ImageNet search)', 'imagenet', 'imagenet_params_M', 0.03);
  // Mult-adds: the papers' counters differ; torchstat convention is within 7% and exact for P-DARTS / PC-DARTS.
  check('P-DARTS', 'imagenet', 'imagenet_mult_adds_M', 0.005);
  check('PC-DARTS (ImageNet search)', 'imagenet', 'imagenet_mult_adds_M', 0.005);
  check('DARTS-V2', 'imagenet', 'imagenet_mult_adds_M', 0.07);
  check('DrNAS (ImageNet search)', 'imagenet', 'imagenet_mult_adds_M', 0.07);
  check('TE-NAS (ImageNet search)', 'imagenet', 'imagenet_mult_adds_M', 0.07);
  for (const [name, g] of Object.entries<any>(genotypes)) {
    assert.equal(dartsSpace.validate(cellOf(g)).length === 0, g.in_darts_space, name);
  }
});
