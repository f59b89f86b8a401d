/** tgnas train / tgnas calibrate: train a proxy from the labelled benchmark data, in a worker thread. */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOADERS } from '../core/data/loaders';
import { recordLoso } from '../core/gcn/loso-record';
import { RECIPES, SHIPPED_RECIPE, losoKey } from '../core/gcn/recipes';
import { trainInWorker } from '../core/gcn/worker-client';
import type { TrainProgress } from '../core/gcn/train';
import { dataDir, NO_DATA_MESSAGE } from '../core/paths';
import { calibrateModel, resolveModelPath } from '../core/proxy';
import { intFlag, numberFlag, parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a GCN proxy on labelled benchmark spaces (../shared/data)',
  usage: [
    'usage: tgnas train --data SPEC --out models/NAME [--recipe ID] [--seed N] [--epochs N] [--max-seconds S] [--held-out SPEC]',
    '                   [--embeddings FILE] [--loso bench/results/NAME.json]',
    '',
    `SPEC: all | all,-nb201 | nb101,nb201:c10 | ... (spaces: ${LOADERS.map((l) => l.id).join(' ')})`,
    `--recipe: hyper-parameters by name (${RECIPES.map((r) => r.id).join(', ')}; default ${SHIPPED_RECIPE}).`,
    '--loso FILE records the recipe\'s leave-one-space-out figures (from tgnas bench loso) in model.json: the evidence shown for unseen spaces.',
    'Training runs in a worker thread; validation (early stopping) uses only a split of the training spaces.',
    '--embeddings FILE takes the sentence vectors from an embedding table (a model\'s embeddings.json) instead of the encoder.',
    'Writes model.json, weights.bin, embeddings.json, README.md (model card) and calibration.json.',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      data: { value: true },
      out: { value: true },
      seed: { value: true },
      epochs: { value: true },
      'max-seconds': { value: true },
      'held-out': { value: true },
      embeddings: { value: true },
      recipe: { value: true },
      loso: { value: true },
    });
    const recipeId = stringFlag(args, 'recipe') ?? SHIPPED_RECIPE;
    const recipe = RECIPES.find((r) => r.id === recipeId);
    if (!recipe) throw new UsageError(`unknown recipe '${recipeId}' (${RECIPES.map((r) => r.id).join(', ')})`);
    const dataSpec = stringFlag(args, 'data');
    const out = stringFlag(args, 'out');
    if (!dataSpec || !out) throw new UsageError("'--data' and '--out' are required");
    const data = dataDir();
    if (!data) {
      process.stderr.write(`tgnas train: ${NO_DATA_MESSAGE.replace('; skipped', '')}\n`);
      return 1;
    }
    const command = ['tgnas train', ...argv].join(' ');
    const embeddings = stringFlag(args, 'embeddings');
    const controller = new AbortController();
    process.once('SIGINT', () => {
      process.stderr.write('\ncancelling (best weights so far are discarded)...\n');
      controller.abort();
    });
    const result = await trainInWorker(
      {
        dataSpec,
        hyper: recipe.hyper,
        outDir: resolve(out),
        seed: intFlag(args, 'seed'),
        epochs: intFlag(args, 'epochs'),
        maxSeconds: numberFlag(args, 'max-seconds'),
        heldOutSpec: stringFlag(args, 'held-out'),
        embeddingsFile: embeddings ? resolve(embeddings) : undefined,
        command,
      },
      printProgress,
      controller.signal,
    );
    process.stderr.write(`trained in ${result.seconds.toFixed(0)} s; validation Spearman ${result.validation.mean.toFixed(3)}\n`);
    for (const h of result.heldOut) {
      process.stdout.write(`held out ${h.space}:${h.task}  n=${h.n}  spearman ${h.spearman.toFixed(3)}  kendall ${h.kendall.toFixed(3)}\n`);
    }
    const loso = stringFlag(args, 'loso');
    if (loso) recordLoso(result.outDir, resolve(loso), losoKey(recipe.id));
    await writeCalibration(result.outDir, data);
    process.stdout.write(`wrote ${result.outDir}\n`);
    return 0;
  },
};

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: "fit a model's percentile -> accuracy calibration (NB201, TransNAS micro, NB101)",
  usage: [
    'usage: tgnas calibrate --model NAME|PATH [--loso bench/results/NAME.json --recipe ID]',
    '--loso records the recipe\'s leave-one-space-out figures in model.json (the evidence shown for unseen spaces).',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { model: { value: true }, loso: { value: true }, recipe: { value: true } });
    const data = dataDir();
    if (!data) {
      process.stderr.write(`tgnas calibrate: ${NO_DATA_MESSAGE.replace('; skipped', '')}\n`);
      return 1;
    }
    const dir = resolveModelPath(stringFlag(args, 'model'));
    const loso = stringFlag(args, 'loso');
    if (loso) recordLoso(dir, resolve(loso), losoKey(stringFlag(args, 'recipe') ?? SHIPPED_RECIPE));
    await writeCalibration(dir, data);
    return 0;
  },
};

export async function writeCalibration(dir: string, data: string): Promise<void> {
  const cal = await calibrateModel(dir, data, (m) => process.stderr.write(m + '\n'));
  writeFileSync(join(dir, 'calibration.json'), JSON.stringify(cal, null, 1) + '\n');
}

function printProgress(p: TrainProgress): void {
  if (p.type === 'info') process.stderr.write(`${p.message}\n`);
  else {
    process.stderr.write(
      `epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  val spearman ${p.val.toFixed(3)}  best ${p.best.toFixed(3)} @${p.bestEpoch}  ${p.seconds.toFixed(0)} s\n`,
    );
  }
}
