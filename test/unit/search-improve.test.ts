// "Improve this cell": single edits from the space's neighbours, scored in one batch, best first.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadProxy } from '../../src/core/proxy';
import { dartsSpace, nb201Space } from '../../src/core/spaces';
import { describeEdit, hillClimb, improveCell, searchSpace } from '../../src/core/search';
import { parseGenotype, parseNb201 } from '../../src/core/formats';
import type { DartsCell, Nb201Cell } from '../../src/core/types';

const WEAK = parseNb201('|avg_pool_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|skip_connect~2|').cell!;

test('improveCell: every edit is one change that raises the score, best first, with its cost change', async () => {
  const proxy = await loadProxy({ model: 'universal', cacheDir: null, log: () => undefined });
  const scorer = (cells: Nb201Cell[]) => proxy.scoreRaw(nb201Space, cells);
  const r = await improveCell(nb201Space, WEAK, scorer, { top: 5, dataset: 'cifar10' });
  assert.equal(r.edits.length, 5);
  assert.ok(r.considered >= 20);
  for (let i = 0; i < r.edits.length; i++) {
    const e = r.edits[i];
    assert.ok(e.gain > 0 && Math.abs(e.score - r.score - e.gain) < 1e-9);
    if (i > 0) assert.ok(e.score <= r.edits[i - 1].score);
    assert.equal(e.cell.ops.filter((op, k) => op !== WEAK.ops[k]).length, 1, e.description);
    assert.match(e.description, /^edge \d→\d: \w+ → \w+$/);
    assert.equal(typeof e.deltaParamsM, 'number');
  }
  // The scorer agrees: re-scoring the best edit gives its score.
  assert.ok(Math.abs((await scorer([r.edits[0].cell]))[0] - r.edits[0].score) < 1e-6);
  // A params limit at the cell's own size leaves only edits that do not grow it.
  const capped = await improveCell(nb201Space, WEAK, scorer, { limits: { maxParamsM: r.cost!.params_M }, dataset: 'cifar10' });
  for (const e of capped.edits) assert.ok(e.cost!.params_M <= r.cost!.params_M + 1e-9, e.description);
  const path = await hillClimb(nb201Space, WEAK, scorer, 3);
  assert.equal(path.length, 3);
  for (let k = 1; k < path.length; k++) assert.ok(path[k].score > path[k - 1].score);
  proxy.dispose();
});

test('describeEdit names DARTS operator and input changes by half and node', () => {
  const g = parseGenotype("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])").cell as DartsCell;
  const n = dartsSpace.neighbours(g);
  const opChange = n.find((c) => c.normal[7][0] === 'sep_conv_5x5' && c.normal[7][1] === 2)!;
  assert.equal(describeEdit(g, opChange), 'normal node 5, input 2: dil_conv_3x3 → sep_conv_5x5');
  const rewire = n.find((c) => c.reduce[0][0] === 'max_pool_3x3' && c.reduce[0][1] === 1 && c.reduce[1][1] === 1) ?? n.find((c) => c.reduce[6][1] === 3)!;
  assert.match(describeEdit(g, rewire), /^reduce node \d, \w+: input \d → \d$/);
});

test('Pareto search: a front of non-dominated cells, cheapest first; median per generation below the best', async () => {
  const proxy = await loadProxy({ model: 'universal', cacheDir: null, log: () => undefined });
  const r = await searchSpace(nb201Space, (cells) => proxy.scoreRaw(nb201Space, cells), { generations: 8, population: 32, top: 20, pareto: 'params', dataset: 'cifar10' });
  const front = r.front!;
  assert.ok(front.length >= 3);
  for (let i = 1; i < front.length; i++) {
    assert.ok(front[i].objective > front[i - 1].objective && front[i].score > front[i - 1].score);
    assert.equal(front[i].objective, front[i].cost!.params_M);
  }
  // Every shortlisted cell is on the front or dominated by a point of it.
  for (const c of r.results) assert.ok(front.some((f) => f.objective <= c.cost!.params_M && f.score >= c.score), c.key);
  assert.equal(front[front.length - 1].score, r.results[0].score);
  assert.equal(r.historyMedian.length, 8);
  r.historyMedian.forEach((m, g) => assert.ok(m <= r.history[g]));
  assert.ok(r.historyMedian[7] > r.historyMedian[0], 'the population improves');
  proxy.dispose();
});
