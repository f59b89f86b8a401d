// Notations as the field writes them (test/fixtures/formats/variants.py): one record per literal,
// named by its variable; code and elided examples are silent; foreign vocabularies get one message.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArchitectures } from '../../src/core/reader';
import { analyzeDocument } from '../../src/core/analysis';
import { findArchitectures, formatCell, parseArchDocument, parseArchitecture, parseGenotype } from '../../src/core/formats';
import { dartsSpace } from '../../src/core/spaces';
import { projectRoot } from '../../src/core/paths';
import { readFixture } from './formats-helpers';
import type { DartsCell } from '../../src/core/types';

const variants = readFixture('variants.py');
const lineOf = (needle: string) => variants.slice(0, variants.indexOf(needle)).split('\n').length;

test('variants.py: one record per literal, named by its variable, in file order', () => {
  const records = readArchitectures('variants.py', variants);
  assert.deepEqual(records.map((r) => [r.name, r.error ? 'error' : r.space?.id]), [
    ['DARTS_V2', 'darts'], ['FAIR_A', 'darts'], ['FAIR_SPARSE', 'error'], ['GDAS_V1', 'darts'], ['NASNet', 'error'],
    ['spec', 'nb101'], ['cell_dict', 'nb101'], ['best', 'nb201'], ['micro', 'tnb101-micro'], ['macro', 'tnb101-macro'],
    ['nni_arch', 'nb201'], ['nni_query', 'error'],
  ]);
  for (const r of records) assert.equal(r.line, lineOf(`${r.name} =`), r.name);
});

test('FairDARTS triples: (op, node, input) grouped by node; one-input nodes refused with their own message', () => {
  const [, fair, sparse] = readArchitectures('variants.py', variants);
  const cell = fair.cell as DartsCell;
  assert.deepEqual(cell.normal, [
    ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 1],
    ['dil_conv_3x3', 1], ['sep_conv_5x5', 2], ['sep_conv_3x3', 0], ['dil_conv_5x5', 3],
  ]);
  assert.deepEqual(cell.normalConcat, [2, 3, 4, 5]);
  assert.match(sparse.error!, /gives node 3 only one input edge: the DARTS space has exactly two per node/);
});

test('GDAS/SETN per-node groups with extra fields read as the same cell as the flat DARTS layout', () => {
  const gdas = readArchitectures('variants.py', variants).find((r) => r.name === 'GDAS_V1')!.cell as DartsCell;
  const flat = readArchitectures('genotypes.py', readFileSync(join(projectRoot(), 'examples', 'genotypes.py'), 'utf8')).find((r) => r.name === 'GDAS')!.cell!;
  assert.deepEqual(gdas, flat);
  // Exact params of the DARTS CIFAR network (20 cells, C=36): GDAS reports 3.4 M in its paper (Dong & Yang 2019, Table 1).
  assert.equal(Math.round(dartsSpace.cost(gdas, 'cifar10')!.params_M * 10) / 10, 3.4);
});

test('NB101 in Python: ModelSpec with op constants and comments, and single-quoted dicts', () => {
  const records = readArchitectures('variants.py', variants);
  const spec = records.find((r) => r.name === 'spec')!;
  assert.deepEqual(spec.cell, { kind: 'nb101', matrix: [[0, 1, 0, 1], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]], ops: ['input', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'output'] });
  const dict = records.find((r) => r.name === 'cell_dict')!;
  assert.deepEqual(dict.cell, { kind: 'nb101', matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ['input', 'maxpool3x3', 'output'] });
  // A spec built from variables is code: nothing found.
  assert.equal(findArchitectures('s = api.ModelSpec(matrix=adjacency, ops=ops)').length, 0);
  assert.equal(parseArchitecture("ModelSpec(matrix=[[0, 1], [0, 0]], ops=[INPUT, OUTPUT])").cell?.kind, 'nb101');
});

test('implicit string concatenation is one NB201 cell, not a broken one', () => {
  const best = readArchitectures('variants.py', variants).find((r) => r.name === 'best')!;
  assert.equal(formatCell(best.cell!, 'nb201'), '|avg_pool_3x3~0|+|none~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|skip_connect~2|');
  assert.deepEqual(analyzeDocument('v.py', variants).diagnostics.filter((d) => d.range.line === lineOf('best =')), []);
});

test('TransNAS-Bench-101 micro strings: native codes 0 none, 1 skip, 2 conv1x1, 3 conv3x3, in arch-string edge order', () => {
  const micro = readArchitectures('variants.py', variants).find((r) => r.name === 'micro')!;
  assert.deepEqual(micro.cell, { kind: 'nb201', ops: ['skip_connect', 'none', 'nor_conv_1x1', 'nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3'] });
  assert.equal(formatCell(micro.cell!, 'tnb101-micro'), '64-41414-1_02_333');
  assert.match(parseArchitecture('64-41414-1_04_333').diagnostics[0].message, /op code 4 is not 0-3/);
});

test('code and elided examples are silent; NASNet gets one message, not one per tuple', () => {
  const a = analyzeDocument('v.py', variants);
  for (const name of ['PICKED =', 'BUILT =', 'elided example']) assert.deepEqual(a.diagnostics.filter((d) => d.range.line === lineOf(name)), [], name);
  const nasnet = a.diagnostics.filter((d) => d.range.line >= lineOf('NASNet =') && d.range.line < lineOf('# Code, not'));
  assert.equal(nasnet.length, 1);
  assert.equal(nasnet[0].code, 'genotype-foreign-operators');
  assert.match(nasnet[0].message, /'sep_conv_7x7'.*more than four intermediate nodes/);
  // Our own README's elided example does not warn.
  assert.deepEqual(analyzeDocument('README.md', "`Genotype(normal=[('sep_conv_3x3', 0), ...], ...)`").diagnostics, []);
});

test('a file of genotypes from an unrelated vocabulary gets one note', () => {
  const g = (op: string) => `Genotype(normal=[${Array(8).fill(`('${op}', 0)`).join(', ')}], normal_concat=[2, 3, 4, 5], reduce=[${Array(8).fill(`('${op}', 1)`).join(', ')}], reduce_concat=[2, 3, 4, 5])`;
  const text = `A = ${g('mbconv_k3_e6')}\nB = ${g('mbconv_k5_e3')}\nC = ${g('shuffle_k3')}\n`;
  const ds = analyzeDocument('search.py', text).diagnostics;
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, 'info');
  assert.match(ds[0].message, /^3 Genotype literals in this file use operators of no built-in space \('mbconv_k3_e6', 'mbconv_k5_e3', 'shuffle_k3'\)/);
});

test("'did you mean' never turns an operator into the zero op or identity", () => {
  const text = "Genotype(normal=[('noise', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
  const d = parseGenotype(text).diagnostics.find((x) => x.code === 'unknown-operator')!;
  assert.equal(d.message, "unknown operator 'noise'");
  assert.deepEqual(d.suggestions ?? [], []);
  // A one-letter slip still gets its fix.
  const slip = parseGenotype(text.replace("'noise'", "'nona'")).diagnostics.find((x) => x.code === 'unknown-operator')!;
  assert.deepEqual(slip.suggestions, ['none']);
});

test('.arch: NB301 compact as nested tuples, and TransNAS-Bench-101 micro strings in tnb101', () => {
  const doc = parseArchDocument([
    'cell x = (((0, 1), (1, 4), (0, 6), (2, 0), (2, 6), (1, 4), (0, 5), (2, 2)), ((0, 5), (1, 0), (0, 2), (2, 1), (1, 3), (3, 3), (0, 2), (4, 6)))',
    'cell m in tnb101 = 64-41414-1_02_333',
  ].join('\n'));
  assert.deepEqual(doc.diagnostics, []);
  assert.equal(doc.cells[0].notation, 'nb301-compact');
  assert.deepEqual((doc.cells[0].cell as DartsCell).normal[0], ['avg_pool_3x3', 0]);
  assert.equal(doc.cells[1].notation, 'tnb101-micro');
  assert.equal(doc.cells[1].space, 'tnb101');
});

test('notebooks: code and Markdown cells, records placed by cell and line', () => {
  const nb = JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: {},
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Cells\n', 'The best: `|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|`\n'] },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: "import genotypes\n\nG = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])\n" },
    ],
  });
  const records = readArchitectures('search.ipynb', nb);
  assert.deepEqual(records.map((r) => [r.notebookCell, r.line, r.name, r.space?.id]), [[1, 2, undefined, 'nb201'], [2, 3, 'G', 'darts']]);
  assert.match(readArchitectures('bad.ipynb', '{"cells": 3}')[0].error!, /not a Jupyter notebook/);
});

test('JSON files: one object, or a list of them', () => {
  const one = '{"matrix": [[0, 1], [0, 0]], "ops": ["input", "output"]}';
  assert.equal(readArchitectures('cell.json', one)[0].space?.id, 'nb101');
  const list = readArchitectures('cells.json', `[\n  ${one},\n  {"ops": ["input", "nor_conv_3x3", "output"], "edges": [[0, 1], [1, 2]]}\n]`);
  assert.deepEqual(list.map((r) => [r.line, r.space?.id]), [[2, 'nb101'], [3, 'graph']]);
});

test("NNI's NB201 dicts: edges 'i_j', conv_1x1 / conv_3x3 names; a partial dict is a query, not a cell", () => {
  const records = readArchitectures('variants.py', variants);
  const nni = records.find((r) => r.name === 'nni_arch')!;
  assert.equal(formatCell(nni.cell!, 'nb201'), '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
  assert.equal(formatCell(nni.cell!, 'nni-nb201'), "{'0_1': 'avg_pool_3x3', '0_2': 'conv_1x1', '1_2': 'skip_connect', '0_3': 'conv_1x1', '1_3': 'skip_connect', '2_3': 'skip_connect'}");
  assert.match(records.find((r) => r.name === 'nni_query')!.error!, /leaves out edge '2_3': NNI reads that as a query/);
});

test('implicit concatenation: comments between pieces are not pieces; separate lines outside brackets stay separate strings', () => {
  const commented = "best = ('|avg_pool_3x3~0|+|none~0|nor_conv_3x3~1|+'  # the 'first' node\n        '|nor_conv_3x3~0|nor_conv_3x3~1|skip_connect~2|')\n";
  const [f] = findArchitectures(commented);
  assert.equal(formatCell(f.cell!, 'nb201'), '|avg_pool_3x3~0|+|none~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|skip_connect~2|');
  const two = "'|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|'\n'|none~0|+|none~0|none~1|+|none~0|none~1|none~2|'\n";
  const found = findArchitectures(two);
  assert.equal(found.length, 2);
  assert.ok(found.every((x) => x.cell && x.diagnostics.length === 0));
});

// What the finder makes of pathological text; its time on such text is measured by `npm run bench:lsp`.
test('the finder reads pathological text: long blank runs, dotted chains, unclosed calls', () => {
  assert.equal(findArchitectures("x = ~ '|a~0|+'" + ' '.repeat(100_000) + 'x').length, 0);
  assert.equal(findArchitectures('x.'.repeat(200_000) + ' ModelSpec(').length, 0);
  const unclosed = findArchitectures('Genotype(['.repeat(100_000));
  assert.equal(unclosed.length, 100_000);
  assert.ok(unclosed.every((x) => !x.cell && x.diagnostics[0].code === 'unbalanced-brackets'));
  assert.equal(findArchitectures("{'0_1':".repeat(100_000)).length, 0);
});

test('JSON that is not an architecture (a results table) is searched for literals inside', () => {
  const table = '[{"arch": "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", "acc": 93.1}]';
  const [r] = readArchitectures('results.json', table);
  assert.equal(r.space?.id, 'nb201');
  assert.equal(r.name, 'arch');
});
