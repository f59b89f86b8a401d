/**
 * tgnas: the command line over the same core the editor uses.
 *   tgnas check [--json] FILE...        diagnostics (exit 0 clean, 1 errors, 2 bad usage)
 *   tgnas info | convert | score | search | train | ensemble | calibrate | fit-latency | bench
 * Bad input never prints a stack trace: usage errors exit 2 with a one-line message. A failed write to
 * stdout is an error exit (see onStdoutError): 141 quietly for a closed pipe, 1 with a message otherwise.
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
    '',
    'Exit status: 0 done; 2 bad usage; 3 bad input lines or no architecture at all (info, convert, score); 1 any',
    'other failure, including output that could not be written; 141, without a message, when the reader of the',
    "output went away (tgnas score f | head -1), as for a tool stopped by SIGPIPE. 'check' exits 1 on errors.",
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

/**
 * Exit status when the reader of standard output went away (EPIPE: `tgnas score f | head -1`): what a shell
 * reports for a Unix tool killed by SIGPIPE (128 + 13), with no message, so `set -o pipefail` scripts see
 * that the output was cut short.
 */
export const EXIT_BROKEN_PIPE = 141;

/**
 * A failed write to standard output ends the command at once: EPIPE quietly with EXIT_BROKEN_PIPE, any
 * other error (ENOSPC on a full disk, EIO, EBADF) with one line on stderr and status 1. Never a silent 0.
 */
export function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
  try {
    process.stderr.write(`tgnas: cannot write to standard output: ${e.code ?? e.message}\n`);
  } finally {
    process.exit(1);
  }
}

if (require.main === module) {
  process.stdout.on('error', onStdoutError);
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
