/**
 * Calibration from score percentile to accuracy, for spaces with labelled data. The GCN is
 * trained to rank, not to regress accuracy, so its raw output is mapped through the
 * percentile: labelled cells are binned by the percentile of their score within the space's
 * reference population, and each bin keeps the median and the 10th/90th percentiles of the
 * true accuracies in it. A prediction is then "the accuracy of cells ranked like this one",
 * with the spread of those cells as its interval.
 */
export const CALIBRATION_BINS = 50;

export interface CalibrationBin {
  /** Percentile range [from, to). */
  from: number;
  to: number;
  cells: number;
  median: number;
  low: number;
  high: number;
}

export interface SpaceCalibration {
  space: string;
  /** What the accuracy is, e.g. 'CIFAR-10 test accuracy, 200 epochs (NAS-Bench-201)'. */
  target: string;
  source: string;
  bins: CalibrationBin[];
}

export interface CalibrationFile {
  model: string;
  date: string;
  spaces: SpaceCalibration[];
  /** Built-in space id -> quantiles of the model's scores over that space's reference population. */
  references?: Record<string, number[]>;
}

export function fitCalibration(space: string, target: string, source: string, percentiles: number[], accuracies: number[]): SpaceCalibration {
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const from = (100 * b) / CALIBRATION_BINS;
    const to = (100 * (b + 1)) / CALIBRATION_BINS;
    const values = accuracies.filter((_, i) => percentiles[i] >= from && (percentiles[i] < to || (b === CALIBRATION_BINS - 1 && percentiles[i] <= to)));
    if (values.length === 0) continue;
    values.sort((x, y) => x - y);
    bins.push({ from, to, cells: values.length, median: quantile(values, 0.5), low: quantile(values, 0.1), high: quantile(values, 0.9) });
  }
  return { space, target, source, bins };
}

/**
 * Median and 10-90 % interval at a percentile, interpolated linearly between the centres of the
 * populated bins (so cells ranked differently get different predictions; clamped at the ends).
 */
export function predictFromPercentile(cal: SpaceCalibration, percentile: number): { value: number; low: number; high: number } | undefined {
  const bins = cal.bins;
  if (bins.length === 0) return undefined;
  const centre = (b: CalibrationBin) => (b.from + b.to) / 2;
  if (percentile <= centre(bins[0])) return { value: bins[0].median, low: bins[0].low, high: bins[0].high };
  const last = bins[bins.length - 1];
  if (percentile >= centre(last)) return { value: last.median, low: last.low, high: last.high };
  let i = 0;
  while (centre(bins[i + 1]) < percentile) i++;
  const a = bins[i];
  const b = bins[i + 1];
  const t = (percentile - centre(a)) / (centre(b) - centre(a));
  const mix = (x: number, y: number) => x + (y - x) * t;
  return { value: mix(a.median, b.median), low: mix(a.low, b.low), high: mix(a.high, b.high) };
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
