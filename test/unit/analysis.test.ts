import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeDocument, cellAt, spaceFromSpec } from '../../src/core/analysis';
import { projectRoot } from '../../src/core/paths';

const example = (f: string) => readFileSync(join(projectRoot(), 'examples', f), 'utf8');
const BEST = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';

test('custom-space example: every cell bound to its declared space, no errors', () => {
  const a = analyzeDocument('custom-space.arch', example('custom-space.arch'));
  assert.equal(a.kind, 'arch');
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(a.cells.map((c) => [c.name, c.space.id]), [
    ['g201_a', 'ghost201'], ['g201_b', 'ghost201'], ['mobile_a', 'mobile_dag'], ['mobile_b', 'mobile_dag'],
    ['ghost_genotype', 'ghost_darts'], ['free_graph', 'graph.ext'],
  ]);
  assert.deepEqual(a.spaces.map((s) => [s.name, !!s.space]), [['ghost201', true], ['mobile_dag', true], ['ghost_darts', true]]);
  // Graph blocks in an NB101-shaped space become NB101 cells.
  assert.equal(a.cells[2].cell.kind, 'nb101');
  // The spec rebuilds the same space (search workers rely on it).
  const again = spaceFromSpec(a.cells[0].spec);
  assert.equal(again.key(a.cells[0].cell), a.cells[0].key);
});

test('built-in space cells keep the built-in space; declared ops extend it', () => {
  const text = `op ghost "Ghost convolution 3 by 3" kind=conv params=4.5\ncell a = ${BEST}\ncell b = |ghost~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|none~2|\n`;
  const a = analyzeDocument('x.arch', text);
  assert.deepEqual(a.diagnostics, []);
  assert.deepEqual(a.cells.map((c) => c.space.id), ['nb201', 'nb201.ext']);
  assert.ok(a.cells[1].space.cost(a.cells[1].cell), 'a params hint gives the extended space a cost model');
  assert.equal(cellAt(a, text.indexOf('|ghost~0'))?.name, 'b');
  assert.equal(cellAt(a, 3), undefined);
});

test('createCustomSpace problems land on the space name', () => {
  const a = analyzeDocument('x.arch', 'space s { topology: darts; ops: [none] }\n');
  const d = a.diagnostics.find((x) => x.code === 'space-invalid');
  assert.ok(d, JSON.stringify(a.diagnostics));
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, { line: 1, column: 7, endLine: 1, endColumn: 8 });
  assert.match(d.message, /besides none/);
});

test('limit violations of a space block are warnings on the cell name', () => {
  const text = `space small { topology: nb201; ops: [none, skip_connect, nor_conv_3x3]; max_params: 0.3 }\ncell big in small = ${BEST}\ncell tiny in small = |skip_connect~0|+|none~0|skip_connect~1|+|skip_connect~0|none~1|skip_connect~2|\n`;
  const a = analyzeDocument('x.arch', text);
  const lim = a.diagnostics.filter((d) => d.code === 'limit-exceeded');
  assert.equal(lim.length, 1);
  assert.equal(lim[0].severity, 'warning');
  assert.equal(lim[0].range.line, 2);
  assert.match(lim[0].message, /params exceed the limit of 0.3M/);
  assert.equal(a.cells.length, 2, 'a cell over the limit is still scored');
});

test('broken cells are diagnosed and left out; the rest still analysed', () => {
  const a = analyzeDocument('x.arch', `cell bad = |nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|\ncell good = ${BEST}\n`);
  assert.deepEqual(a.cells.map((c) => c.name), ['good']);
  assert.equal(a.cellDecls.length, 2);
  assert.equal(a.diagnostics[0].code, 'unknown-operator');
  assert.ok(a.diagnostics[0].suggestions?.includes('nor_conv_3x3'));
});

test('other files: literals from the finder, errors demoted to warnings', () => {
  const py = analyzeDocument('genotypes.py', example('genotypes.py'));
  assert.equal(py.kind, 'text');
  assert.equal(py.cells.length, 5);
  assert.ok(py.cells.every((c) => c.space.id === 'darts' && c.name === undefined));
  const md = analyzeDocument('notes.md', `x = "${BEST}" and "|nor_conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|"`);
  assert.equal(md.cells.length, 1);
  assert.ok(md.diagnostics.length > 0 && md.diagnostics.every((d) => d.severity !== 'error'));
});

test('a 5,000-line file is analysed quickly', () => {
  const lines: string[] = [];
  for (let i = 0; i < 2500; i++) lines.push(`cell c${i} = ${BEST}`, '# a comment');
  const text = lines.join('\n');
  analyzeDocument('big.arch', text); // warm-up (JIT)
  const t0 = performance.now();
  const a = analyzeDocument('big.arch', text);
  const ms = performance.now() - t0;
  assert.equal(a.cells.length, 2500);
  // Budget for a shared 2-core CI box; typical is well under 100 ms, most of it the parser.
  assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
});

test('never throws, whatever the text (property)', () => {
  const pieces = ['cell ', 'op ', 'space ', 'x', ' = ', 'in ', '{', '}', '[', ']', '(', ')', '|', '~0', '+', 'nor_conv_3x3', 'none',
    'topology: ', 'nb201', 'darts', 'graph', 'ops: ', ',', ';', '\n', '"', '#', 'Genotype(', "('sep_conv_3x3', 0)", 'normal=', 'max_params: ', '0', '<-', ':', 'input', 'output'];
  const docs = fc.oneof(fc.string(), fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((a) => a.join('')));
  fc.assert(fc.property(docs, fc.boolean(), (text, arch) => {
    const a = analyzeDocument(arch ? 'f.arch' : 'f.py', text);
    assert.ok(Array.isArray(a.cells) && Array.isArray(a.diagnostics));
    assert.ok(!a.diagnostics.some((d) => d.code === 'internal-error'), JSON.stringify(a.diagnostics));
  }), { numRuns: 400 });
  for (const f of ['custom-space.arch', 'darts.arch', 'nb101.arch']) {
    const t = example(f);
    fc.assert(fc.property(fc.nat(t.length), fc.nat(40), fc.string({ maxLength: 8 }), (at, del, ins) => {
      const a = analyzeDocument(f, t.slice(0, at) + ins + t.slice(at + del));
      assert.ok(!a.diagnostics.some((d) => d.code === 'internal-error'), JSON.stringify(a.diagnostics.find((d) => d.code === 'internal-error')));
    }), { numRuns: 150 });
  }
});
