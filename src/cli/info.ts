/** tgnas info: params/FLOPs and canonical form of one architecture per input line. */
import { parseArgs, stringFlag } from './args';
import type { Command } from './command';
import { noArchitecture, progress, readInput } from './io';
import { DATASETS, READ_HELP, costFor, placeFields, readRecords, resolveSpace, spaceChoices } from './records';
import { FLOPS_CONVENTIONS, type FlopsConvention } from '../core/spaces';


export const infoCommand: Command = {
  name: 'info',
  summary: 'canonical form, params and FLOPs of every architecture in a file',
  usage: [
    `usage: tgnas info [--space ${spaceChoices()}] [--dataset ${DATASETS.join('|')}]`,
    `                  [--flops ${FLOPS_CONVENTIONS.join('|')}] [FILE|-]`,
    '',
    ...READ_HELP,
    'Prints JSON lines',
    '  {"line":N,"space":"nb201","arch":"<canonical>","params_M":x,"flops_M":y,"flops_convention":"mult-adds"}',
    'or {"line":N,"error":"..."} for a bad line (the others go on; exit 3 then).',
    'An input without any architecture (empty, or only blank and # comment lines) is reported on stderr (exit 3).',
    '',
    "--flops: how FLOPs are counted (multiply-accumulates, batch 1); without it, each space's own convention:",
    '  mult-adds  conv k*k*Cin/groups*Cout per output position and linear in*out (+bias); BN, ReLU and pooling',
    "             count nothing. NB201's default: the NB201 / NATS-Bench API's get_cost_info flops (xautodl",
    "             flop_benchmark.py), e.g. 113.95 M for the CIFAR-10 network of",
    '             |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|.',
    "  naslib     NASLib's flops column (torchstat: BN, ReLU and pooling counted too; 116.69 M for that cell, as",
    "             the shared csv's flops_M columns). The default of every other space (DARTS: it reproduces",
    "             P-DARTS' 557 M and PC-DARTS' 597 M ImageNet mult-adds), and what the proxy's size inputs use",
    '             in every space whatever is printed.',
    'Params do not depend on it. Search limits (--max-flops, max_flops) compare in the space\'s own convention.',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      space: { value: true },
      dataset: { value: true, choices: DATASETS },
      flops: { value: true, choices: FLOPS_CONVENTIONS },
    });
    if (args.positionals.length > 1) throw new Error('give one FILE (or - for stdin)');
    const forced = resolveSpace(stringFlag(args, 'space'));
    const dataset = stringFlag(args, 'dataset') ?? 'cifar10';
    const flops = stringFlag(args, 'flops') as FlopsConvention | undefined;
    const records = readRecords(args.positionals[0], readInput(args.positionals[0]), forced);
    if (records.length === 0) return noArchitecture('info', args.positionals[0]);
    const bar = progress('info', records.length);
    let failed = false;
    records.forEach((r, i) => {
      bar.tick(i);
      if ('error' in r) {
        failed = true;
        process.stdout.write(JSON.stringify({ ...placeFields(r), error: r.error }) + '\n');
        return;
      }
      const cost = costFor(r.space, r.cell, dataset, flops);
      const record = { ...placeFields(r), space: r.space.id, arch: r.arch, ...(r.asWritten !== r.arch ? { as_written: r.asWritten } : {}), params_M: cost?.params_M ?? null, flops_M: cost?.flops_M ?? null };
      process.stdout.write(JSON.stringify({ ...record, flops_convention: cost ? (flops ?? r.space.flopsConvention) : null }) + '\n');
    });
    bar.end();
    return failed ? 3 : 0;
  },
};
