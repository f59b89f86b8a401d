/**
 * Leave-one-space-out benchmark (tgnas bench loso [--seconds S]): for each labelled space but NB201 (whose leave-out model is no-nb201),
 * train a model on every other labelled space (validation split of those only) and report its rank
 * correlation on the left-out space, whose operators it has then never seen labelled. Models go to
 * .cache/loso/<space> (git-ignored). Slow: one training run per space.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainInWorker } from '../core/gcn/worker-client';
import { dataDir, NO_DATA_MESSAGE, projectRoot } from '../core/paths';

const LEFT_OUT = ['nb101', 'tnb101', 'nbmacro', 'anb', 'metaqnn', 'resnets', 'naap440', 'nbgraph'] as const;

export async function benchLoso(seconds: number, log: (line: string) => void): Promise<string> {
  if (!dataDir()) return `${NO_DATA_MESSAGE}\n`;
  const out: string[] = [];
  const emit = (line = '') => {
    out.push(line);
    log(line);
  };
  emit('# Leave-one-space-out benchmark');
  emit();
  emit(`Measured by \`tgnas bench loso --seconds ${seconds}\` on ${new Date().toISOString().slice(0, 10)}: each model trained for at most ${seconds} s`);
  emit('(seed 0, wasm) on all labelled spaces but one, early-stopped on a split of its training spaces, then scored once on the left-out space.');
  emit('This re-trains the leave-one-space-out models from scratch on a time budget; the shipped ones (models/loso, 420 s each)');
  emit('are scored beside params, FLOPs and Suite-Zero proxies by `npm run bench:proxy`.');
  emit();
  emit('| left-out space | task | n | Spearman | Kendall | training s |');
  emit('| --- | --- | --- | --- | --- | --- |');
  for (const space of LEFT_OUT) {
    const outDir = join(projectRoot(), '.cache', 'loso', space);
    mkdirSync(outDir, { recursive: true });
    try {
      const r = await trainInWorker({ dataSpec: `all,-${space}`, outDir, seed: 0, maxSeconds: seconds, heldOutSpec: space, name: `loso-${space}` });
      for (const h of r.heldOut) {
        emit(`| ${space} | ${h.task} | ${h.n} | ${h.spearman.toFixed(3)} | ${h.kendall.toFixed(3)} | ${r.seconds.toFixed(0)} |`);
      }
    } catch (e) {
      emit(`| ${space} | (failed: ${(e as Error).message.split('\n')[0]}) | | | | |`);
    }
  }
  const text = out.join('\n') + '\n';
  mkdirSync(join(projectRoot(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(projectRoot(), 'bench', 'results', 'loso.md'), text);
  return text;
}
