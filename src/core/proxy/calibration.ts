/**
 * Calibration from score percentile to accuracy, per (space, dataset) with labelled data. The GCN
 * ranks; it does not regress accuracy, so its output is mapped through its percentile within the
 * space's reference population: "the accuracy of labelled cells ranked like this one", with the
 * 10th-90th percentile of those cells (corrected for the window's size) as an 80 % interval.
 *
 * The map is a fine grid (GRID_STEP percentile points): at each grid point the WINDOW share of
 * labelled cells nearest in percentile (fewer at the ends: the window is cut, not shifted) give the
 * median and the 10 % / 90 % quantiles. The median
 * curve is then made strictly increasing (running maximum plus a tiny slope), so two cells with
 * distinct scores always get distinct predictions, and predictions interpolate linearly between
 * grid points. Interval coverage is measured by two-fold cross-fitting (`coverage`), never on the
 * cells a fold was fitted on.
 */
export const GRID_STEP = 0.5;
/** Share of labelled cells in each grid point's window (at least MIN_WINDOW cells). */
export const WINDOW = 0.02;
export const MIN_WINDOW = 30;

export interface CalibrationGrid {
  /** Percentiles 0, GRID_STEP, …, 100. */
  percentile: number[];
  value: number[];
  low: number[];
  high: number[];
}

export interface SpaceCalibration {
  /** Built-in space id, e.g. 'nb201'. */
  space: string;
  /** Dataset / task name the user selects, e.g. 'cifar100' or 'class_object'. */
  dataset: string;
  /** What the accuracy is, e.g. 'CIFAR-10 test accuracy, 200 epochs (NAS-Bench-201)'. */
  target: string;
  source: string;
  cells: number;
  grid: CalibrationGrid;
  /** Share of held-out labelled cells inside their 80 % interval (two-fold cross-fitting). */
  coverage?: number;
  /** The model's Spearman ρ on this task's validation cells held out in training (proxy/validation.ts); absent for spaces it never trained on. */
  validation?: { rho: number; cells: number };
}

export interface CalibrationFile {
  model: string;
  date: string;
  spaces: SpaceCalibration[];
  /** Built-in space id -> quantiles of the model's scores over that space's reference population. */
  references?: Record<string, number[]>;
  /** Built-in space id -> mean and spread of the size inputs over the same population, and whether they are exact. */
  sizes?: Record<string, { mean: number[]; sd: number[]; exact: boolean }>;
}

function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Fits the grid from labelled cells' percentiles (0-100) and accuracies (%). Throws on fewer than
 * 2 cells or mismatched lengths. O(G · w log w) for G grid points and windows of w cells.
 */
export function fitCalibration(space: string, dataset: string, target: string, source: string, percentiles: readonly number[], accuracies: readonly number[]): SpaceCalibration {
  if (percentiles.length !== accuracies.length || percentiles.length < 2) throw new Error('calibration needs ≥ 2 labelled cells with one accuracy each');
  const order = [...percentiles.keys()].sort((a, b) => percentiles[a] - percentiles[b]);
  const p = order.map((i) => percentiles[i]);
  const a = order.map((i) => accuracies[i]);
  const n = p.length;
  const w = Math.min(n, Math.max(MIN_WINDOW, Math.round(n * WINDOW)));
  const grid: CalibrationGrid = { percentile: [], value: [], low: [], high: [] };
  // Between two order statistics at 0-based positions l and w-1-l, a new draw falls with probability
  // (w-1-2l)/(w+1); l = 0.1·w - 0.9 makes that 80 % (plain 10 %/90 % quantiles of 40 cells cover ~76 %).
  const steps = Math.round(100 / GRID_STEP);
  let pos = 0;
  for (let j = 0; j <= steps; j++) {
    const g = j * GRID_STEP;
    while (pos < n && p[pos] < g) pos++;
    // Centred window, cut (not shifted) at the ends, so the grid points near 0 and 100 see different cells and the
    // top of the space resolves (a shifted window gives every top point the same median). At least MIN_WINDOW cells.
    let start = Math.max(0, pos - Math.floor(w / 2));
    let end = Math.min(n, pos + Math.ceil(w / 2));
    if (end - start < Math.min(n, MIN_WINDOW)) [start, end] = start === 0 ? [0, Math.min(n, MIN_WINDOW)] : [Math.max(0, n - MIN_WINDOW), n];
    const win = Float64Array.from(a.slice(start, end)).sort();
    const qLow = Math.max(0, (0.1 * win.length - 0.9) / Math.max(1, win.length - 1));
    grid.percentile.push(g);
    grid.value.push(quantileSorted(win, 0.5));
    grid.low.push(quantileSorted(win, qLow));
    grid.high.push(quantileSorted(win, 1 - qLow));
  }
  // Strictly increasing median: a running maximum plus a slope far below display precision's meaning.
  const span = Math.max(1, Math.max(...a) - Math.min(...a));
  const eps = (span * 1e-4) / steps;
  for (let j = 1; j <= steps; j++) grid.value[j] = Math.max(grid.value[j], grid.value[j - 1] + eps);
  for (let j = 0; j <= steps; j++) {
    grid.low[j] = Math.min(grid.low[j], grid.value[j]);
    grid.high[j] = Math.max(grid.high[j], grid.value[j]);
  }
  return { space, dataset, target, source, cells: n, grid };
}

/** Median and 80 % interval at a percentile, linear between grid points (clamped to 0-100). */
export function predictFromPercentile(cal: SpaceCalibration, percentile: number): { value: number; low: number; high: number } | undefined {
  const g = cal.grid;
  if (!g || g.percentile.length === 0 || !Number.isFinite(percentile)) return undefined;
  const x = Math.max(0, Math.min(100, percentile));
  const last = g.percentile.length - 1;
  const j = Math.min(last - 1, Math.max(0, Math.floor(x / GRID_STEP)));
  if (last === 0) return { value: g.value[0], low: g.low[0], high: g.high[0] };
  const t = Math.max(0, Math.min(1, (x - g.percentile[j]) / (g.percentile[j + 1] - g.percentile[j])));
  const mix = (v: number[]) => v[j] + (v[j + 1] - v[j]) * t;
  return { value: mix(g.value), low: mix(g.low), high: mix(g.high) };
}

/**
 * Two-fold interval coverage: fit on the cells of even index, count how many of the other half fall inside their 80 % interval, and swap. Returns the
 * share (0-1); about 0.8 when the intervals are honest.
 */
export function intervalCoverage(percentiles: readonly number[], accuracies: readonly number[]): number {
  const idx = [...percentiles.keys()];
  let inside = 0;
  let total = 0;
  for (const fold of [0, 1]) {
    const fit = idx.filter((i) => i % 2 === fold);
    const test = idx.filter((i) => i % 2 !== fold);
    if (fit.length < 2) continue;
    const cal = fitCalibration('', '', '', '', fit.map((i) => percentiles[i]), fit.map((i) => accuracies[i]));
    for (const i of test) {
      const p = predictFromPercentile(cal, percentiles[i])!;
      if (accuracies[i] >= p.low && accuracies[i] <= p.high) inside++;
      total++;
    }
  }
  return total ? inside / total : NaN;
}
