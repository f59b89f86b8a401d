/**
 * Regularized (aging) evolution, batched: each generation draws `batch` parents by
 * tournament, mutates them (and, for edge-labelled spaces, recombines two parents edge by
 * edge), scores the children in one GCN batch and retires the oldest members. Aging keeps
 * the population moving instead of collapsing on one early lucky cell; batching keeps the
 * GCN at its batched throughput.
 */
import type { SearchSpace } from '../spaces/space';
import type { Cell, Rng } from '../types';
import type { Evaluator, Scored } from './evaluator';

export interface EvolutionOptions {
  population: number;
  generations: number;
  tournament: number;
  /** Probability that a child is a crossover of two parents (before mutation). */
  crossover: number;
}

export async function evolve<C extends Cell>(
  space: SearchSpace<C>,
  evaluator: Evaluator<C>,
  rng: Rng,
  seeds: C[],
  options: EvolutionOptions,
  onGeneration?: (generation: number, best: number, median: number) => void,
): Promise<{ best: number[]; median: number[] }> {
  const history: number[] = [];
  const medians: number[] = [];
  const initial: C[] = [...seeds];
  for (const s of seeds) {
    if (initial.length >= options.population) break;
    const n = space.neighbours(s);
    for (let i = 0; i < n.length && initial.length < Math.ceil(options.population / 2); i++) initial.push(n[rng.int(n.length)]);
  }
  while (initial.length < options.population) initial.push(space.sample(rng));
  let population: Array<Scored<C>> = await evaluator.score(initial);

  const fitness = (s: Scored<C>): number => (s.feasible ? s.score : -Infinity);
  const pick = (): Scored<C> => {
    let best = population[rng.int(population.length)];
    for (let i = 1; i < options.tournament; i++) {
      const other = population[rng.int(population.length)];
      if (fitness(other) > fitness(best)) best = other;
    }
    return best;
  };
  const edgeSpace = space.edges && space.cellFromEdges && space.topology !== 'darts';
  const slots = edgeSpace ? space.edges!() : [];
  const batch = Math.max(1, Math.floor(options.population / 2));

  for (let g = 1; g <= options.generations; g++) {
    const children: C[] = [];
    for (let i = 0; i < batch; i++) {
      let child = pick().cell;
      if (edgeSpace && rng.next() < options.crossover) child = cross(space, slots.length, child, pick().cell, rng);
      children.push(space.mutate(child, rng));
    }
    const scored = await evaluator.score(children);
    population = population.slice(scored.length).concat(scored);
    history.push(evaluator.best);
    medians.push(median(population.filter((p) => p.feasible).map((p) => p.score)));
    onGeneration?.(g, evaluator.best, medians[medians.length - 1]);
  }
  return { best: history, median: medians };
}

/** Uniform crossover over edge slots (NB201-style cells: one op per slot). */
function cross<C extends Cell>(space: SearchSpace<C>, n: number, a: C, b: C, rng: Rng): C {
  const opsA = edgeOps(a);
  const opsB = edgeOps(b);
  if (!opsA || !opsB || opsA.length !== n || opsB.length !== n) return a;
  try {
    return space.cellFromEdges!(opsA.map((o, i) => (rng.next() < 0.5 ? o : opsB[i])));
  } catch {
    return a;
  }
}

function edgeOps(cell: Cell): string[] | undefined {
  return cell.kind === 'nb201' ? cell.ops : undefined;
}

/** Median of the population's feasible scores (NaN when none is feasible): the progress chart's second line. */
function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
