import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findArchitectureAt, findArchitectures } from '../../src/core/formats/finder';
import { formatNb201 } from '../../src/core/formats/nb201';
import { LineMap } from '../../src/core/formats/text';
import { projectRoot } from '../../src/core/paths';

const example = (f: string) => readFileSync(join(projectRoot(), 'examples', f), 'utf8');

test('finds every Genotype literal in a genotypes.py and skips non-literals', () => {
  const text = example('genotypes.py');
  const found = findArchitectures(text);
  assert.deepEqual(found.map((f) => [f.notation, f.range.line, !!f.cell]), [
    ['genotype', 20, true], ['genotype', 21, true], ['genotype', 23, true], ['genotype', 37, true], ['genotype', 54, true],
  ]);
  for (const f of found) {
    assert.deepEqual(f.diagnostics, []);
    assert.equal(text.slice(f.start, f.end), f.text);
    assert.ok(f.text.startsWith('Genotype(') && f.text.endsWith(')'));
  }
  assert.equal(found[2].range.endLine, 34);
});

test('finds NB201 strings in markdown with exact ranges and offsets', () => {
  const text = example('notes.md');
  const found = findArchitectures(text);
  assert.deepEqual(found.map((f) => f.notation), ['nb201', 'nb201', 'nb201', 'nb201', 'genotype']);
  const map = new LineMap(text);
  for (const f of found) {
    assert.ok(f.cell, f.text);
    assert.deepEqual(f.range, map.range(f.start, f.end));
  }
  assert.equal(found[0].text, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
  assert.equal(found[0].range.line, 7);
  assert.equal(found[0].range.column, text.split('\n')[6].indexOf('|nor_conv') + 1);
});

test('malformed literals come back with diagnostics in document positions', () => {
  const text = 'x = 1\narch = "|nor_conv_3x3~0|+|conv_3x3~0|none~1|+|none~0|none~1|none~2|"\n';
  const [f] = findArchitectures(text);
  assert.equal(f.cell, undefined);
  assert.deepEqual(f.diagnostics.map((d) => [d.range.line, d.range.column, d.suggestions]), [[2, 27, ['nor_conv_3x3']]]);
  const g = findArchitectures("G = Genotype(normal=[('sep_conv_3x3', 0)\n");
  assert.equal(g[0].diagnostics[0].code, 'unbalanced-brackets');
});

test('findArchitectureAt returns the literal under an offset', () => {
  const text = example('genotypes.py');
  const at = text.indexOf('GDAS = Genotype(') + 30;
  assert.equal(findArchitectureAt(text, at)?.range.line, 37);
  assert.equal(findArchitectureAt(text, 0), undefined);
});

test('a 5,000-line file is scanned in a few milliseconds', () => {
  const nb = formatNb201({ kind: 'nb201', ops: ['nor_conv_3x3', 'none', 'skip_connect', 'avg_pool_3x3', 'nor_conv_1x1', 'none'] });
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    if (i % 100 === 0) lines.push(`arch_${i} = '${nb}'  # candidate`);
    else if (i % 250 === 1) lines.push(`G${i} = ${example('genotypes.py').split('\n')[20].split(' = ')[1]}`);
    else lines.push(`    value_${i} = compute(x[${i}], weights | mask, "text ~ with ${i} tildes")  # ${'y'.repeat(i % 40)}`);
  }
  const text = lines.join('\n');
  findArchitectures(text); // warm-up (JIT)
  const t0 = performance.now();
  const found = findArchitectures(text);
  const ms = performance.now() - t0;
  assert.equal(found.filter((f) => f.notation === 'nb201').length, 50);
  assert.equal(found.filter((f) => f.notation === 'genotype').length, 20);
  assert.ok(found.every((f) => f.cell));
  assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
  console.log(`finder: ${lines.length} lines, ${text.length} chars, ${found.length} literals in ${ms.toFixed(2)} ms`);
});
