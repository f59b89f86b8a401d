/**
 * Edits of a trained model folder: the leave-one-space-out summary `tgnas bench loso` writes beside
 * its table (bench/results/<name>.json) copied into model.json (`metrics.loso`), where the proxy
 * shows it as the evidence for spaces the model never saw labelled; and a shared sentence table.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadEmbeddingTable } from '../encoder';
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
  const meta = readMeta(modelDir);
  const loso = { recipe, mean: r.mean, worst: r.worst, spaces: r.spaces, source: `${summary.command} (${summary.date})` };
  meta.metrics = { ...meta.metrics, loso };
  writeMeta(modelDir, meta);
  return loso;
}

/**
 * Points a model folder at another folder's sentence table (`model.json` `embeddings`) and removes
 * its own copy, when the other table holds every sentence of this one with the same vector and the
 * same encoder: shipped models then carry one table. Throws, changing nothing, when they differ.
 */
export function shareEmbeddings(modelDir: string, otherTable: string): void {
  const own = loadEmbeddingTable(join(modelDir, 'embeddings.json'));
  const other = loadEmbeddingTable(otherTable);
  if (JSON.stringify(own.encoder) !== JSON.stringify(other.encoder)) throw new Error(`${otherTable}: another encoder`);
  for (const [s, v] of Object.entries(own.sentences)) {
    const w = other.sentences[s];
    if (!w || w.length !== v.length || w.some((x, i) => x !== v[i])) throw new Error(`${otherTable} lacks or differs on '${s}'`);
  }
  const meta = readMeta(modelDir);
  meta.embeddings = relative(modelDir, otherTable);
  writeMeta(modelDir, meta);
  rmSync(join(modelDir, 'embeddings.json'));
}

function readMeta(modelDir: string): ModelMeta {
  return JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as ModelMeta;
}

/** Replaces model.json atomically (temporary file + rename). */
function writeMeta(modelDir: string, meta: ModelMeta): void {
  const path = join(modelDir, 'model.json');
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(meta, null, 2) + '\n');
  renameSync(tmp, path);
}
