/** tgnas ensemble: combine models trained alike with different seeds into one model folder. */
import { resolve } from 'node:path';
import { buildEnsemble } from '../core/gcn/ensemble';
import { dataDir, NO_DATA_MESSAGE } from '../core/paths';
import { parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { writeCalibration } from './train';
import { recordLoso, shareEmbeddings } from '../core/gcn/loso-record';
import { SHIPPED_RECIPE, losoKey } from '../core/gcn/recipes';

export const ensembleCommand: Command = {
  name: 'ensemble',
  summary: 'combine models trained alike (different seeds) into one ensemble model',
  usage: [
    'usage: tgnas ensemble --out models/NAME [--held-out SPEC] [--loso FILE --recipe ID] [--share-embeddings models/OTHER/embeddings.json]',
    '                      MODEL_DIR MODEL_DIR...',
    '',
    'The members must share the data spec, data seed, encoder and hyper-parameters. Each member\'s score is scaled by',
    'one over its spread on the training spaces\' validation split; the ensemble\'s validation is printed and recorded.',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { out: { value: true }, 'held-out': { value: true }, loso: { value: true }, recipe: { value: true }, 'share-embeddings': { value: true } });
    const out = stringFlag(args, 'out');
    if (!out) throw new UsageError("'--out' is required");
    if (args.positionals.length < 2) throw new UsageError('give at least two member model folders');
    const data = dataDir();
    if (!data) {
      process.stderr.write(`tgnas ensemble: ${NO_DATA_MESSAGE.replace('; skipped', '')}\n`);
      return 1;
    }
    const log = (m: string) => process.stderr.write(m + '\n');
    const r = await buildEnsemble(
      { members: args.positionals.map((p: string) => resolve(p)), outDir: resolve(out), heldOutSpec: stringFlag(args, 'held-out'), command: ['tgnas ensemble', ...argv].join(' ') },
      log,
    );
    r.memberValidation.forEach((v, k) => process.stdout.write(`member ${k}  validation spearman ${v.toFixed(3)}\n`));
    process.stdout.write(`ensemble  validation spearman ${r.validation.mean.toFixed(3)}\n`);
    for (const h of r.heldOut) process.stdout.write(`held out ${h.space}:${h.task}  n=${h.n}  spearman ${h.spearman.toFixed(3)}  kendall ${h.kendall.toFixed(3)}\n`);
    const shared = stringFlag(args, 'share-embeddings');
    if (shared) shareEmbeddings(r.outDir, resolve(shared));
    const loso = stringFlag(args, 'loso');
    if (loso) recordLoso(r.outDir, resolve(loso), losoKey(stringFlag(args, 'recipe') ?? SHIPPED_RECIPE));
    await writeCalibration(r.outDir, data);
    process.stdout.write(`wrote ${r.outDir}\n`);
    return 0;
  },
};
