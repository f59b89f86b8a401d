/**
 * Search benchmark (npm run bench:search): NB201 searches with the zero-shot (no-nb201) and
 * universal models over 10 seeds, scored against the true accuracies in the shared data, beside
 * baselines measured in the same run (random search with the same evaluation budget, pruning
 * only, evolution only, the proxy's exhaustive argmax), then DARTS and a custom space.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../core/csv';
import { formatNb201 } from '../core/formats/nb201';
import { createRng } from '../core/random';
import { loadProxy } from '../core/proxy';
import type { Proxy } from '../core/proxy/types';
import { searchSpace, type SearchOptions } from '../core/search';
import { createCustomSpace, getSpace, type SearchSpace } from '../core/spaces';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../core/paths';
import { improveSection } from './bench-improve';
import type { Cell, DartsCell, Nb201Cell } from '../core/types';

const SEEDS = Array.from({ length: 10 }, (_, i) => i);
const DATASETS = ['c10', 'c100', 'in16'] as const;
type Acc = Record<(typeof DATASETS)[number], number>;

interface Run {
  top1: Acc;
  best10: Acc;
  seconds: number;
  evaluations: number;
}

function meanStd(xs: number[]): string {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const s = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  return `${m.toFixed(2)} ± ${s.toFixed(2)}`;
}

export async function benchSearch(log: (line: string) => void): Promise<string> {
  const data = dataDir();
  if (!data) return `${NO_DATA_MESSAGE}\n`;
  const table = readCsv(join(data, 'nasbench201', 'nb201_all.csv'));
  const truth = new Map<string, Acc>();
  const [a, c10, c100, in16] = ['arch_str', 'c10_test_200', 'c100_test_200', 'in16_test_200'].map((c) => table.col(c));
  for (const r of table.rows) truth.set(r[a], { c10: Number(r[c10]), c100: Number(r[c100]), in16: Number(r[in16]) });
  const optimum: Acc = { c10: 0, c100: 0, in16: 0 };
  for (const v of truth.values()) for (const d of DATASETS) optimum[d] = Math.max(optimum[d], v[d]);
  const acc = (cell: Cell): Acc => truth.get(formatNb201(cell as Nb201Cell))!;
  const nb201 = getSpace('nb201')! as SearchSpace<Cell>;
  const all = [...nb201.enumerate!()];

  const out: string[] = [];
  const emit = (line = '') => {
    out.push(line);
    log(line);
  };
  emit('# Search benchmark');
  emit();
  emit(`Measured by \`npm run bench:search\` on ${new Date().toISOString().slice(0, 10)}; one process, tfjs backend as logged; ${SEEDS.length} seeds per row.`);
  emit('True accuracies: NAS-Bench-201 test accuracy (%, 200 epochs) from ../shared/data/nasbench201/nb201_all.csv.');
  emit();

  const summarise = (runs: Run[]) => {
    const cell = (f: (r: Run) => number) => meanStd(runs.map(f));
    return [
      ...DATASETS.map((d) => cell((r) => r.top1[d])),
      ...DATASETS.map((d) => cell((r) => r.best10[d])),
      cell((r) => r.seconds),
      Math.round(runs.reduce((s, r) => s + r.evaluations, 0) / runs.length).toString(),
    ];
  };
  const bestOf = (cells: Cell[]): Acc => {
    const best: Acc = { c10: -1, c100: -1, in16: -1 };
    for (const c of cells) for (const d of DATASETS) best[d] = Math.max(best[d], acc(c)[d]);
    return best;
  };
  const header =
    '| model | method | top-1 C10 | top-1 C100 | top-1 IN16 | best-of-10 C10 | best-of-10 C100 | best-of-10 IN16 | seconds | evaluations |';
  emit('## NAS-Bench-201');
  emit();
  emit(header);
  emit('|' + ' --- |'.repeat(10));

  for (const model of ['no-nb201', 'universal']) {
    let proxy: Proxy;
    try {
      proxy = await loadProxy({ model });
    } catch (e) {
      emit(`| ${model} | (not available: ${(e as Error).message}) |`);
      continue;
    }
    const scorer = (cells: Cell[]) => proxy.scoreRaw(nb201, cells);
    const methods: Array<[string, Partial<SearchOptions<Cell>>]> = [
      ['pruning + evolution', {}],
      ['pruning only', { phases: { evolution: false } }],
      ['evolution only', { phases: { pruning: false } }],
    ];
    let hybridEvaluations = 0;
    for (const [name, extra] of methods) {
      const runs: Run[] = [];
      for (const seed of SEEDS) {
        const r = await searchSpace(nb201, scorer, { seed, top: 10, ...extra });
        runs.push({ top1: acc(r.results[0].cell), best10: bestOf(r.results.map((x) => x.cell)), seconds: r.seconds, evaluations: r.evaluations });
      }
      if (name === 'pruning + evolution') hybridEvaluations = Math.round(runs.reduce((s, r) => s + r.evaluations, 0) / runs.length);
      emit(`| ${model} | ${name} | ${summarise(runs).join(' | ')} |`);
    }
    // Random search with the hybrid's evaluation budget: sample, score, keep the proxy's best.
    const randomRuns: Run[] = [];
    for (const seed of SEEDS) {
      const t0 = performance.now();
      const rng = createRng(1000 + seed);
      const seen = new Map<string, Cell>();
      while (seen.size < hybridEvaluations) {
        const c = nb201.sample(rng);
        seen.set(nb201.key(c), c);
      }
      const cells = [...seen.values()];
      const s = await scorer(cells);
      const order = [...s.keys()].sort((x, y) => s[y] - s[x]).slice(0, 10).map((i) => cells[i]);
      randomRuns.push({ top1: acc(order[0]), best10: bestOf(order), seconds: (performance.now() - t0) / 1000, evaluations: cells.length });
    }
    emit(`| ${model} | random search, same budget | ${summarise(randomRuns).join(' | ')} |`);
    const t0 = performance.now();
    const s = await scorer(all);
    const order = [...s.keys()].sort((x, y) => s[y] - s[x]).slice(0, 10).map((i) => all[i]);
    const exhaustive = { top1: acc(order[0]), best10: bestOf(order), seconds: (performance.now() - t0) / 1000, evaluations: all.length };
    emit(`| ${model} | exhaustive proxy argmax | ${summarise([exhaustive]).join(' | ')} |`);
    proxy.dispose();
  }
  emit(`| — | space optimum | ${optimum.c10.toFixed(2)} | ${optimum.c100.toFixed(2)} | ${optimum.in16.toFixed(2)} | | | | | |`);
  emit();
  emit('Reference figures (not measured here): TG-NAS 93.75 % C10 in ~40 s on a GPU; TE-NAS 93.9 ± 0.47 in ~20 GPU-minutes.');
  emit();

  emit('## DARTS (unseen space: no DARTS labels exist in the training data)');
  emit();
  emit('| seed | seconds | evaluations | CIFAR-10 params (M) of top-1 | top-1 genotype |');
  emit('| --- | --- | --- | --- | --- |');
  const universal = await loadProxy({ model: 'universal' });
  const darts = getSpace('darts')! as SearchSpace<Cell>;
  for (const seed of [0, 1, 2]) {
    const r = await searchSpace(darts, (cells) => universal.scoreRaw(darts, cells), { seed, top: 5 });
    const top = r.results[0];
    const g = top.cell as DartsCell;
    emit(`| ${seed} | ${r.seconds.toFixed(1)} | ${r.evaluations} | ${top.cost?.params_M.toFixed(2) ?? 'n/a'} | normal ${g.normal.map(([o, i]) => `${o}@${i}`).join(' ')}; reduce ${g.reduce.map(([o, i]) => `${o}@${i}`).join(' ')} |`);
  }
  emit();

  // Zero-shot model: the NB201 quality figures must not come from a model that saw NB201 labels.
  const zeroShot = await loadProxy({ model: 'no-nb201' });
  await improveSection(emit, zeroShot, (cell) => acc(cell).c10);
  zeroShot.dispose();

  emit('## Custom space with a new operator');
  emit();
  const custom = createCustomSpace({
    id: 'ghost201',
    topology: 'nb201',
    operators: [
      'none', 'skip_connect', 'nor_conv_3x3',
      { name: 'ghost_conv_3x3', description: 'Ghost convolution 3 by 3: a cheap convolution followed by depthwise linear operations', kind: 'conv', cost: { like: 'nor_conv_1x1' } },
    ],
  }) as SearchSpace<Cell>;
  const t0 = performance.now();
  const r = await searchSpace(custom, (cells) => universal.scoreRaw(custom, cells), { seed: 0, top: 3 });
  emit('| space | operators | seconds (incl. embedding the new sentence) | evaluations | top-1 |');
  emit('| --- | --- | --- | --- | --- |');
  emit(`| ghost201 (NB201 topology) | none, skip_connect, nor_conv_3x3, ghost_conv_3x3 (new) | ${((performance.now() - t0) / 1000).toFixed(2)} | ${r.evaluations} | \`${formatNb201(r.results[0].cell as Nb201Cell)}\` |`);
  universal.dispose();
  emit();
  const text = out.join('\n') + '\n';
  mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(projectRoot(), 'bench', 'results', 'search.md'), text);
  return text;
}
