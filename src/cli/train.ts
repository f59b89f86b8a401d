/** tgnas train / tgnas calibrate: train a proxy from the labelled benchmark data, in a worker thread. */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
    'usage: tgnas train --data SPEC --out models/NAME [--seed N] [--epochs N] [--max-seconds S] [--held-out SPEC] [--embeddings FILE]',
    '',
    'SPEC: all | all,-nb201 | nb101,nb201:c10 | ... (spaces: nb101 nb201 tnb101 nbmacro anb metaqnn resnets naap440 nbgraph)',
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
    });
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
    await writeCalibration(result.outDir, data);
    process.stdout.write(`wrote ${result.outDir}\n`);
    return 0;
  },
};

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: "fit a model's percentile -> accuracy calibration (NB201, TransNAS micro, NB101)",
  usage: 'usage: tgnas calibrate --model NAME|PATH',
  async run(argv) {
    const args = parseArgs(argv, { model: { value: true } });
    const data = dataDir();
    if (!data) {
      process.stderr.write(`tgnas calibrate: ${NO_DATA_MESSAGE.replace('; skipped', '')}\n`);
      return 1;
    }
    await writeCalibration(resolveModelPath(stringFlag(args, 'model')), data);
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
