/** Shapes shared by the search algorithms (pruning, evolution, the hybrid driver). */
import type { Cell, CellCost } from '../types';

/** Scores a batch of cells of one space (higher = better predicted accuracy). */
export type Scorer<C extends Cell = Cell> = (cells: C[]) => Promise<ArrayLike<number>>;

/** Hard limits; a cell over any of them is never returned. Combined with a space's own limits by `mergeLimits` (the tighter wins). */
export interface SearchLimits {
  maxParamsM?: number;
  /** Millions of FLOPs in the space's own convention (`SearchSpace.flopsConvention`), the figure users are shown. */
  maxFlopsM?: number;
  /** Milliseconds, judged by `latency`. */
  maxLatencyMs?: number;
}

/** What a Pareto search trades predicted accuracy against. */
export type ParetoAxis = 'params' | 'flops' | 'latency';

export interface SearchProgress {
  phase: 'pruning' | 'evolution' | 'done';
  /** Pruning round or evolution generation, from 1. */
  step: number;
  totalSteps: number;
  /** Distinct cells scored by the proxy so far. */
  evaluations: number;
  /** Best feasible score so far (-Infinity when none yet). */
  bestScore: number;
  /** Evolution: median feasible score of the population after this generation (NaN when none is feasible). */
  medianScore?: number;
}

export interface SearchOptions<C extends Cell = Cell> {
  seed?: number;
  /** Shortlist length. */
  top?: number;
  population?: number;
  generations?: number;
  /** Samples per supernet estimate in pruning (common random numbers across candidates). */
  pruningSamples?: number;
  /** Merged with the space's own limits: the tighter of each applies (mergeLimits). */
  limits?: SearchLimits;
  /** Dataset for cost models (NB201: cifar10 | cifar100 | imagenet16-120). */
  dataset?: string;
  /** Latency model in ms for `limits.maxLatencyMs`; undefined = unknown (the limit then cannot be honoured). */
  latency?: (cell: C) => number | undefined;
  onProgress?: (p: SearchProgress) => void;
  signal?: AbortSignal;
  /**
   * Also return the Pareto front of every feasible cell scored: predicted score (higher) against
   * params, FLOPs (space's convention) or NB201 latency (`latency`), each lower.
   */
  pareto?: ParetoAxis;
  /** Skip a phase (benchmarks compare pruning only / evolution only). */
  phases?: { pruning?: boolean; evolution?: boolean };
}

export interface RankedCell<C extends Cell = Cell> {
  rank: number;
  cell: C;
  key: string;
  score: number;
  cost?: CellCost;
  latencyMs?: number;
}

export interface SearchResult<C extends Cell = Cell> {
  results: RankedCell<C>[];
  /** Distinct cells scored. */
  evaluations: number;
  seconds: number;
  /** The cell the pruning phase ended on (undefined when pruning was skipped or the space has no edges). */
  pruned?: C;
  /** Best score after each evolution generation (for progress charts). */
  history: number[];
  /** Median feasible score of the population after each generation (NaN where none is feasible). */
  historyMedian: number[];
  /** With `options.pareto`: the non-dominated cells, cheapest first, each with its value on the axis. */
  front?: Array<RankedCell<C> & { objective: number }>;
  /** The limits the search applied: the space's own merged with `options.limits` (mergeLimits). */
  limits: SearchLimits;
}

export class SearchCancelled extends Error {
  constructor() {
    super('search cancelled');
    this.name = 'SearchCancelled';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SearchCancelled();
}

/** Lets timers and messages (a cancel request among them) run between chunks of synchronous work. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Synchronous map in chunks, yielding and checking for cancellation between them. */
export async function mapChunked<T, R>(items: readonly T[], fn: (item: T, i: number) => R, signal?: AbortSignal, chunk = 256): Promise<R[]> {
  const out: R[] = new Array(items.length);
  for (let start = 0; start < items.length; start += chunk) {
    if (start > 0) await yieldToLoop();
    throwIfCancelled(signal);
    const end = Math.min(items.length, start + chunk);
    for (let i = start; i < end; i++) out[i] = fn(items[i], i);
  }
  return out;
}
