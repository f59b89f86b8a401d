import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DARTS_OP_NAMES, formatGenotype, formatNb301Compact, parseGenotype } from '../../src/core/formats/genotype';
import { parseArchitecture } from '../../src/core/formats';
import { NO_DATA_MESSAGE, dataDir } from '../../src/core/paths';
import type { DartsCell, DartsPairs } from '../../src/core/types';
import { brief, readJsonFixture } from './formats-helpers';

const pairsArb = (nodes = 4) => fc.tuple(...Array.from({ length: 2 * nodes }, (_, i) =>
  fc.tuple(fc.constantFrom(...DARTS_OP_NAMES), fc.nat(1 + Math.floor(i / 2))))) as fc.Arbitrary<DartsPairs>;
const cellArb = fc.record({
  normal: pairsArb(), reduce: pairsArb(),
  normalConcat: fc.uniqueArray(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 4 }),
  reduceConcat: fc.uniqueArray(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 4 }),
}).map((r): DartsCell => ({ kind: 'darts', ...r }));

test('genotype golden cases: canonical output and diagnostics', () => {
  const cases = readJsonFixture<Array<{ name: string; input: string }>>('genotype-cases.json');
  const expected = readJsonFixture<Array<{ name: string; canonical: string | null; diagnostics: unknown[] }>>('genotype-expected.json');
  assert.equal(cases.length, expected.length);
  cases.forEach((c, i) => {
    const r = parseGenotype(c.input);
    assert.deepEqual({ name: c.name, canonical: r.cell ? formatGenotype(r.cell) : null, diagnostics: brief(r.diagnostics) }, expected[i], c.name);
  });
});

test('genotype round trip: parse(format(cell)) == cell, format canonical', () => {
  fc.assert(fc.property(cellArb, (cell) => {
    const text = formatGenotype(cell);
    const r = parseGenotype(text);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(r.cell, cell);
    assert.equal(formatGenotype(r.cell!), text);
  }), { numRuns: 200 });
});

test('genotype parse never throws on random or mutated text', () => {
  const valid = formatGenotype({ kind: 'darts', normal: Array(8).fill(['sep_conv_3x3', 0]), normalConcat: [2, 3, 4, 5], reduce: Array(8).fill(['max_pool_3x3', 1]), reduceConcat: [2, 3, 4, 5] });
  const mutated = fc.tuple(fc.nat(valid.length), fc.nat(6), fc.string({ maxLength: 3, unit: fc.constantFrom('(', ')', '[', ']', ',', "'", '"', '#', '\n', 'x', '9', '=') }))
    .map(([at, del, ins]) => valid.slice(0, at) + ins + valid.slice(at + del));
  fc.assert(fc.property(fc.oneof(fc.string(), mutated), (s) => {
    const r = parseGenotype(s);
    assert.ok(r.cell !== undefined || r.diagnostics.some((d) => d.severity === 'error'));
  }), { numRuns: 1000 });
});

test('genotype: input index, pair count and concat checks', () => {
  const p = (pairs: string) => parseGenotype(`Genotype(normal=${pairs}, normal_concat=[2, 3, 4, 5], reduce=${pairs}, reduce_concat=[2, 3, 4, 5])`);
  const eight = (last: number) => `[${["('sep_conv_3x3', 0)", "('sep_conv_3x3', 1)"].join(', ')}, ('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('skip_connect', ${last})]`;
  assert.deepEqual(p(eight(4)).diagnostics, []);
  assert.equal(p(eight(6)).diagnostics[0].message, 'input 6 for node 5: must be 0..4');
  const five = "[('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('skip_connect', 1)]";
  assert.match(p(five).diagnostics[0].message, /has 6 pairs, must have 8 pairs/);
});

type Published = { normal: DartsPairs; normal_concat: number[]; reduce: DartsPairs; reduce_concat: number[]; in_darts_space: boolean; naslib_nb301_compact?: number[][][] };

function styles(g: Published): string[] {
  const tup = (ps: DartsPairs, q: string) => `[${ps.map(([o, i]) => `(${q}${o}${q}, ${i})`).join(', ')}]`;
  const lst = (ps: DartsPairs) => `[\n${ps.map(([o, i]) => `    ["${o}", ${i}],  # ${o}\n`).join('')}]`;
  const contiguous = (c: number[]) => c.every((v, k) => k === 0 || v === c[k - 1] + 1);
  const conc = (c: number[]) => (contiguous(c) ? `range(${c[0]}, ${c[c.length - 1] + 1})` : `[${c.join(', ')}]`);
  return [
    `Genotype(normal=${tup(g.normal, "'")}, normal_concat=[${g.normal_concat.join(', ')}], reduce=${tup(g.reduce, "'")}, reduce_concat=[${g.reduce_concat.join(', ')}])`,
    `genotypes.Genotype(\n  ${lst(g.normal)},\n  ${conc(g.normal_concat)},\n  ${lst(g.reduce)},\n  ${conc(g.reduce_concat)},\n)`,
    `Genotype(\n  reduce_concat = list(${conc(g.reduce_concat)}),\n  reduce=${tup(g.reduce, '"')},\n  normal=${tup(g.normal, '"')},  # keywords in any order\n  normal_concat=${conc(g.normal_concat)}\n)`,
  ];
}

test('all published genotypes parse in several styles', (t) => {
  const dir = dataDir();
  const file = dir && join(dir, 'darts', 'darts_genotypes_published.json');
  if (!file || !existsSync(file)) return t.skip(NO_DATA_MESSAGE);
  const all = JSON.parse(readFileSync(file, 'utf8')).genotypes as Record<string, Published>;
  assert.ok(Object.keys(all).length >= 15);
  for (const [name, g] of Object.entries(all)) {
    const expected: DartsCell = { kind: 'darts', normal: g.normal, normalConcat: g.normal_concat, reduce: g.reduce, reduceConcat: g.reduce_concat };
    // NASNet-family cells (5 nodes, ops such as sep_conv_7x7) are read with the lenient options.
    const opts = g.in_darts_space ? {} : { ops: null, nodes: 'any' as const };
    for (const text of styles(g)) {
      const r = parseGenotype(text, opts);
      assert.deepEqual(r.diagnostics, [], `${name}: ${text}`);
      assert.deepEqual(r.cell, expected, name);
      assert.deepEqual(parseGenotype(formatGenotype(r.cell!), opts).cell, expected);
    }
    if (!g.in_darts_space) assert.ok(parseGenotype(styles(g)[0]).diagnostics.length > 0, `${name} is not a DARTS-space cell`);
    if (g.naslib_nb301_compact) {
      const compact = JSON.stringify(g.naslib_nb301_compact);
      const r = parseArchitecture(compact);
      assert.equal(r.notation, 'nb301-compact');
      assert.deepEqual(r.cell, expected, name);
      const back = formatNb301Compact(r.cell as DartsCell)!;
      assert.match(back, /^\[\[\(\d, \d\), /);
      assert.deepEqual(parseArchitecture(back).cell, expected, name);
    }
  }
});
