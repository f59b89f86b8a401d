/**
 * Leave-one-space-out benchmark (tgnas bench loso): for each labelled space in turn, train one
 * model per recipe on every other labelled space (validation split of those only) and score it on
 * the left-out space, whose operators it has then never seen labelled. Beside it, on the same
 * architectures: log params, log FLOPs and the size-only linear ranker fitted on the same training
 * spaces (the baseline to beat). Models go to .cache/loso/<recipe>-<tag>/<space> (git-ignored).
 *
 * With `without: ['nb201']` every fold also leaves NB201 out, so a recipe can be chosen on these
 * folds and then reported on NB201 with no NB201 label involved (docs/model.md §4).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LOADERS, type LabelledSpace } from '../core/data/loaders';
import { labelledSizes } from '../core/data/sizes';
import { loadSelection, parseDataSpec } from '../core/data/spec';
import { architectureSizes, type ArchSize } from '../core/descriptors';
import type { LosoSummary } from '../core/gcn/loso-record';
import { recipe as recipeById } from '../core/gcn/recipes';
import { DEFAULT_HYPER } from '../core/gcn/model';
import { priorLines, priorTable, type PriorResult } from './bench-prior';
import { trainInWorker } from '../core/gcn/worker-client';
import type { TrainModelResult } from '../core/gcn/pipeline';
import type { ModelMeta } from '../core/gcn/predictor';
import { spearman } from '../core/metrics';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../core/paths';
import { fitSizeRanker, sizeRankerScores } from '../core/proxy/size-ranker';

/** Spaces whose task is not image classification / dense prediction (left out of the image mean). */
const NON_IMAGE = new Set(['nbgraph']);

export interface LosoOptions {
  /** Training time budget per model (seconds). */
  seconds?: number;
  /** Recipes to compare (core/gcn/recipes.ts); default ['cost']. */
  recipes?: string[];
  /** Spaces left out of every fold's training as well (e.g. ['nb201']). */
  without?: string[];
  /** Folds to run (default: every labelled space but NB201 and `without`). */
  spaces?: string[];
  /** Take sentence vectors from this embedding table instead of running the encoder. */
  embeddingsFile?: string;
  /** Parallel training workers (default 1). */
  jobs?: number;
  seed?: number;
  /** Results file name under bench/results (default loso.md). */
  outFile?: string;
  /** Reuse a fold's model already in .cache/loso when it was trained with the same recipe and seed. */
  reuse?: boolean;
  command: string;
}

/** A finished fold's result read back from its model folder (the held-out figures recorded at training). */
function reusable(dir: string, recipe: string, seed: number): TrainModelResult | undefined {
  const path = join(dir, 'model.json');
  if (!existsSync(path)) return undefined;
  const meta = JSON.parse(readFileSync(path, 'utf8')) as ModelMeta;
  if (meta.name !== `loso-${recipe}-${basename(dir)}` || meta.training?.seed !== seed || !meta.metrics?.heldOut) return undefined;
  const heldOut = Object.entries(meta.metrics.heldOut).map(([k, v]) => {
    const [space, task] = k.split(':');
    return { space, task, ...v };
  });
  const validation = meta.metrics.validation ?? {};
  return { outDir: dir, meta, validation: { mean: validation.mean ?? NaN, bySpace: validation }, heldOut, seconds: meta.training.seconds };
}

interface Run {
  recipe: string;
  space: string;
  result?: TrainModelResult;
  error?: string;
}

function mean(v: readonly number[]): number {
  const f = v.filter(Number.isFinite);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

/** Baselines of one left-out space per task: log params, log FLOPs, size ranker (fitted without it). */
interface Baselines {
  estimated: boolean;
  byTask: Map<string, { n: number; params: number; flops: number; ranker: number }>;
}

/** Raw size inputs of a labelled space's architectures (data columns where complete, else estimates). */
export function spaceSizes(s: LabelledSpace): ArchSize[] {
  return architectureSizes(s.graphs, (op) => s.operators.get(op)?.description, undefined, labelledSizes(s));
}

function baselines(heldOut: LabelledSpace, training: readonly LabelledSpace[], sizes: Map<string, ArchSize[]>, seed: number): Baselines {
  const w = fitSizeRanker(training.flatMap((s) => s.tasks.map((t) => ({ sizes: sizes.get(s.space)!, labels: t.labels, space: s.space }))), { seed });
  const sz = sizes.get(heldOut.space)!;
  const ranker = sizeRankerScores(w, sz);
  const byTask = new Map<string, { n: number; params: number; flops: number; ranker: number }>();
  for (const t of heldOut.tasks) {
    const keep = [...t.labels.keys()].filter((i) => Number.isFinite(t.labels[i]));
    const y = keep.map((i) => t.labels[i]);
    byTask.set(t.name, {
      n: keep.length,
      params: spearman(keep.map((i) => sz[i][0]), y),
      flops: spearman(keep.map((i) => sz[i][1]), y),
      ranker: spearman(keep.map((i) => ranker[i]), y),
    });
  }
  const exact = labelledSizes(heldOut);
  return { estimated: !exact || exact.some((e) => e.params === undefined), byTask };
}

export async function benchLoso(options: LosoOptions, log: (line: string) => void): Promise<string> {
  const dir = dataDir();
  if (!dir) return `${NO_DATA_MESSAGE}\n`;
  const recipes = (options.recipes ?? ['cost']).map(recipeById);
  const without = options.without ?? [];
  const spaces = options.spaces ?? LOADERS.map((l) => l.id).filter((id) => id !== 'nb201' && !without.includes(id));
  const seed = options.seed ?? 0;
  const tag = [options.seconds ? `s${options.seconds}` : '', without.length ? `without-${without.join('-')}` : '', `seed${seed}`].filter(Boolean).join('-');
  const runs: Run[] = recipes.flatMap((r) => spaces.map((space) => ({ recipe: r.id, space })));
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < runs.length; k = next++) {
      const f = runs[k];
      const outDir = join(projectRoot(), '.cache', 'loso', `${f.recipe}-${tag}`, f.space);
      mkdirSync(outDir, { recursive: true });
      if (options.reuse) {
        const done = reusable(outDir, f.recipe, seed);
        if (done) {
          log(`[${f.recipe}] reusing ${outDir}`);
          f.result = done;
          continue;
        }
      }
      log(`[${f.recipe}] training without ${[f.space, ...without].join(', ')} -> ${outDir}`);
      try {
        f.result = await trainInWorker({
          dataSpec: ['all', ...[f.space, ...without].map((s) => `-${s}`)].join(','),
          outDir, seed, hyper: recipeById(f.recipe).hyper, maxSeconds: options.seconds, heldOutSpec: f.space,
          name: `loso-${f.recipe}-${f.space}`, embeddingsFile: options.embeddingsFile,
        });
      } catch (e) {
        f.error = (e as Error).message.split('\n')[0];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 1) }, worker));

  // Baselines on exactly the held-out architectures the models were scored on.
  log('baselines: loading spaces');
  const all = loadSelection(parseDataSpec(['all', ...without.map((s) => `-${s}`)].join(',')), { dataDir: dir });
  const sizes = new Map(all.map((s) => [s.space, spaceSizes(s)]));
  const base = new Map(spaces.map((sp) => {
    const held = all.find((s) => s.space === sp)!;
    return [sp, baselines(held, all.filter((s) => s.space !== sp), sizes, seed)];
  }));

  const out: string[] = [];
  const emit = (line = '') => {
    out.push(line);
    log(line);
  };
  emit('# Leave-one-space-out benchmark');
  emit();
  emit(`Measured by \`${options.command}\` on ${new Date().toISOString().slice(0, 10)}, seed ${seed}, wasm. Each model is trained on all labelled`);
  emit(`spaces but the left-out one${without.length ? ` and ${without.join(', ')} (left out of every fold)` : ''}, early-stopped on a split of its training spaces, then scored once`);
  emit('on the left-out space. Spearman ρ with the space\'s labels, same architectures in every column. `size ranker` = linear');
  emit('pairwise ranker on z log params / z log FLOPs / z log live params, fitted on the same training spaces.');
  emit('Params/FLOPs marked "est." are descriptor estimates (the data has no complete column).');
  emit();
  emit('Recipes: ' + recipes.map((r) => `\`${r.id}\` (${r.description})`).join('; ') + '.');
  emit();
  const cols = [...recipes.map((r) => r.id), 'log params', 'log FLOPs', 'size ranker'];
  emit(`| left-out space | task | n | ${cols.join(' | ')} |`);
  emit(`| --- | --- | --- | ${cols.map(() => '---').join(' | ')} |`);
  const perSpace = new Map<string, number[]>(); // space -> task-averaged value per column
  for (const sp of spaces) {
    const b = base.get(sp)!;
    const est = b.estimated ? ' (est.)' : '';
    const colVals: number[][] = cols.map(() => []);
    for (const [task, v] of b.byTask) {
      const rs = recipes.map((r) => {
        const run = runs.find((x) => x.recipe === r.id && x.space === sp)!;
        return run.result?.heldOut.find((h) => h.task === task)?.spearman ?? NaN;
      });
      const row = [...rs, v.params, v.flops, v.ranker];
      row.forEach((x, j) => colVals[j].push(x));
      emit(`| ${sp}${est} | ${task} | ${v.n} | ${row.map(fmt).join(' | ')} |`);
    }
    perSpace.set(sp, colVals.map(mean));
    for (const r of recipes) {
      const run = runs.find((x) => x.recipe === r.id && x.space === sp)!;
      if (run.error) emit(`| ${sp} | (${r.id} failed: ${run.error}) | | ${cols.map(() => '').join(' | ')} |`);
    }
  }
  emit();
  emit('Per left-out space, mean over its tasks:');
  emit();
  emit(`| left-out space | ${cols.join(' | ')} |`);
  emit(`| --- | ${cols.map(() => '---').join(' | ')} |`);
  for (const sp of spaces) emit(`| ${sp} | ${perSpace.get(sp)!.map(fmt).join(' | ')} |`);
  const summary = (name: string, keep: (sp: string) => boolean) => {
    const sel = spaces.filter(keep);
    const m = cols.map((_, j) => mean(sel.map((sp) => perSpace.get(sp)![j])));
    emit(`| **${name}** (${sel.length}) | ${m.map((x) => `**${fmt(x)}**`).join(' | ')} |`);
  };
  summary('mean, all spaces', () => true);
  summary('mean, image spaces', (sp) => !NON_IMAGE.has(sp));
  emit();
  const spaceValue = (sp: string, j: number) => perSpace.get(sp)![j];
  const paramsCol = recipes.length;
  for (let j = 0; j < recipes.length; j++) {
    const wins = spaces.filter((sp) => perSpace.get(sp)![j] >= perSpace.get(sp)![paramsCol]).length;
    const worst = Math.min(...spaces.map((sp) => perSpace.get(sp)![j]).filter(Number.isFinite));
    emit(`\`${recipes[j].id}\`: ≥ log params on ${wins} of ${spaces.length} left-out spaces; worst space ${fmt(worst)}.`);
  }
  emit();
  // Size prior (gcn/size-prior.ts) on every recipe with size inputs, chosen nested.
  const priors = new Map<string, PriorResult>();
  for (const r of recipes) {
    if (!(r.hyper.archInputs ?? DEFAULT_HYPER.archInputs)) continue;
    const models = new Map(runs.filter((x) => x.recipe === r.id && x.result).map((x) => [x.space, x.result!.outDir]));
    if (models.size < 2) continue;
    const result = await priorTable(models, new Map(all.map((s) => [s.space, s])), sizes, dir, log);
    priors.set(r.id, result);
    for (const line of priorLines(r.id, result)) emit(line);
  }
  emit('Training per model: ' + runs.map((r) => `${r.recipe}/${r.space} ${r.result ? `${r.result.meta.training?.epochsRun} ep, ${r.result.seconds.toFixed(0)} s` : 'failed'}`).join('; ') + '.');
  const text = out.join('\n') + '\n';
  mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
  const file = join(projectRoot(), 'bench', 'results', options.outFile ?? 'loso.md');
  writeFileSync(file, text);
  const record: LosoSummary = { command: options.command, date: new Date().toISOString().slice(0, 10), recipes: {} };
  recipes.forEach((r, j) => {
    const perSpace = Object.fromEntries(spaces.map((sp) => [sp, spaceValue(sp, j)]));
    const vals = Object.values(perSpace).filter(Number.isFinite);
    record.recipes[r.id] = { perSpace, mean: mean(vals), worst: Math.min(...vals), spaces: vals.length };
    const prior = priors.get(r.id);
    if (prior) {
      // The recipe with its size prior, as measured nested (each fold's prior chosen on the other folds).
      const nested = Object.fromEntries(prior.nested.map((n) => [n.space, n.rho]));
      const v = Object.values(nested).filter(Number.isFinite);
      const o = prior.options[prior.best];
      record.recipes[`${r.id}+prior`] = { perSpace: nested, mean: mean(v), worst: Math.min(...v), spaces: v.length, prior: { weights: o.weights, lambda: o.lambda } };
    }
  });
  writeFileSync(file.replace(/\.md$/, '.json'), JSON.stringify(record, null, 1) + '\n');
  return text;
}
