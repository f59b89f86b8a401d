import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  NB201_OP_NAMES, formatNb201, nb201FromNaslibTuple, nb201ToNaslibTuple, parseNaslibTuple, parseNb201,
} from '../../src/core/formats/nb201';
import { parseArchitecture } from '../../src/core/formats';
import { NO_DATA_MESSAGE, dataDir } from '../../src/core/paths';
import type { Nb201Cell } from '../../src/core/types';
import { brief, readJsonFixture } from './formats-helpers';

const cellArb = fc.array(fc.constantFrom(...NB201_OP_NAMES), { minLength: 6, maxLength: 6 })
  .map((ops): Nb201Cell => ({ kind: 'nb201', ops }));

test('nb201 golden cases: canonical output and diagnostics', () => {
  const cases = readJsonFixture<Array<{ name: string; input: string }>>('nb201-cases.json');
  const expected = readJsonFixture<Array<{ name: string; canonical: string | null; diagnostics: unknown[] }>>('nb201-expected.json');
  assert.equal(cases.length, expected.length);
  cases.forEach((c, i) => {
    const r = parseNb201(c.input);
    assert.deepEqual({ name: c.name, canonical: r.cell ? formatNb201(r.cell) : null, diagnostics: brief(r.diagnostics) }, expected[i], c.name);
  });
});

test('nb201 messages are actionable', () => {
  const r = parseNb201('|conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~3|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|');
  assert.equal(r.cell, undefined);
  assert.equal(r.diagnostics[0].message, "unknown operator 'conv_3x3' (did you mean 'nor_conv_3x3'?)");
  assert.deepEqual(r.diagnostics[0].suggestions, ['nor_conv_3x3']);
  assert.deepEqual(r.diagnostics[0].range, { line: 1, column: 2, endLine: 1, endColumn: 10 });
  assert.match(r.diagnostics[1].message, /^edge from node 3 into node 2/);
});

test('nb201 base position shifts ranges of the first line only', () => {
  const text = '|nor_conv_3x3~0|+|nor_conv_3x3~0|foo~1|\n+|skip_connect~0|bar~1|skip_connect~2|';
  const r = parseNb201(text, { line: 10, column: 5 });
  assert.deepEqual(r.diagnostics.map((d) => [d.range.line, d.range.column, d.range.endColumn]), [[10, 38, 41], [11, 18, 21]]);
});

test('nb201 custom vocabulary (null accepts anything)', () => {
  const s = '|a~0|+|b~0|c~1|+|d~0|e~1|f~2|';
  assert.ok(parseNb201(s).diagnostics.length > 0);
  assert.deepEqual(parseNb201(s, { ops: null }).cell?.ops, ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.deepEqual(parseNb201(s, { ops: ['a', 'b', 'c', 'd', 'e', 'f'] }).diagnostics, []);
});

test('nb201 round trip: parse(format(cell)) == cell and format is canonical', () => {
  fc.assert(fc.property(cellArb, (cell) => {
    const text = formatNb201(cell);
    const r = parseNb201(text);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.cell, cell);
    assert.equal(formatNb201(r.cell!), text);
    // Spaces/newlines between tokens do not change the cell.
    assert.deepEqual(parseNb201(text.replace(/\+/g, '\n  + ').replace(/~/g, '~')).cell, cell);
  }), { numRuns: 300 });
});

test('nb201 NASLib tuple round trip', () => {
  fc.assert(fc.property(cellArb, (cell) => {
    const t = nb201ToNaslibTuple(cell)!;
    assert.deepEqual(nb201FromNaslibTuple(t), cell);
    assert.deepEqual(parseNaslibTuple(`(${t.join(', ')})`).cell, cell);
  }), { numRuns: 200 });
  // The documented example (PROVENANCE.md).
  assert.equal(formatNb201(parseNaslibTuple('(4, 0, 3, 1, 4, 3)').cell!),
    '|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|');
  assert.equal(parseNaslibTuple('(4, 0, 3, 1, 7, 3)').diagnostics[0].code, 'naslib-tuple-code');
  assert.equal(parseNaslibTuple('(4, 0, 3)').diagnostics[0].code, 'naslib-tuple-length');
});

test('nb201 parse never throws on random or mutated text', () => {
  const valid = formatNb201({ kind: 'nb201', ops: ['nor_conv_3x3', 'none', 'skip_connect', 'avg_pool_3x3', 'nor_conv_1x1', 'none'] });
  const mutated = fc.tuple(fc.nat(valid.length), fc.nat(8), fc.string({ maxLength: 4 }))
    .map(([at, del, ins]) => valid.slice(0, at) + ins + valid.slice(at + del));
  fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('|', '+', '~', '0', '3', 'a', ' ', '\n') }), mutated), (s) => {
    const r = parseNb201(s);
    assert.ok(r.cell !== undefined || r.diagnostics.some((d) => d.severity === 'error'));
    for (const d of r.diagnostics) assert.ok(d.range.line >= 1 && d.range.column >= 1 && d.code && d.message);
  }), { numRuns: 1000 });
});

test('all 15,625 NB201 cells of the benchmark parse and round-trip', (t) => {
  const dir = dataDir();
  const file = dir && join(dir, 'nasbench201', 'nb201_all.csv');
  if (!file || !existsSync(file)) return t.skip(NO_DATA_MESSAGE);
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  assert.equal(lines.length, 15625);
  const seen = new Set<string>();
  for (const line of lines) {
    const m = /^\d+,([^,]+),[^,]*,"\(([^)]*)\)"/.exec(line);
    assert.ok(m, line.slice(0, 80));
    const [, arch, tuple] = m;
    const r = parseNb201(arch);
    assert.deepEqual(r.diagnostics, [], arch);
    assert.equal(formatNb201(r.cell!), arch);
    const codes = tuple.split(',').map(Number);
    assert.deepEqual(nb201ToNaslibTuple(r.cell!), codes, arch);
    assert.deepEqual(parseArchitecture(`(${tuple})`).cell, r.cell);
    seen.add(arch);
  }
  assert.equal(seen.size, 15625);
});
