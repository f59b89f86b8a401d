/** tgnas info: params/FLOPs and canonical form of one architecture per input line. */
import { parseArgs, stringFlag } from './args';
import type { Command } from './command';
import { noArchitecture, progress, readInput } from './io';
import { costFor, readLineRecords, resolveSpace, spaceChoices } from './records';
import { TNB101_MACRO_CLASSES } from '../core/spaces';

/** Networks whose cost info prints: NB201's datasets, and TransNAS-Bench-101 macro's classification tasks (encoder + head). */
const INFO_DATASETS = ['cifar10', 'cifar100', 'imagenet16-120', ...Object.keys(TNB101_MACRO_CLASSES)];

export const infoCommand: Command = {
  name: 'info',
  summary: 'canonical form, params and FLOPs of one architecture per line',
  usage: [
    `usage: tgnas info [--space ${spaceChoices()}] [--dataset ${INFO_DATASETS.join('|')}] [FILE|-]`,
    '',
    'Reads one architecture per line (any notation) and prints JSON lines',
    '  {"line":N,"space":"nb201","arch":"<canonical>","params_M":x,"flops_M":y}',
    'or {"line":N,"error":"..."} for a bad line (the others go on; exit 3 then).',
    'An input without any architecture (empty, or only blank and # comment lines) is reported on stderr (exit 3).',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      space: { value: true },
      dataset: { value: true, choices: INFO_DATASETS },
    });
    if (args.positionals.length > 1) throw new Error('give one FILE (or - for stdin)');
    const forced = resolveSpace(stringFlag(args, 'space'));
    const dataset = stringFlag(args, 'dataset') ?? 'cifar10';
    const records = readLineRecords(readInput(args.positionals[0]), forced);
    if (records.length === 0) return noArchitecture('info', args.positionals[0]);
    const bar = progress('info', records.length);
    let failed = false;
    records.forEach((r, i) => {
      bar.tick(i);
      if ('error' in r) {
        failed = true;
        process.stdout.write(JSON.stringify({ line: r.line, error: r.error }) + '\n');
        return;
      }
      const cost = costFor(r.space, r.cell, dataset);
      process.stdout.write(
        JSON.stringify({ line: r.line, space: r.space.id, arch: r.arch, params_M: cost?.params_M ?? null, flops_M: cost?.flops_M ?? null }) + '\n',
      );
    });
    bar.end();
    return failed ? 3 : 0;
  },
};
