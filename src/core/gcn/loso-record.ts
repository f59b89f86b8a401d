/**
 * The leave-one-space-out summary `tgnas bench loso` writes beside its table
 * (bench/results/<name>.json), and its copy into a model's model.json (`metrics.loso`), where the
 * proxy shows it as the evidence for spaces the model never saw labelled.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelMeta } from './predictor';

export interface LosoSummary {
  command: string;
  date: string;
  /** Per recipe: task-averaged Spearman per left-out space, their mean and worst. */
  recipes: Record<string, { perSpace: Record<string, number>; mean: number; worst: number; spaces: number; prior?: { weights: string; lambda: number } }>;
}

/**
 * Copies `recipe`'s figures from a summary file into `<modelDir>/model.json` (metrics.loso).
 * Throws when the file lacks the recipe.
 */
export function recordLoso(modelDir: string, summaryFile: string, recipe: string): NonNullable<ModelMeta['metrics']>['loso'] {
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as LosoSummary;
  const r = summary.recipes[recipe];
  if (!r) throw new Error(`${summaryFile} has no results for recipe '${recipe}' (has: ${Object.keys(summary.recipes).join(', ')})`);
  const path = join(modelDir, 'model.json');
  const meta = JSON.parse(readFileSync(path, 'utf8')) as ModelMeta;
  const loso = { recipe, mean: r.mean, worst: r.worst, spaces: r.spaces, source: `${summary.command} (${summary.date})` };
  meta.metrics = { ...meta.metrics, loso };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(meta, null, 2) + '\n');
  renameSync(tmp, path);
  return loso;
}
