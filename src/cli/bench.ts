/** tgnas bench <proxy|search>: the measured tables behind the README's numbers. */
import { benchLoso } from './bench-loso';
import { benchProxy } from './bench-proxy';
import { benchSearch } from './bench-search';
import { parseArgs, numberFlag, UsageError } from './args';
import type { Command } from './command';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run a benchmark (proxy | search | loso) and write bench/results/<name>.md',
  usage: 'usage: tgnas bench proxy|search|loso [--seconds S]   (loso: leave-one-space-out training, S s per model)',
  async run(argv) {
    const args = parseArgs(argv, { seconds: { value: true } });
    const [which, ...rest] = args.positionals;
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (which === 'loso') {
      await benchLoso(numberFlag(args, 'seconds') ?? 120, (line) => process.stdout.write(line + '\n'));
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
