/**
 * tgnas: the command line over the same core the editor uses.
 *   tgnas check [--json] FILE...        diagnostics (exit 0 clean, 1 errors, 2 bad usage)
 *   tgnas info | convert | score | search | train | ensemble | calibrate | fit-latency | bench
 * Bad input never prints a stack trace: usage errors exit 2 with a one-line message.
 */
import { version } from '../../package.json';
import { UsageError } from './args';
import type { Command } from './command';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { convertCommand } from './convert';
import { fitLatencyCommand } from './fit-latency';
import { infoCommand } from './info';
import { scoreCommand } from './score';
import { searchCommand } from './search';
import { calibrateCommand, trainCommand } from './train';
import { ensembleCommand } from './ensemble';

const commands: Command[] = [
  checkCommand, infoCommand, convertCommand, scoreCommand, searchCommand, trainCommand, ensembleCommand, calibrateCommand, fitLatencyCommand, benchCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'tgnas: zero-cost neural architecture search (TG-NAS) from the command line',
    '',
    'usage: tgnas <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'tgnas <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`tgnas: unknown command '${name}'\n\n${help()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tgnas ${name}: ${e.message}\n\n${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`tgnas ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.TGNAS_DEBUG) console.error(e);
    return 1;
  }
}

if (require.main === module) {
  // Writes to a closed pipe (`tgnas score | head`) are not an error worth a trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`tgnas: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
