/**
 * How a score is worded wherever a person reads it: hovers and inlay hints (server), exported
 * PyTorch notes (server), search and graph panels (webview). One place, so "21st percentile" is
 * spelt the same everywhere. Plain text only; markdown escaping stays with the caller.
 * No runtime imports: the webview bundle includes this file.
 */
import type { CellScore } from './protocol';

/** English ordinal of a rounded number: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 100th. */
export function ordinal(n: number): string {
  const r = Math.round(n);
  const lastTwo = Math.abs(r) % 100;
  const last = Math.abs(r) % 10;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return `${r}${suffix}`;
}

/** A percent with one decimal: "93.1 %". */
export function percent(v: number): string {
  return `${v.toFixed(1)} %`;
}

/** "87th percentile". */
export function percentileWords(p: number): string {
  return `${ordinal(p)} percentile`;
}

/** Short form (inlay hints, lists): "≈ 93.1 %" where calibrated, else "87th pct". */
export function shortScore(s: Pick<CellScore, 'percentile' | 'predictedAccuracy'>): string {
  return s.predictedAccuracy ? `≈ ${percent(s.predictedAccuracy.value)}` : `${ordinal(s.percentile)} pct`;
}

/**
 * One sentence for notes outside the editor (the exported module's header comment):
 * "predicted 93.1 % CIFAR-10 test accuracy, 21st percentile" or "21st percentile of space nb201".
 */
export function scoreSentence(s: Pick<CellScore, 'percentile' | 'predictedAccuracy'>, spaceId: string): string {
  const p = s.predictedAccuracy;
  return p ? `predicted ${percent(p.value)} ${p.target}, ${percentileWords(s.percentile)}` : `${percentileWords(s.percentile)} of space ${spaceId}`;
}
