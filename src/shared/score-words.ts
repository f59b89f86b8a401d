/**
 * How a score is worded wherever a person reads it: hovers and inlay hints (server), exported
 * PyTorch notes (server), search panel and leaderboard (webview). One place, so "21st percentile" and
 * the evidence sentence are spelt the same everywhere. Plain text by default; markdown callers pass
 * their escaping (`evidenceWords`' hooks) or escape the result themselves.
 * No runtime imports: the webview bundle includes this file.
 */
import type { CellScore, ParetoAxis, ScoreEvidence } from './protocol';

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

/** How evidenceWords renders document text: operator names as code, other names as text (markdown escapes both). */
export interface WordHooks {
  code?: (name: string) => string;
  text?: (s: string) => string;
}

/**
 * Where a figure comes from, in one short sentence (the hover, the inlay tooltip, the search panel and
 * the leaderboard all use this one):
 * "in-space: validated ρ 0.84 on held-out nb201 cells", or
 * "unseen space: leave-one-space-out ρ 0.60 (worst 0.30); costs of `ghost3` estimated from its sentence".
 */
export function evidenceWords(e: ScoreEvidence, hooks: WordHooks = {}): string {
  const code = hooks.code ?? ((n: string) => `\`${n}\``);
  const text = hooks.text ?? ((t: string) => t);
  const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '?' : x.toFixed(2));
  if (e.kind === 'in-space') {
    return `in-space: validated ρ ${f(e.validationRho)} on held-out ${text(e.data)} cells${e.task ? ` (${text(e.task)})` : ' (mean over its tasks)'}`;
  }
  const loso = e.losoMean === undefined && e.losoWorst === undefined
    ? 'unseen space: no leave-one-space-out figures recorded for this model'
    : `unseen space: leave-one-space-out ρ ${f(e.losoMean)} (worst ${f(e.losoWorst)})`;
  const parts = [loso];
  if (e.estimated.length) {
    const names = e.estimated.slice(0, 5).map(code).join(', ') + (e.estimated.length > 5 ? ', …' : '');
    parts.push(`costs of ${names} estimated from ${e.estimated.length > 1 ? 'their sentences' : 'its sentence'}`);
  }
  return parts.join('; ');
}

/** What a figure is, for plots and lists: "predicted 93.1 % CIFAR-10 test accuracy" or "score 1.234, 87th percentile" (never an invented accuracy). */
export function figureWords(s: Pick<CellScore, 'score' | 'percentile' | 'predictedAccuracy'>): string {
  const p = s.predictedAccuracy;
  return p ? `predicted ${percent(p.value)} ${p.target}` : `score ${s.score.toFixed(3)}, ${percentileWords(s.percentile)}`;
}

/** A Pareto axis as a plot label: "Params, millions", "FLOPs, millions", "Latency on edgegpu, ms". */
export function axisLabel(axis: ParetoAxis, device?: string): string {
  return axis === 'params' ? 'Params, millions' : axis === 'flops' ? 'FLOPs, millions' : `Latency${device ? ` on ${device}` : ''}, ms`;
}

/** A Pareto axis in running text: "params", "FLOPs", "latency on edgegpu". */
export function axisWords(axis: ParetoAxis, device?: string): string {
  return axis === 'params' ? 'params' : axis === 'flops' ? 'FLOPs' : `latency${device ? ` on ${device}` : ''}`;
}
