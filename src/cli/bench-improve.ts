/**
 * "Improve this cell" in the search benchmark: time of one improveCell call (batched neighbours) on a
 * DARTS and an NB201 cell beside the unbatched baseline (one scorer call per neighbour), and, on NB201
 * where the true accuracies are known, what the best predicted single edit and a 3-step hill-climb do
 * to the true CIFAR-10 accuracy of random cells.
 */
import { parseGenotype, parseNb201 } from '../core/formats';
import type { Proxy } from '../core/proxy/types';
import { createRng } from '../core/random';
import { hillClimb, improveCell } from '../core/search';
import { dartsSpace, nb201Space, type SearchSpace } from '../core/spaces';
import type { Cell, DartsCell, Nb201Cell } from '../core/types';

const DARTS_V2 = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
const NB201 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
const ROUNDS = 20;
const RANDOM_CELLS = 200;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function timeIt(f: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  await f(); // warm-up
  const times: number[] = [];
  for (let k = 0; k < rounds; k++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Emits the section; `trueC10` gives an NB201 cell's true CIFAR-10 accuracy (undefined: the quality table is skipped). */
export async function improveSection(emit: (line?: string) => void, proxy: Proxy, trueC10?: (cell: Nb201Cell) => number): Promise<void> {
  emit(`## Improve this cell (model ${proxy.info.model})`);
  emit();
  emit(`Median of ${ROUNDS} warm calls. Baseline: the same neighbours scored one scorer call each.`);
  emit();
  emit('| cell | neighbours | improveCell, batched (ms) | one call per neighbour (ms) | 3-step hill-climb (ms) |');
  emit('| --- | --- | --- | --- | --- |');
  const cases: Array<[string, SearchSpace<Cell>, Cell]> = [
    ['DARTS V2 (DARTS)', dartsSpace as SearchSpace<Cell>, parseGenotype(DARTS_V2).cell as DartsCell],
    ['NB201 cell', nb201Space as SearchSpace<Cell>, parseNb201(NB201).cell as Nb201Cell],
  ];
  for (const [label, space, cell] of cases) {
    const scorer = (cells: Cell[]) => proxy.scoreRaw(space, cells);
    const n = space.neighbours(cell);
    const batched = await timeIt(() => improveCell(space, cell, scorer));
    const single = await timeIt(async () => {
      for (const c of n) await scorer([c]);
    }, 3);
    const climb = await timeIt(() => hillClimb(space, cell, scorer, 3), 5);
    emit(`| ${label} | ${n.length} | ${batched.toFixed(1)} | ${single.toFixed(1)} | ${climb.toFixed(1)} |`);
  }
  emit();
  if (!trueC10) return;
  const rng = createRng(7);
  const scorer = (cells: Nb201Cell[]) => proxy.scoreRaw(nb201Space, cells);
  const one: number[] = [];
  const three: number[] = [];
  const random: number[] = [];
  let better1 = 0;
  let better3 = 0;
  let betterRandom = 0;
  for (let k = 0; k < RANDOM_CELLS; k++) {
    const cell = nb201Space.sample(rng);
    const base = trueC10(cell);
    const path = await hillClimb(nb201Space, cell, scorer, 3);
    if (path.length === 0) continue;
    const d1 = trueC10(path[0].cell as Nb201Cell) - base;
    const d3 = trueC10(path[path.length - 1].cell as Nb201Cell) - base;
    one.push(d1);
    three.push(d3);
    if (d1 > 0) better1++;
    if (d3 > 0) better3++;
    // Baseline: a single edit drawn at random among the same neighbours.
    const n = nb201Space.neighbours(cell);
    const dr = trueC10(n[rng.int(n.length)]) - base;
    random.push(dr);
    if (dr > 0) betterRandom++;
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  emit(`True CIFAR-10 change on ${one.length} random NB201 cells (seed 7) that have an improving edit:`);
  emit();
  emit('| step | mean change (points) | median change | share improved |');
  emit('| --- | --- | --- | --- |');
  emit(`| random single edit (baseline) | ${mean(random).toFixed(2)} | ${median(random).toFixed(2)} | ${((100 * betterRandom) / random.length).toFixed(0)} % |`);
  emit(`| best single edit | ${mean(one).toFixed(2)} | ${median(one).toFixed(2)} | ${((100 * better1) / one.length).toFixed(0)} % |`);
  emit(`| 3-step hill-climb | ${mean(three).toFixed(2)} | ${median(three).toFixed(2)} | ${((100 * better3) / three.length).toFixed(0)} % |`);
  emit();
}
