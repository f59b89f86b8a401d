/**
 * Markdown for scores in hovers and inlay-hint tooltips. The words themselves (ordinals, percents,
 * the short form, the evidence sentence) come from src/shared/score-words.ts, which the webview and
 * export notes use too.
 */
import type { ArchScore } from '../core/proxy/types';
import type { CellCost } from '../core/types';
import { evidenceWords, percent, percentileWords } from '../shared/score-words';
import { escapeMarkdown as esc, mdCode } from './markdown';

/** One markdown line: calibrated accuracy with its interval, else score and percentile. */
export function scoreLine(s: ArchScore): string {
  const p = s.predictedAccuracy;
  if (p) return `**${esc(percent(p.value))}** ${esc(p.target)} (80 % interval ${p.low.toFixed(1)}–${p.high.toFixed(1)}) · ${percentileWords(s.percentile)}`;
  return `**${percentileWords(s.percentile)}** in its space · score ${s.score.toFixed(3)} _(${esc(s.calibrationNote ?? 'space not calibrated to accuracy')})_`;
}

/**
 * Where the figure comes from, in one short line: the validated ρ where the model trained on the
 * space, else its recipe's leave-one-space-out ρ and which operator costs were estimated. The words are
 * score-words.ts `evidenceWords` (the webview shows the same sentence); operator and data names come
 * from documents and models: code spans and escaped text (./markdown).
 */
export function evidenceLine(s: ArchScore): string {
  return `_${evidenceWords(s.evidence, { code: mdCode, text: esc })}_`;
}

/** Params and FLOPs of the full network, or why they are unknown. */
export function costLine(c: CellCost | undefined): string {
  return c ? `${c.params_M.toFixed(3)} M params · ${c.flops_M.toFixed(1)} M FLOPs` : 'params/FLOPs unknown (an operator has no cost model)';
}
