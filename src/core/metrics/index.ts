/**
 * Rank metrics for proxy evaluation: Spearman's rho (average ranks for ties), Kendall's tau-b
 * (Knight's O(n log n) algorithm, so all 15,625 NB201 cells take milliseconds), and the top-k
 * views a search user cares about. Pairs where either value is NaN are dropped first.
 */

type Vec = ArrayLike<number>;

/** Keeps positions where both values are finite numbers. */
function finitePairs(x: Vec, y: Vec): [Float64Array, Float64Array] {
  if (x.length !== y.length) throw new Error(`rank metric: length mismatch (${x.length} vs ${y.length})`);
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) keep.push(i);
  return [Float64Array.from(keep, (i) => x[i]), Float64Array.from(keep, (i) => y[i])];
}

/** 1-based ranks, ties share the average of their positions (scipy rankdata 'average'). */
export function rankAverage(values: Vec): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

export function pearson(x: Vec, y: Vec): number {
  const [a, b] = finitePairs(x, y);
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** Spearman's rho = Pearson correlation of average ranks. NaN when a side is constant. */
export function spearman(x: Vec, y: Vec): number {
  const [a, b] = finitePairs(x, y);
  return pearson(rankAverage(a), rankAverage(b));
}

/** Sum of t(t-1)/2 over runs of equal values in a sorted sequence. */
function tiePairs(sorted: Float64Array): number {
  let total = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    total += (t * (t - 1)) / 2;
    i = j + 1;
  }
  return total;
}

/**
 * Kendall's tau-b (scipy.stats.kendalltau default), Knight's algorithm: sort by (x, y), count
 * joint and x ties, then count discordant pairs as the swaps of a stable merge sort on y.
 */
export function kendall(x: Vec, y: Vec): number {
  const [a, b] = finitePairs(x, y);
  const n = a.length;
  if (n < 2) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i] - a[j] || b[i] - b[j]);
  const xs = Float64Array.from(order, (i) => a[i]);
  let ys = Float64Array.from(order, (i) => b[i]);
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiePairs(xs);
  let n3 = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && xs[j + 1] === xs[i] && ys[j + 1] === ys[i]) j++;
    const t = j - i + 1;
    n3 += (t * (t - 1)) / 2;
    i = j + 1;
  }
  // Bottom-up merge sort on y counting inversions (strictly greater left elements only).
  let swaps = 0;
  let buf = new Float64Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (ys[i] <= ys[j]) buf[k++] = ys[i++];
        else {
          buf[k++] = ys[j++];
          swaps += mid - i;
        }
      }
      while (i < mid) buf[k++] = ys[i++];
      while (j < hi) buf[k++] = ys[j++];
    }
    [ys, buf] = [buf, ys];
  }
  const n2 = tiePairs(ys);
  const denom = Math.sqrt((n0 - n1) * (n0 - n2));
  if (denom === 0) return NaN;
  return (n0 - n1 - n2 + n3 - 2 * swaps) / denom;
}

/** Indices of the k largest predictions, best first (ties: lower index first). */
export function topIndices(pred: Vec, k: number): number[] {
  const idx = Array.from({ length: pred.length }, (_, i) => i).filter((i) => Number.isFinite(pred[i]));
  idx.sort((i, j) => pred[j] - pred[i] || i - j);
  return idx.slice(0, Math.max(0, Math.min(k, idx.length)));
}

/** True value of the predicted best item. */
export function trueOfPredictedTop1(pred: Vec, truth: Vec): number {
  const [i] = topIndices(pred, 1);
  return i === undefined ? NaN : truth[i];
}

/** Best true value among the predicted top k (what a user gets by training the shortlist). */
export function bestOfPredictedTopK(pred: Vec, truth: Vec, k: number): number {
  let best = -Infinity;
  for (const i of topIndices(pred, k)) if (truth[i] > best) best = truth[i];
  return best === -Infinity ? NaN : best;
}

/** Share (0..1) of the true top `fraction` of items that are also in the predicted top `fraction`. */
export function topOverlap(pred: Vec, truth: Vec, fraction: number): number {
  const [a, b] = finitePairs(pred, truth);
  const k = Math.max(1, Math.round(a.length * fraction));
  const p = new Set(topIndices(a, k));
  const t = topIndices(b, k);
  return t.filter((i) => p.has(i)).length / k;
}

export interface RankReport {
  n: number;
  spearman: number;
  kendall: number;
  top1: number;
  top10: number;
  top100: number;
  /** Overlap of predicted and true top 1 % / 5 %. */
  overlap1pct: number;
  overlap5pct: number;
}

/** The usual summary of a proxy against ground truth. */
export function rankReport(pred: Vec, truth: Vec): RankReport {
  const [a, b] = finitePairs(pred, truth);
  return {
    n: a.length,
    spearman: spearman(a, b),
    kendall: kendall(a, b),
    top1: trueOfPredictedTop1(a, b),
    top10: bestOfPredictedTopK(a, b, 10),
    top100: bestOfPredictedTopK(a, b, 100),
    overlap1pct: topOverlap(a, b, 0.01),
    overlap5pct: topOverlap(a, b, 0.05),
  };
}
