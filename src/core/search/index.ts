/**
 * "Search best cell": pruning, then regularized evolution seeded by the pruned cell, over
 * any space; returns a ranked shortlist of distinct feasible cells.
 *
 *   const result = await searchSpace(getSpace('nb201'), (cells) => proxy.scoreRaw(cells), { seed: 0, top: 10 });
 */
import { createRng } from '../random';
import type { SearchSpace } from '../spaces/space';
import type { Cell } from '../types';
import { Evaluator } from './evaluator';
import { evolve } from './evolution';
import { mergeLimits } from './limits';
import { halving, oneAtATime, prune } from './pruning';
import type { Scorer, SearchOptions, SearchResult } from './types';

export * from './limits';
export * from './improve';
export * from './types';

export const SEARCH_DEFAULTS = { seed: 0, top: 10, population: 64, generations: 40, pruningSamples: 32 } as const;

export async function searchSpace<C extends Cell>(
  space: SearchSpace<C>,
  scorer: Scorer<C>,
  options: SearchOptions<C> = {},
): Promise<SearchResult<C>> {
  const t0 = performance.now();
  const seed = options.seed ?? SEARCH_DEFAULTS.seed;
  const rng = createRng(seed);
  const limits = mergeLimits(space.limits, options.limits);
  const evaluator = new Evaluator(space, scorer, limits, options.dataset, options.latency, options.signal);
  const generations = options.generations ?? SEARCH_DEFAULTS.generations;
  const doPrune = options.phases?.pruning !== false && !!space.edges && !!space.cellFromEdges;
  const doEvolve = options.phases?.evolution !== false;
  const report = (phase: 'pruning' | 'evolution' | 'done', step: number, totalSteps: number, medianScore?: number) =>
    options.onProgress?.({
      phase, step, totalSteps, evaluations: evaluator.evaluations, bestScore: evaluator.best, ...(medianScore !== undefined ? { medianScore } : {}),
    });

  let pruned: C | undefined;
  if (doPrune) {
    const schedule = space.topology === 'darts' ? halving : oneAtATime;
    const samples = options.pruningSamples ?? SEARCH_DEFAULTS.pruningSamples;
    const result = await prune(space, evaluator, rng, samples, schedule, (r, total) => report('pruning', r, total), options.signal);
    pruned = result.cell;
    await evaluator.score([pruned]);
  }
  let history: number[] = [];
  let historyMedian: number[] = [];
  if (doEvolve) {
    const seeds = pruned ? [pruned] : [];
    ({ best: history, median: historyMedian } = await evolve(
      space,
      evaluator,
      rng,
      seeds,
      { population: options.population ?? SEARCH_DEFAULTS.population, generations, tournament: 8, crossover: 0.3 },
      (g, _best, median) => report('evolution', g, generations, median),
    ));
  }
  report('done', 1, 1);
  return {
    results: evaluator.shortlist(options.top ?? SEARCH_DEFAULTS.top),
    evaluations: evaluator.evaluations,
    seconds: (performance.now() - t0) / 1000,
    pruned,
    history,
    historyMedian,
    limits,
    ...(options.pareto ? { front: evaluator.front(options.pareto) } : {}),
  };
}
