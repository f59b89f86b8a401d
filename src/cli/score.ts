/** tgnas score: predicted score, percentile and (where calibrated) accuracy per architecture. */
import { analyzeDocument } from '../core/analysis';
import { CALIBRATION_SOURCES, loadProxy } from '../core/proxy';
import type { SearchSpace } from '../core/spaces';
import type { Cell } from '../core/types';
import { parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { progress, readInput } from './io';
import { canonicalArch, costFor, readLineRecords, resolveSpace, round, type LineRecord } from './records';
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
    '                or {"line":N,"error":"..."} (exit 3 then).',
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
    const text = readInput(file);
    const records: LineRecord[] = file?.endsWith('.arch') ? archRecords(file, text, forced) : readLineRecords(text, forced);
    const proxy = await loadProxy({ model: stringFlag(args, 'model') });

    // Score per space in one batch each (the GCN's batched path).
    const bySpace = new Map<SearchSpace, number[]>();
    records.forEach((r, i) => {
      if ('error' in r) return;
      bySpace.set(r.space, [...(bySpace.get(r.space) ?? []), i]);
    });
    const results: Array<Record<string, unknown>> = records.map((r) => ({ line: r.line, ...(r.name ? { name: r.name } : {}) }));
    const bar = progress('score', records.length);
    let done = 0;
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
      bar.tick((done += idx.length));
    }
    bar.end();
    records.forEach((r, i) => {
      if ('error' in r) results[i].error = r.error;
    });
    proxy.dispose();

    if (stringFlag(args, 'format') === 'table') {
      const rows = results.map((r) =>
        r.error
          ? [String(r.line), String(r.name ?? ''), '', `error: ${r.error}`, '', '', '', '']
          : [
              String(r.line), String(r.name ?? ''), String(r.space), String(r.arch).slice(0, 60),
              Number(r.score).toFixed(4), Number(r.percentile).toFixed(1),
              r.predicted_accuracy === null ? 'n/a' : `${r.predicted_accuracy}`,
              r.params_M === null ? 'n/a' : Number(r.params_M).toFixed(3),
            ],
      );
      process.stdout.write(formatTable(['line', 'name', 'space', 'arch', 'score', 'pct', 'pred. acc', 'params M'], rows) + '\n');
    } else {
      for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
    }
    return records.some((r) => 'error' in r) ? 3 : 0;
  },
};

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
