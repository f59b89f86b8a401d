import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { NB101_OP_NAMES, formatNb101, parseNb101 } from '../../src/core/formats/nb101';
import { formatGraphJson, parseGraphJson } from '../../src/core/formats/graph';
import { NO_DATA_MESSAGE, dataDir } from '../../src/core/paths';
import type { GraphCell, Nb101Cell } from '../../src/core/types';
import { brief, readJsonFixture } from './formats-helpers';

/** Valid cells: a chain 0->1->...->n-1 (so every node is on a path) plus random forward edges. */
const nb101Arb = fc.integer({ min: 2, max: 7 }).chain((n) => fc.tuple(
  fc.array(fc.constantFrom(...NB101_OP_NAMES), { minLength: n - 2, maxLength: n - 2 }),
  fc.array(fc.boolean(), { minLength: n * n, maxLength: n * n }),
).map(([ops, bits]): Nb101Cell => {
  const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 || (j > i && bits[i * n + j]) ? 1 : 0)));
  return { kind: 'nb101', matrix, ops: ['input', ...ops, 'output'] };
}));

test('nb101 golden cases: canonical output and diagnostics', () => {
  const cases = readJsonFixture<Array<{ name: string; input: string }>>('nb101-cases.json');
  const expected = readJsonFixture<Array<{ name: string; canonical: string | null; diagnostics: unknown[] }>>('nb101-expected.json');
  cases.forEach((c, i) => {
    const r = parseNb101(c.input);
    assert.deepEqual({ name: c.name, canonical: r.cell ? formatNb101(r.cell) : null, diagnostics: brief(r.diagnostics) }, expected[i], c.name);
  });
});

test('nb101 round trip (limits lifted for dense random cells)', () => {
  fc.assert(fc.property(nb101Arb, (cell) => {
    const text = formatNb101(cell);
    const r = parseNb101(text, { maxEdges: Infinity });
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.cell, cell);
    assert.equal(formatNb101(r.cell!), text);
    assert.deepEqual(parseNb101(JSON.stringify(cell, null, 2), { maxEdges: Infinity }).cell, cell);
  }), { numRuns: 200 });
});

test('nb101 limits: 7 nodes and 9 edges by default', () => {
  const n = 8;
  const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === i + 1 ? 1 : 0)));
  const cell: Nb101Cell = { kind: 'nb101', matrix, ops: ['input', ...Array(6).fill('maxpool3x3'), 'output'] };
  assert.deepEqual(parseNb101(formatNb101(cell)).diagnostics.map((d) => d.code), ['too-many-nodes']);
  assert.deepEqual(parseNb101(formatNb101(cell), { maxNodes: 8 }).cell, cell);
});

test('nb101 and graph-json parse never throw', () => {
  fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), nb101Arb.map((c) => formatNb101(c).slice(0, -3))), (s) => {
    const a = parseNb101(s);
    assert.ok(a.cell !== undefined || a.diagnostics.some((d) => d.severity === 'error'));
    const b = parseGraphJson(s);
    assert.ok(b.cell !== undefined || b.diagnostics.some((d) => d.severity === 'error'));
  }), { numRuns: 500 });
});

test('graph-json round trip and checks', () => {
  fc.assert(fc.property(nb101Arb, (c) => {
    const edges: Array<[number, number]> = [];
    c.matrix.forEach((row, i) => row.forEach((v, j) => v && edges.push([i, j])));
    const cell: GraphCell = { kind: 'graph', ops: c.ops, edges };
    const r = parseGraphJson(formatGraphJson(cell));
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.cell, cell);
  }), { numRuns: 100 });
  const bad = parseGraphJson('{"ops": ["input", "nor_conv_3x3", "output"], "edges": [[0, 1], [1, 2], [7, 2]]}');
  assert.equal(bad.diagnostics[0].message, 'edge 7 -> 2: from node 7 but the cell has nodes 0..2');
  const back = parseGraphJson('{"ops": ["input", "nor_conv_3x3", "output"], "edges": [[0, 1], [2, 1]]}');
  assert.equal(back.diagnostics[0].code, 'graph-edge-order');
});

test('the shipped NB101 sample parses (adjacency key)', (t) => {
  const dir = dataDir();
  const file = dir && join(dir, 'nasbench101', 'nb101_1k.json');
  if (!file || !existsSync(file)) return t.skip(NO_DATA_MESSAGE);
  const archs = JSON.parse(readFileSync(file, 'utf8')).archs as Array<{ adjacency: number[][]; ops: string[] }>;
  for (const a of archs) {
    const r = parseNb101(JSON.stringify({ adjacency: a.adjacency, ops: a.ops }));
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), [], JSON.stringify(a));
    assert.deepEqual(r.cell?.matrix, a.adjacency);
  }
});
