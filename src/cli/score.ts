/** tgnas score: predicted score, percentile and (where calibrated) accuracy per architecture. */
import { loadProxy } from '../core/proxy';
import { FLOPS_CONVENTIONS, type FlopsConvention, type SearchSpace } from '../core/spaces';
import type { Cell } from '../core/types';
import { parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { noArchitecture, progress, readInput, readLines } from './io';
import { DATASETS, READ_HELP, costFor, lineRecord, placeFields, readRecords, resolveSpace, round, spaceChoices, type LineRecord } from './records';
import { inputKind } from '../core/reader';
import { formatTable } from './table';

/** `tgnas score`: the proxy's score, percentile and calibrated accuracy, with params/FLOPs, per architecture. */
export const scoreCommand: Command = {
  name: 'score',
  summary: 'predict accuracy (score, percentile, calibrated accuracy) without training',
  usage: [
    `usage: tgnas score [--space ${spaceChoices()}] [--model NAME|PATH]`,
    `                   [--dataset ${DATASETS.join('|')}] [--flops ${FLOPS_CONVENTIONS.join('|')}]`,
    '                   [--format jsonl|table] [FILE|-]',
    '',
    ...READ_HELP,
    'jsonl records: {"line":N,"space":"...","arch":"<canonical>","score":x,"percentile":p,',
    '                "predicted_accuracy":a|null,"interval":[lo,hi],"calibration_note":"why null",',
    '                "evidence":{"kind":"in-space"|"unseen-space",...},"params_M":..,"flops_M":..,"flops_convention":".."}',
    '                or {"line":N,"error":"..."} (exit 3 then; an input without any architecture: a line on stderr, exit 3).',
    '--dataset selects the calibration to accuracy (and the network whose params/FLOPs are printed; DARTS: imagenet =',
    'the mobile setting). Without it, predicted_accuracy is null: a percentile means the same on every dataset, an',
    'accuracy does not. TransNAS-Bench-101 micro cells take its task names (class_object, ...).',
    "--flops: how flops_M is counted (tgnas info --help); without it, each space's own convention. Scores do not",
    'depend on it: the proxy sizes every cell in NASLib FLOPs.',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      space: { value: true },
      model: { value: true },
      dataset: { value: true, choices: DATASETS },
      flops: { value: true, choices: FLOPS_CONVENTIONS },
      format: { value: true, choices: ['jsonl', 'table'] },
    });
    if (args.positionals.length > 1) throw new UsageError('give one FILE (or - for stdin)');
    const file = args.positionals[0];
    const forced = resolveSpace(stringFlag(args, 'space'));
    const dataset = stringFlag(args, 'dataset');
    const flops = stringFlag(args, 'flops') as FlopsConvention | undefined;
    const table = stringFlag(args, 'format') === 'table';
    // Input first (a bad path is a usage error before the model loads). Line input is streamed: records
    // are scored in chunks as they come and each chunk is written when ready (jsonl), so time and memory
    // stay linear and the first results appear early. A .arch file is one document (analysed whole).
    const arch = inputKind(file === '-' ? undefined : file) !== 'lines' ? readRecords(file, readInput(file), forced) : undefined;
    const lines = arch ? undefined : readLines(file);
    const proxy = await loadProxy({ model: stringFlag(args, 'model') });

    const bar = progress('score', arch?.length);
    const rows: string[][] = [];
    let failed = false;
    let done = 0;
    let chunk: LineRecord[] = [];
    const flush = async () => {
      const results = await scoreChunk(proxy, chunk, dataset, flops);
      if (table) rows.push(...results.map(tableRow));
      else if (results.length) process.stdout.write(results.map((r) => JSON.stringify(r) + '\n').join(''));
      done += chunk.length;
      bar.tick(done);
      chunk = [];
    };
    const add = async (r: LineRecord) => {
      if ('error' in r) failed = true;
      chunk.push(r);
      if (chunk.length >= CHUNK) await flush();
    };
    if (arch) for (const r of arch) await add(r);
    else {
      let n = 0;
      for await (const raw of lines!) {
        const r = lineRecord(raw, ++n, forced);
        if (r) await add(r);
      }
    }
    await flush();
    bar.end(done);
    proxy.dispose();
    if (done === 0) return noArchitecture('score', file);
    if (table) process.stdout.write(formatTable(['line', 'name', 'space', 'arch', 'score', 'pct', 'pred. acc', 'params M'], rows) + '\n');
    return failed ? 3 : 0;
  },
};

/** Records scored per chunk: big enough for the GCN's batched path, small enough to show results early. */
const CHUNK = 2048;

type ScoreProxy = Awaited<ReturnType<typeof loadProxy>>;

/**
 * One chunk of records -> output records in the same order (one batched proxy call per space). `flops`
 * only changes the printed flops_M: the proxy's own size inputs are always NASLib's (PROXY_FLOPS).
 */
async function scoreChunk(proxy: ScoreProxy, records: LineRecord[], dataset: string | undefined, flops: FlopsConvention | undefined): Promise<Array<Record<string, unknown>>> {
  const bySpace = new Map<SearchSpace, number[]>();
  records.forEach((r, i) => {
    if ('error' in r) return;
    let idx = bySpace.get(r.space);
    if (!idx) bySpace.set(r.space, (idx = []));
    idx.push(i);
  });
  const results: Array<Record<string, unknown>> = records.map(placeFields);
  for (const [space, idx] of bySpace) {
    const cells = idx.map((i) => (records[i] as Extract<LineRecord, { cell: Cell }>).cell);
    const scores = await proxy.score(space, cells, { dataset });
    idx.forEach((i, k) => {
      const r = records[i] as Extract<LineRecord, { cell: Cell }>;
      const cost = costFor(space, r.cell, dataset ?? 'cifar10', flops);
      Object.assign(results[i], {
        space: space.id,
        arch: r.arch,
        ...(r.asWritten !== r.arch ? { as_written: r.asWritten } : {}),
        score: round(scores[k].score, 6),
        percentile: round(scores[k].percentile, 2),
        predicted_accuracy: scores[k].predictedAccuracy ? round(scores[k].predictedAccuracy!.value, 2) : null,
        ...(scores[k].predictedAccuracy
          ? { interval: [round(scores[k].predictedAccuracy!.low, 2), round(scores[k].predictedAccuracy!.high, 2)], target: scores[k].predictedAccuracy!.target }
          : { calibration_note: scores[k].calibrationNote }),
        evidence: scores[k].evidence,
        params_M: cost ? round(cost.params_M, 6) : null,
        flops_M: cost ? round(cost.flops_M, 6) : null,
        flops_convention: cost ? (flops ?? space.flopsConvention) : null,
      });
    });
  }
  records.forEach((r, i) => {
    if ('error' in r) results[i].error = r.error;
  });
  return results;
}

function tableRow(r: Record<string, unknown>): string[] {
  return r.error
    ? [String(r.line), String(r.name ?? ''), '', `error: ${r.error}`, '', '', '', '']
    : [
        String(r.line), String(r.name ?? ''), String(r.space), String(r.arch).slice(0, 60),
        Number(r.score).toFixed(4), Number(r.percentile).toFixed(1),
        r.predicted_accuracy === null ? 'n/a' : `${r.predicted_accuracy}`,
        r.params_M === null ? 'n/a' : Number(r.params_M).toFixed(3),
      ];
}
