/** Words for scores, shared by hover, inlay hints, leaderboard and search results. */
import type { ArchScore } from '../core/proxy/types';
import type { CellCost } from '../core/types';
import { ordinal, pct } from './convert';

/** Short form for an inlay hint: "≈ 93.1 %" or "87th pct". */
export function shortScore(s: ArchScore): string {
  return s.predictedAccuracy ? `≈ ${pct(s.predictedAccuracy.value)}` : `${ordinal(s.percentile)} pct`;
}

/** One markdown line: calibrated accuracy with its interval, else score and percentile. */
export function scoreLine(s: ArchScore): string {
  const p = s.predictedAccuracy;
  if (p) return `**${pct(p.value)}** ${p.target} (80 % interval ${p.low.toFixed(1)}–${p.high.toFixed(1)}) · ${ordinal(s.percentile)} percentile`;
  return `**${ordinal(s.percentile)} percentile** in its space · score ${s.score.toFixed(3)} _(space not calibrated to accuracy)_`;
}

export function costLine(c: CellCost | undefined): string {
  return c ? `${c.params_M.toFixed(3)} M params · ${c.flops_M.toFixed(1)} M FLOPs` : 'params/FLOPs unknown (an operator has no cost model)';
}
