/** Notations of the whole-network spaces: `64-41414-basic` (TransNAS-Bench-101 macro) and NAS-Bench-MR's 27-int code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/core/analysis';
import { BUILTIN_SPACES, detectNotation, findArchitectures, formatArchCell, formatCell, parseArchDocument, parseArchitecture } from '../../src/core/formats';
import { listBuiltinSpaces } from '../../src/core/spaces';
import type { NbmrCell, Tnb101MacroCell } from '../../src/core/types';

const NBMR = '16_16_1_1_16_1_1_1_16_16_1_1_1_1_16_16_16_1_1_1_1_1_16_16_16_16_16';
const macro: Tnb101MacroCell = { kind: 'tnb101-macro', modules: [4, 1, 4, 1, 4] };

test('macro codes: detected, parsed and written back', () => {
  const m = parseArchitecture('  64-41414-basic\n');
  assert.deepEqual(m.diagnostics, []);
  assert.equal(m.notation, 'tnb101-macro');
  assert.deepEqual(m.cell, macro);
  assert.equal(formatCell(macro, 'tnb101-macro'), '64-41414-basic');
  const n = parseArchitecture(NBMR);
  assert.deepEqual(n.diagnostics, []);
  assert.equal(n.notation, 'nbmr');
  assert.deepEqual((n.cell as NbmrCell).code.length, 27);
  assert.equal(formatCell(n.cell!, 'nbmr'), NBMR);
  // Other notations of the same cells: the operator-as-node graph.
  assert.equal(formatCell(macro, 'graph-json'),
    '{"ops": ["input", "basic-s2-c2", "basic-s1-c1", "basic-s2-c2", "basic-s1-c1", "basic-s2-c2", "output"], "edges": [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6]]}');
  assert.throws(() => formatCell(macro, 'nb201'));
  assert.throws(() => formatCell({ kind: 'nb201', ops: Array(6).fill('none') }, 'nbmr'));
});

test('macro code detection steals no other notation', () => {
  const others: Array<[string, string | undefined]> = [
    ['|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|', 'nb201'],
    ['(4, 0, 3, 1, 4, 3)', 'naslib-nb201'],
    ['(1, 1, 1, 1, 1, 4)', 'naslib-nb201'],
    ['{"matrix": [[0, 1], [0, 0]], "ops": ["input", "output"]}', 'nb101-json'],
    ["Genotype(normal=[('skip_connect', 0)], normal_concat=[2], reduce=[], reduce_concat=[2])", 'genotype'],
    ['graph { in: input; out: output <- in }', 'graph'],
    ['cell x = 64-41414-basic', 'arch'],
    ['42', undefined], ['3.14', undefined], ['-1', undefined], ['1_000', undefined], ['1_2_3', undefined],
    ['2024-01-01', undefined], ['64-41414', undefined], ['64_41414_basic', undefined], ['64-41414-basic extra', undefined],
  ];
  for (const [text, notation] of others) assert.equal(detectNotation(text), notation, text);
  assert.equal(detectNotation('64-41414-3_33_333'), 'tnb101-micro');
  assert.equal(detectNotation('1_2_3_4_5_6'), 'nbmr');
});

test('macro code errors point at the culprit', () => {
  const base = parseArchitecture('32-41414-basic');
  assert.equal(base.cell, undefined);
  assert.equal(base.diagnostics[0].code, 'tnb101-macro-base');
  assert.deepEqual([base.diagnostics[0].range.column, base.diagnostics[0].range.endColumn], [1, 3]);
  const module = parseArchitecture('64-41514-basic');
  assert.equal(module.diagnostics[0].code, 'tnb101-macro-module');
  assert.equal(module.diagnostics[0].range.column, 6);
  assert.equal(parseArchitecture('64-41414-bottleneck').diagnostics[0].code, 'tnb101-macro-cell');
  const short = parseArchitecture('1_2_3_4_5_6');
  assert.equal(short.diagnostics[0].code, 'nbmr-code-length');
  assert.match(short.diagnostics[0].message, /found 6/);
});

test('.arch: macro cells in their built-in spaces, by name or inferred', () => {
  const text = [
    'cell a in tnb101macro = 64-41414-basic',
    'cell b = 64-1234-basic   # inferred space',
    `cell c in nbmr = ${NBMR}`,
    `cell d = ${NBMR}`,
    'cell e in nb201 = 64-41414-basic',
    'cell f in tnb101macro = |none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    'cell g = 64-11111-basic',
  ].join('\n');
  const doc = parseArchDocument(text);
  assert.deepEqual(doc.cells.map((c) => [c.name, c.space, c.notation, c.cell?.kind]), [
    ['a', 'tnb101macro', 'tnb101-macro', 'tnb101-macro'], ['b', 'tnb101macro', 'tnb101-macro', 'tnb101-macro'],
    ['c', 'nbmr', 'nbmr', 'nbmr'], ['d', 'nbmr', 'nbmr', 'nbmr'],
    ['e', 'nb201', 'tnb101-macro', undefined], ['f', 'tnb101macro', 'nb201', undefined], ['g', 'tnb101macro', 'tnb101-macro', 'tnb101-macro'],
  ]);
  assert.deepEqual(doc.diagnostics.map((d) => [d.range.line, d.code]), [[5, 'notation-mismatch'], [6, 'notation-mismatch']]);
  // Membership is the space's: 64-11111-basic never strides or widens.
  const a = analyzeDocument('x.arch', text);
  assert.deepEqual(a.cells.map((c) => [c.name, c.space.id, c.key]), [
    ['a', 'tnb101-macro', '64-41414-basic'], ['b', 'tnb101-macro', '64-1234-basic'], ['c', 'nbmr', NBMR], ['d', 'nbmr', NBMR],
  ]);
  const g = a.diagnostics.filter((d) => d.range.line === 7);
  assert.deepEqual(g.map((d) => d.code), ['invalid-cell', 'invalid-cell']);
  assert.match(g[0].message, /0 modules stride/);
  assert.equal(formatArchCell('a', a.cells[0].cell, 'tnb101macro'), 'cell a = 64-41414-basic');
  assert.equal(formatArchCell('c', a.cells[2].cell, 'nbmr'), `cell c = ${NBMR}`);
});

test('.arch built-in space names = the registry', () => {
  assert.deepEqual([...BUILTIN_SPACES.keys()].sort(), listBuiltinSpaces().map((b) => b.archName).sort());
  for (const b of listBuiltinSpaces()) assert.equal(BUILTIN_SPACES.get(b.archName)!.topology, b.space.topology, b.archName);
});

test('finder: macro codes in other files (Python, Markdown)', () => {
  const text = [
    '# best TransNAS-Bench-101 macro nets',
    "ARCHS = ['64-41414-basic', '64-11111-basic', 'x64-41414-basic']",
    `code = "${NBMR}"  # NAS-Bench-MR`,
    'n = 1_000_000; d = "2024-01-01"',
  ].join('\n');
  const found = findArchitectures(text);
  assert.deepEqual(found.map((f) => [f.notation, f.text, f.range.line, !!f.cell]), [
    ['tnb101-macro', '64-41414-basic', 2, true], ['tnb101-macro', '64-11111-basic', 2, true], ['nbmr', NBMR, 3, true],
  ]);
  // Analysis keeps members only (64-11111-basic is not one) and binds them to the built-in spaces.
  const a = analyzeDocument('archs.py', text);
  assert.deepEqual(a.cells.map((c) => [c.space.id, c.spaceName, c.key]), [['tnb101-macro', 'tnb101macro', '64-41414-basic'], ['nbmr', 'nbmr', NBMR]]);
});
