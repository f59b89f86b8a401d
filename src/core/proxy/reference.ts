/**
 * Percentiles within a space: a raw GCN score means nothing to a reader, its rank among the
 * space's cells does. The reference population is fixed (every cell where the space has at
 * most REFERENCE_ALL cells, else REFERENCE_SAMPLES uniform samples from a fixed seed), so the
 * percentile of a cell never depends on what else is open in the editor.
 */
import { createRng } from '../random';
import type { SearchSpace } from '../spaces/space';
import type { Cell } from '../types';

export const REFERENCE_ALL = 20_000;
export const REFERENCE_SAMPLES = 2_000;
export const REFERENCE_SEED = 20240331;

export function referenceCells<C extends Cell>(space: SearchSpace<C>): C[] {
  if (space.enumerate && typeof space.size === 'number' && space.size <= REFERENCE_ALL) return [...space.enumerate()];
  const rng = createRng(REFERENCE_SEED);
  return Array.from({ length: REFERENCE_SAMPLES }, () => space.sample(rng));
}

export interface Percentiles {
  percentile(score: number): number;
}

/** Quantiles stored with a model: evenly spaced in probability, so lookups interpolate between them. */
export const REFERENCE_QUANTILES = 1000;

export function quantiles(scores: ArrayLike<number>, k = REFERENCE_QUANTILES): number[] {
  const sorted = Float32Array.from(scores).sort();
  return Array.from({ length: k + 1 }, (_, j) => {
    const pos = ((sorted.length - 1) * j) / k;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}

/** Percentiles from stored quantiles (saves scoring the whole reference population at start-up). */
export class QuantileDistribution implements Percentiles {
  constructor(private readonly q: readonly number[]) {}

  percentile(score: number): number {
    const q = this.q;
    const k = q.length - 1;
    if (score <= q[0]) return 0;
    if (score >= q[k]) return 100;
    let lo = 0;
    let hi = k;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (q[mid] <= score) lo = mid;
      else hi = mid;
    }
    const frac = q[hi] > q[lo] ? (score - q[lo]) / (q[hi] - q[lo]) : 0.5;
    return (100 * (lo + frac)) / k;
  }
}

/** Sorted reference scores -> percentile lookups. */
export class ReferenceDistribution implements Percentiles {
  private readonly sorted: Float32Array;

  constructor(scores: ArrayLike<number>) {
    this.sorted = Float32Array.from(scores).sort();
  }

  get size(): number {
    return this.sorted.length;
  }

  /** 0-100: share of the reference strictly below the score, plus half the ties (mid-rank). */
  percentile(score: number): number {
    const below = lowerBound(this.sorted, score);
    const notAbove = upperBound(this.sorted, score);
    return (100 * (below + (notAbove - below) / 2)) / this.sorted.length;
  }
}

function lowerBound(a: Float32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
