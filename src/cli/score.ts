/** tgnas score: predicted score, percentile and (where calibrated) accuracy per architecture. */
import { analyzeDocument } from '../core/analysis';
import { CALIBRATION_SOURCES, loadProxy } from '../core/proxy';
import type { SearchSpace } from '../core/spaces';
import type { Cell } from '../core/types';
import { parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { noArchitecture, progress, readInput, readLines } from './io';
import { canonicalArch, costFor, lineRecord, resolveSpace, round, type LineRecord } from './records';
import { formatTable } from './table';

/** Dataset names --dataset takes: every calibrated dataset, plus DARTS's ImageNet mobile network. */
const SCORE_DATASETS = [...new Set([...CALIBRATION_SOURCES.map((c) => c.dataset), 'imagenet'])];

export const scoreCommand: Command = {
  name: 'score',
  summary: 'predict accuracy (score, percentile, calibrated accuracy) without training',
  usage: [
    'usage: tgnas score [--space auto|nb201|tnb101-micro|darts|nb101|graph] [--model NAME|PATH]',
    `                   [--dataset ${SCORE_DATASETS.join('|')}] [--format jsonl|table] [FILE|-]`,
    '',
    'One architecture per input line (any notation), or a .arch file (one record per cell, with its name).',
    'jsonl records: {"line":N,"space":"...","arch":"<canonical>","score":x,"percentile":p,',
    '                "predicted_accuracy":a|null,"interval":[lo,hi],"calibration_note":"why null",',
    '                "evidence":{"kind":"in-space"|"unseen-space",...},"params_M":..,"flops_M":..}',
    '                or {"line":N,"error":"..."} (exit 3 then; an input without any architecture: a line on stderr, exit 3).',
    '--dataset selects the calibration to accuracy (and the network whose params/FLOPs are printed; DARTS: imagenet =',
    'the mobile setting). Without it, predicted_accuracy is null: a percentile means the same on every dataset, an',
    'accuracy does not. TransNAS-Bench-101 micro cells take its task names (class_object, ...).',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      space: { value: true },
      model: { value: true },
      dataset: { value: true, choices: SCORE_DATASETS },
      format: { value: true, choices: ['jsonl', 'table'] },
    });
    if (args.positionals.length > 1) throw new UsageError('give one FILE (or - for stdin)');
    const file = args.positionals[0];
    const forced = resolveSpace(stringFlag(args, 'space'));
    const dataset = stringFlag(args, 'dataset');
    const table = stringFlag(args, 'format') === 'table';
    // Input first (a bad path is a usage error before the model loads). Line input is streamed: records
    // are scored in chunks as they come and each chunk is written when ready (jsonl), so time and memory
    // stay linear and the first results appear early. A .arch file is one document (analysed whole).
    const arch = file?.endsWith('.arch') ? archRecords(file, readInput(file), forced) : undefined;
    const lines = arch ? undefined : readLines(file);
    const proxy = await loadProxy({ model: stringFlag(args, 'model') });

    const bar = progress('score', arch?.length);
    const rows: string[][] = [];
    let failed = false;
    let done = 0;
    let chunk: LineRecord[] = [];
    const flush = async () => {
      const results = await scoreChunk(proxy, chunk, dataset);
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

/** One chunk of records -> output records in the same order (one batched proxy call per space). */
async function scoreChunk(proxy: ScoreProxy, records: LineRecord[], dataset: string | undefined): Promise<Array<Record<string, unknown>>> {
  const bySpace = new Map<SearchSpace, number[]>();
  records.forEach((r, i) => {
    if ('error' in r) return;
    let idx = bySpace.get(r.space);
    if (!idx) bySpace.set(r.space, (idx = []));
    idx.push(i);
  });
  const results: Array<Record<string, unknown>> = records.map((r) => ({ line: r.line, ...(r.name ? { name: r.name } : {}) }));
  for (const [space, idx] of bySpace) {
    const cells = idx.map((i) => (records[i] as Extract<LineRecord, { cell: Cell }>).cell);
    const scores = await proxy.score(space, cells, { dataset });
    idx.forEach((i, k) => {
      const r = records[i] as Extract<LineRecord, { cell: Cell }>;
      const cost = costFor(space, r.cell, dataset ?? 'cifar10');
      Object.assign(results[i], {
        space: space.id,
        arch: r.arch,
        score: round(scores[k].score, 6),
        percentile: round(scores[k].percentile, 2),
        predicted_accuracy: scores[k].predictedAccuracy ? round(scores[k].predictedAccuracy!.value, 2) : null,
        ...(scores[k].predictedAccuracy
          ? { interval: [round(scores[k].predictedAccuracy!.low, 2), round(scores[k].predictedAccuracy!.high, 2)], target: scores[k].predictedAccuracy!.target }
          : { calibration_note: scores[k].calibrationNote }),
        evidence: scores[k].evidence,
        params_M: cost ? round(cost.params_M, 6) : null,
        flops_M: cost ? round(cost.flops_M, 6) : null,
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

/** Every cell of a .arch file, in its own (possibly custom) space; broken cells as error records. */
function archRecords(file: string, text: string, forced: SearchSpace | undefined): LineRecord[] {
  const analysis = analyzeDocument(file, text);
  const out: LineRecord[] = analysis.cells.map((c) => {
    const space = forced ?? c.space;
    const problems = space.cellKind === c.cell.kind ? space.validate(c.cell) : [`a ${c.cell.kind} cell is not in space '${space.id}'`];
    return problems.length
      ? { line: c.range.line, name: c.name, error: problems.join('; ') }
      : { line: c.range.line, name: c.name, space, cell: c.cell, arch: canonicalArch(space, c.cell) };
  });
  for (const d of analysis.diagnostics) {
    if (d.severity === 'error') out.push({ line: d.range.line, error: `${d.message} (column ${d.range.column})` });
  }
  return out.sort((a, b) => a.line - b.line);
}
