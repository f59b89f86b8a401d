/**
 * Leave-one-space-out benchmark (tgnas bench loso): for each labelled space but NB201 (whose
 * leave-out model is no-nb201), train a model on every other labelled space (validation split of
 * those only) and report its rank correlation on the left-out space, whose operators it has then
 * never seen labelled. Models go to .cache/loso/<tag>/<space> (git-ignored). Slow: one training
 * run per space; `jobs` runs several in parallel worker threads.
 *
 * With `without: ['nb201']` every fold also leaves NB201 out, so a recipe (e.g. the number of
 * epochs) can be chosen on these folds and then reported on NB201 with no NB201 label involved.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainInWorker } from '../core/gcn/worker-client';
import type { TrainModelResult } from '../core/gcn/pipeline';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../core/paths';

export const LOSO_SPACES = ['nb101', 'tnb101', 'nbmacro', 'anb', 'metaqnn', 'resnets', 'naap440', 'nbgraph'] as const;

export interface LosoOptions {
  /** Training time budget per model (seconds). */
  seconds?: number;
  /** Epochs per model (the cosine schedule spans them); default: the model default (50). */
  epochs?: number;
  /** Spaces left out of every fold's training as well (e.g. ['nb201']). */
  without?: string[];
  /** Folds to run (default LOSO_SPACES). */
  spaces?: string[];
  /** Take sentence vectors from this embedding table instead of running the encoder. */
  embeddingsFile?: string;
  /** Parallel training workers (default 1). */
  jobs?: number;
  seed?: number;
  /** Results file name under bench/results (default loso.md). */
  outFile?: string;
  command: string;
}

interface Fold {
  space: string;
  result?: TrainModelResult;
  error?: string;
}

export async function benchLoso(options: LosoOptions, log: (line: string) => void): Promise<string> {
  if (!dataDir()) return `${NO_DATA_MESSAGE}\n`;
  const spaces = options.spaces ?? [...LOSO_SPACES];
  const without = options.without ?? [];
  const seed = options.seed ?? 0;
  const tag = [options.epochs ? `e${options.epochs}` : '', options.seconds ? `s${options.seconds}` : '', without.length ? `without-${without.join('-')}` : '', `seed${seed}`].filter(Boolean).join('-');
  const folds: Fold[] = spaces.map((space) => ({ space }));
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < folds.length; k = next++) {
      const f = folds[k];
      const outDir = join(projectRoot(), '.cache', 'loso', tag, f.space);
      mkdirSync(outDir, { recursive: true });
      log(`training without ${[f.space, ...without].join(', ')} -> ${outDir}`);
      try {
        f.result = await trainInWorker({
          dataSpec: ['all', ...[f.space, ...without].map((s) => `-${s}`)].join(','),
          outDir, seed, epochs: options.epochs, maxSeconds: options.seconds, heldOutSpec: f.space,
          name: `loso-${f.space}`, embeddingsFile: options.embeddingsFile,
        });
      } catch (e) {
        f.error = (e as Error).message.split('\n')[0];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 1) }, worker));

  const out: string[] = [];
  const emit = (line = '') => {
    out.push(line);
    log(line);
  };
  const budget = [options.epochs ? `at most ${options.epochs} epochs` : '', options.seconds ? `at most ${options.seconds} s` : ''].filter(Boolean).join(' and ') || 'the default budget';
  emit('# Leave-one-space-out benchmark');
  emit();
  emit(`Measured by \`${options.command}\` on ${new Date().toISOString().slice(0, 10)}: each model trained for ${budget}`);
  emit(`(seed ${seed}, wasm) on all labelled spaces but the left-out one${without.length ? ` and ${without.join(', ')} (left out of every fold)` : ''}, early-stopped on a split of its training spaces, then scored once on the left-out space.`);
  emit('The shipped leave-one-space-out models (models/loso) are scored beside params, FLOPs and Suite-Zero proxies by `npm run bench:proxy`.');
  emit();
  emit('| left-out space | task | n | Spearman | Kendall | epochs run (best) | steps | training s |');
  emit('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const perSpace: number[] = [];
  for (const f of folds) {
    if (!f.result) {
      emit(`| ${f.space} | (failed: ${f.error}) | | | | | | |`);
      continue;
    }
    const t = f.result.meta.training;
    for (const h of f.result.heldOut) {
      emit(`| ${f.space} | ${h.task} | ${h.n} | ${h.spearman.toFixed(3)} | ${h.kendall.toFixed(3)} | ${t?.epochsRun} (${t?.bestEpoch}) | ${t?.steps} | ${f.result.seconds.toFixed(0)} |`);
    }
    const rhos = f.result.heldOut.map((h) => h.spearman).filter(Number.isFinite);
    if (rhos.length) perSpace.push(rhos.reduce((a, b) => a + b, 0) / rhos.length);
  }
  emit();
  const mean = perSpace.length ? perSpace.reduce((a, b) => a + b, 0) / perSpace.length : NaN;
  emit(`Mean over the ${perSpace.length} left-out spaces of the task-averaged Spearman: **${mean.toFixed(3)}**.`);
  const text = out.join('\n') + '\n';
  mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(projectRoot(), 'bench', 'results', options.outFile ?? 'loso.md'), text);
  return text;
}
