/** tgnas bench <proxy|search>: the measured tables behind the README's numbers. */
import { benchProxy } from './bench-proxy';
import { benchSearch } from './bench-search';
import { UsageError } from './args';
import type { Command } from './command';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run a benchmark (proxy | search) and write bench/results/<name>.md',
  usage: 'usage: tgnas bench proxy|search',
  async run(argv) {
    const [which, ...rest] = argv;
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (which === 'proxy') {
      await benchProxy((line) => process.stdout.write(line + '\n'));
      return 0;
    }
    if (which === 'search') {
      await benchSearch((line) => process.stdout.write(line + '\n'));
      return 0;
    }
    throw new UsageError(`unknown benchmark '${which ?? ''}' (proxy, search)`);
  },
};
