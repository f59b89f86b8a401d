import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError, detectNotation, formatCell, parseArchitecture, toGraphCell } from '../../src/core/formats';
import type { Cell, DartsCell, Nb201Cell } from '../../src/core/types';

const nb201: Nb201Cell = { kind: 'nb201', ops: ['avg_pool_3x3', 'skip_connect', 'none', 'nor_conv_1x1', 'avg_pool_3x3', 'nor_conv_1x1'] };
const darts: DartsCell = {
  kind: 'darts',
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
  normalConcat: [2, 3, 4, 5],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
  reduceConcat: [2, 3, 4, 5],
};

test('auto-detection of every notation', () => {
  const cases: Array<[string, string, Cell['kind']]> = [
    ['|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|', 'nb201', 'nb201'],
    ['  (4, 0, 3, 1, 4, 3)\n', 'naslib-nb201', 'nb201'],
    ['[4, 0, 3, 1, 4, 3]', 'naslib-nb201', 'nb201'],
    [formatCell(darts, 'genotype'), 'genotype', 'darts'],
    [formatCell(darts, 'nb301-compact'), 'nb301-compact', 'darts'],
    ['{"matrix": [[0, 1], [0, 0]], "ops": ["input", "output"]}', 'nb101-json', 'nb101'],
    ['{"ops": ["input", "sep_conv_3x3", "output"], "edges": [[0, 1], [1, 2]]}', 'graph-json', 'graph'],
    ['graph { in: input; a: nor_conv_3x3 <- in; out: output <- a }', 'graph', 'graph'],
    ['cell x in tnb101 = |none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|', 'arch', 'nb201'],
    [`(${[0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2, 4, 3, 1].join(', ')})`, 'naslib-nb101', 'nb101'],
  ];
  for (const [text, notation, kind] of cases) {
    const r = parseArchitecture(text);
    assert.deepEqual(r.diagnostics, [], text);
    assert.equal(r.notation, notation, text);
    assert.equal(r.cell?.kind, kind, text);
  }
  assert.deepEqual(parseArchitecture('(4, 0, 3, 1, 4, 3)').cell, nb201);
  assert.deepEqual(parseArchitecture(formatCell(darts, 'nb301-compact')).cell, darts);
  assert.equal(detectNotation('hello'), undefined);
  assert.equal(parseArchitecture('hello').diagnostics[0].code, 'unknown-notation');
  assert.equal(parseArchitecture('   ').diagnostics[0].code, 'empty');
});

test('hints force a notation; options pass through', () => {
  assert.equal(parseArchitecture('(4, 0, 3, 1, 4, 3)', 'nb201').cell, undefined);
  const nasnet = "Genotype(normal=[('sep_conv_7x7', 0), ('sep_conv_3x3', 1)], normal_concat=[2], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1)], reduce_concat=[2])";
  assert.equal(parseArchitecture(nasnet).cell, undefined);
  assert.equal(parseArchitecture(nasnet, 'darts', { ops: null, dartsNodes: 'any' }).cell?.kind, 'darts');
  const shifted = parseArchitecture('|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|', 'auto', { line: 5, column: 9 });
  assert.deepEqual(shifted.diagnostics[0].range, { line: 5, column: 10, endLine: 5, endColumn: 18 });
});

test('formatCell conversions', () => {
  assert.equal(formatCell(nb201, 'nb201'), '|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|');
  assert.equal(formatCell(nb201, 'naslib-nb201'), '(4, 0, 3, 1, 4, 3)');
  // tgnas-method.md §2: 0->1, 0->2, 1->3, 0->4, 1->5, 2->6, 3->6, then 4,5,6 -> 7.
  assert.deepEqual(toGraphCell(nb201).edges, [[0, 1], [0, 2], [0, 4], [1, 3], [1, 5], [2, 6], [3, 6], [4, 7], [5, 7], [6, 7]]);
  assert.equal(formatCell(nb201, 'graph-json'),
    '{"ops": ["input", "avg_pool_3x3", "skip_connect", "none", "nor_conv_1x1", "avg_pool_3x3", "nor_conv_1x1", "output"], "edges": [[0, 1], [0, 2], [0, 4], [1, 3], [1, 5], [2, 6], [3, 6], [4, 7], [5, 7], [6, 7]]}');
  // DARTS normal cell: 11 nodes, src k >= 2 wired from nodes 2k-2 and 2k-1.
  const g = toGraphCell(darts);
  assert.equal(g.ops.length, 11);
  assert.deepEqual(g.edges.filter(([, b]) => b === 9), [[2, 9], [3, 9]]);
  assert.equal(g.edges.filter(([, b]) => b === 10).length, 8);
  for (const to of ['genotype', 'graph-json', 'graph', 'arch'] as const) {
    const text = formatCell(darts, to, { name: 'v2' });
    const back = parseArchitecture(text).cell!;
    assert.deepEqual(back, to === 'genotype' || to === 'arch' ? darts : g, to);
  }
  assert.equal(formatCell(nb201, 'arch', { name: 'best' }), `cell best = ${formatCell(nb201, 'nb201')}`);
  assert.throws(() => formatCell(darts, 'nb201'), FormatError);
  assert.throws(() => formatCell(darts, 'nb101-json'), /more than one input/);
  assert.equal(formatCell(nb201, 'nb101-json').startsWith('{"matrix": [[0, 1, 1, 0, 1, 0, 0, 0]'), true);
});
