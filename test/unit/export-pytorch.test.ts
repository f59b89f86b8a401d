import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDocument } from '../../src/core/analysis';
import { exportPytorch } from '../../src/core/export/pytorch';
import { projectRoot } from '../../src/core/paths';

test('every example cell exports to Python that compiles; only new operators are placeholders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tgnas-export-'));
  const files: string[] = [];
  for (const f of ['nb201.arch', 'darts.arch', 'nb101.arch', 'custom-space.arch']) {
    const a = analyzeDocument(f, readFileSync(join(projectRoot(), 'examples', f), 'utf8'));
    for (const c of a.cells) {
      const e = exportPytorch({ name: c.name, cell: c.cell, space: c.space });
      const declared = a.ops.map((o) => o.name);
      assert.deepEqual(e.placeholders, e.placeholders.filter((p) => declared.includes(p)), `${c.name}: only declared operators lack an implementation`);
      for (const p of e.placeholders) {
        assert.match(e.code, new RegExp(`class Placeholder_${p}\\(nn.Module\\)`));
        assert.ok(e.code.includes(a.ops.find((o) => o.name === p)!.description), 'the description is in the comment');
      }
      assert.doesNotMatch(e.code, /tgnas_vscode|from \.|import (?!torch)/);
      const file = join(dir, `${f.replace('.', '_')}_${e.fileName}`);
      writeFileSync(file, e.code);
      files.push(file);
    }
  }
  assert.ok(files.length >= 15);
  execFileSync('python3', ['-m', 'py_compile', ...files]);
});

test('network skeletons match the notation', () => {
  const a = analyzeDocument('x.arch', 'cell n = |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|\n');
  const e = exportPytorch({ name: 'n', cell: a.cells[0].cell, space: a.cells[0].space });
  assert.match(e.code, /class ResNetBasicBlock/);
  assert.match(e.code, /\(1, 2, "avg_pool_3x3"\)/);
  assert.deepEqual(e.placeholders, []);
  assert.equal(e.fileName, 'n.py');
});
