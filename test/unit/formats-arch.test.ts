import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatArchCell, formatArchDocument, parseArchDocument, parseGraphNotation } from '../../src/core/formats/arch';
import { lexArch, maskComments } from '../../src/core/formats/lexer';
import { projectRoot } from '../../src/core/paths';
import type { Cell, GraphCell } from '../../src/core/types';
import { brief, readFixture, readJsonFixture } from './formats-helpers';

const summary = (text: string) => {
  const d = parseArchDocument(text);
  return {
    cells: d.cells.map((c) => ({ name: c.name, space: c.space, notation: c.notation ?? null, ok: !!c.cell, line: c.nameRange.line })),
    diagnostics: brief(d.diagnostics),
  };
};

test('error recovery: a broken middle cell leaves the other two intact', () => {
  const doc = parseArchDocument(readFixture('recovery.arch'));
  assert.deepEqual(doc.cells.map((c) => [c.name, !!c.cell]), [['first', true], ['broken', false], ['third', true]]);
  assert.equal(doc.diagnostics.length, 1);
  assert.deepEqual(doc.diagnostics[0].range, { line: 4, column: 23, endLine: 4, endColumn: 24 });
  assert.equal(doc.diagnostics[0].code, 'unbalanced-brackets');
  assert.deepEqual(doc.cells[1].diagnostics, doc.diagnostics);
  assert.deepEqual(summary(readFixture('recovery.arch')), readJsonFixture('recovery.expected.json'));
});

test('semantic errors golden file (duplicates, unknown ops/spaces/nodes, limits, notation mismatch)', () => {
  assert.deepEqual(summary(readFixture('errors.arch')), readJsonFixture('errors.expected.json'));
});

test('every example parses with zero errors', () => {
  const dir = join(projectRoot(), 'examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.arch'));
  assert.ok(files.length >= 4);
  for (const f of files) {
    const doc = parseArchDocument(readFileSync(join(dir, f), 'utf8'));
    assert.deepEqual(doc.diagnostics, [], f);
    assert.ok(doc.cells.length > 0 && doc.cells.every((c) => c.cell), f);
  }
});

test('custom space example: declared ops, spaces and inferred/explicit spaces', () => {
  const doc = parseArchDocument(readFileSync(join(projectRoot(), 'examples', 'custom-space.arch'), 'utf8'));
  const ghost = doc.ops.find((o) => o.name === 'ghost_conv_3x3')!;
  assert.equal(ghost.description, 'Ghost convolution 3 by 3, cheap linear features');
  assert.equal(ghost.kind, 'conv');
  assert.equal(ghost.params, 4.5);
  const space = doc.spaces.find((s) => s.name === 'ghost201')!;
  assert.equal(space.topology, 'nb201');
  assert.equal(space.maxParamsM, 1.0);
  assert.equal(space.maxFlopsM, 150);
  assert.deepEqual(doc.spaces.find((s) => s.name === 'mobile_dag')!.maxNodes, 8);
  const mobile = doc.cells.find((c) => c.name === 'mobile_a')!;
  assert.equal(mobile.space, 'mobile_dag');
  assert.equal(mobile.notation, 'graph');
  assert.deepEqual(mobile.nodeNames, ['in', 'expand', 'block', 'attend', 'pool', 'out']);
  assert.deepEqual(mobile.cell, {
    kind: 'graph', ops: ['input', 'conv1x1-bn-relu', 'mbconv_3x3', 'se_block', 'max_pool_3x3_nb', 'output'],
    edges: [[0, 1], [0, 4], [1, 2], [2, 3], [3, 5], [4, 5]],
  });
  assert.equal(doc.cells.find((c) => c.name === 'free_graph')!.space, 'graph');
});

test('graph notation: cycles, forward references, unknown nodes', () => {
  const cyc = parseArchDocument('cell g = graph {\n  in: input\n  a: nor_conv_3x3 <- in, b\n  b: nor_conv_1x1 <- a\n  out: output <- b\n}\n');
  assert.equal(cyc.cells[0].cell, undefined);
  assert.equal(cyc.diagnostics[0].code, 'graph-cycle');
  assert.match(cyc.diagnostics[0].message, /cycle 'a' -> 'b' -> 'a'/);
  const fwd = parseArchDocument('cell g = graph { out: output <- a; a: nor_conv_3x3 <- in; in: input }');
  assert.deepEqual(fwd.diagnostics, []);
  assert.deepEqual(fwd.cells[0].cell, { kind: 'graph', ops: ['input', 'nor_conv_3x3', 'output'], edges: [[0, 1], [1, 2]] });
  assert.deepEqual(fwd.cells[0].nodeNames, ['in', 'a', 'out']);
  const dead = parseArchDocument('cell g = graph { in: input; a: nor_conv_3x3 <- in; b: none <- in; out: output <- a }');
  assert.deepEqual(dead.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'unreachable-node']]);
  assert.ok(dead.cells[0].cell);
});

test('positions: diagnostics point into multi-line cells', () => {
  const text = [
    '# header',
    'cell a = Genotype(',
    "    normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1),",
    "            ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 7)],",
    '    normal_concat=[2, 3, 4, 5],',
    "    reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],",
    '    reduce_concat=range(2, 6))  # done',
    'cell b = |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pol_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|',
  ].join('\n');
  const doc = parseArchDocument(text);
  assert.deepEqual(doc.diagnostics.map((d) => [d.code, d.range.line, d.range.column, d.range.endColumn, d.message]), [
    ['genotype-input-range', 4, 93, 94, 'input 7 for node 5: must be 0..4'],
    ['unknown-operator', 8, 43, 54, "unknown operator 'avg_pol_3x3' (did you mean 'avg_pool_3x3'?)"],
  ]);
  assert.deepEqual(doc.cells.map((c) => c.range.line), [2, 8]);
});

const graphArb = fc.integer({ min: 2, max: 7 }).chain((n) => fc.tuple(
  fc.array(fc.constantFrom('nor_conv_3x3', 'skip_connect', 'sep_conv_5x5', 'maxpool3x3'), { minLength: n - 2, maxLength: n - 2 }),
  fc.array(fc.boolean(), { minLength: n * n, maxLength: n * n }),
).map(([ops, bits]): GraphCell => {
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (j === i + 1 || bits[i * n + j]) edges.push([i, j]);
  return { kind: 'graph', ops: ['input', ...ops, 'output'], edges };
}));

test('formatArchCell / formatArchDocument round trip', () => {
  const fixed: Cell[] = [
    { kind: 'nb201', ops: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3', 'none'] },
    { kind: 'darts', normal: Array(8).fill(['sep_conv_3x3', 1]), normalConcat: [2, 3, 4, 5], reduce: Array(8).fill(['max_pool_3x3', 0]), reduceConcat: [2, 5] },
    { kind: 'nb101', matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ['input', 'conv1x1-bn-relu', 'output'] },
  ];
  fc.assert(fc.property(graphArb, (g) => {
    const cells = [...fixed, g];
    const text = formatArchDocument({
      header: 'generated', ops: [{ name: 'new_op', description: 'A "quoted" op', kind: 'conv', params: 9 }],
      spaces: [{ name: 'mine', topology: 'graph', ops: ['new_op', 'nor_conv_3x3'], maxNodes: 9, maxParamsM: 2 }],
      cells: cells.map((cell, i) => ({ name: `c${i}`, cell, comment: i === 0 ? 'first' : undefined })),
    });
    const doc = parseArchDocument(text);
    assert.deepEqual(doc.diagnostics, [], text);
    assert.deepEqual(doc.cells.map((c) => c.cell), cells);
    assert.equal(doc.ops[0].description, 'A "quoted" op');
    assert.equal(doc.spaces[0].maxNodes, 9);
    for (const c of cells) assert.deepEqual(parseArchDocument(formatArchCell('x', c)).cells[0].cell, c);
    const standalone = parseGraphNotation(formatArchCell('x', g).replace(/^cell x = /, ''));
    assert.deepEqual(standalone.cell, g);
  }), { numRuns: 60 });
  assert.equal(formatArchCell('a', fixed[0], 'tnb101'), 'cell a in tnb101 = |none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|');
});

test('parseArchDocument never throws on random or mutated documents', () => {
  const base = readFileSync(join(projectRoot(), 'examples', 'custom-space.arch'), 'utf8');
  const mutated = fc.tuple(fc.nat(base.length), fc.nat(20), fc.string({ maxLength: 5, unit: fc.constantFrom('{', '}', '(', '[', '"', "'", '#', '\n', '<-', ':', ';', 'cell ', '|', '~') }))
    .map(([at, del, ins]) => base.slice(0, at) + ins + base.slice(at + del));
  fc.assert(fc.property(fc.oneof(fc.string(), mutated), (s) => {
    const doc = parseArchDocument(s);
    for (const d of doc.diagnostics) assert.ok(d.range.line >= 1 && d.range.column >= 1 && d.code.length > 0);
    for (const c of doc.cells) if (c.cell) assert.ok(!c.diagnostics.some((d) => d.severity === 'error'));
  }), { numRuns: 300 });
});

test('lexer: comments masked outside strings, identifiers with dashes, arrows', () => {
  assert.equal(maskComments('op a "x # y" # c\ncell'), 'op a "x # y"    \ncell');
  assert.deepEqual(lexArch('a: conv3x3-bn-relu <- in, b').map((t) => t.value), ['a', ':', 'conv3x3-bn-relu', '<-', 'in', ',', 'b']);
});
