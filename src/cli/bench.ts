/** tgnas bench <proxy|search>: the measured tables behind the README's numbers. */
import { resolve } from 'node:path';
import { benchLoso } from './bench-loso';
import { RECIPES } from '../core/gcn/recipes';
import { benchProxy } from './bench-proxy';
import { benchSearch } from './bench-search';
import { intFlag, numberFlag, parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run a benchmark (proxy | search | loso) and write bench/results/<name>.md',
  usage: [
    'usage: tgnas bench proxy|search',
    '       tgnas bench loso [--recipes a,b] [--seconds S] [--without nb201] [--spaces a,b] [--jobs N] [--seed N]',
    '                        [--embeddings FILE] [--out NAME.md] [--reuse]   (leave-one-space-out training, one model per space and recipe;',
    '                        --reuse keeps folds already trained in .cache/loso with the same recipe and seed)',
    `       recipes: ${RECIPES.map((r) => r.id).join(', ')} (default cost)`,
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      seconds: { value: true }, recipes: { value: true }, without: { value: true }, spaces: { value: true }, jobs: { value: true },
      seed: { value: true }, embeddings: { value: true }, out: { value: true }, reuse: { value: false },
    });
    const [which, ...rest] = args.positionals;
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (which === 'loso') {
      const list = (name: string) => stringFlag(args, name)?.split(',').map((x) => x.trim()).filter(Boolean);
      const out = stringFlag(args, 'out');
      if (out !== undefined && !/^[\w.-]+\.md$/.test(out)) throw new UsageError("'--out' takes a file name like loso-e10.md (written to bench/results/)");
      await benchLoso(
        {
          seconds: numberFlag(args, 'seconds'),
          recipes: list('recipes'),
          without: list('without'),
          spaces: list('spaces'),
          jobs: intFlag(args, 'jobs'),
          seed: intFlag(args, 'seed'),
          embeddingsFile: stringFlag(args, 'embeddings') && resolve(stringFlag(args, 'embeddings')!),
          outFile: out,
          reuse: args.flags.has('reuse'),
          command: ['tgnas bench', ...argv].join(' '),
        },
        (line) => process.stdout.write(line + '\n'),
      );
      return 0;
    }
    if (which === 'proxy') {
      await benchProxy((line) => process.stdout.write(line + '\n'));
      return 0;
    }
    if (which === 'search') {
      await benchSearch((line) => process.stdout.write(line + '\n'));
      return 0;
    }
    throw new UsageError(`unknown benchmark '${which ?? ''}' (proxy, search, loso)`);
  },
};
