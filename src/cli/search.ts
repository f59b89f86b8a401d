/** tgnas search: pruning + evolution over a space, scored by the proxy; prints the ranked shortlist. */
import { analyzeDocument } from '../core/analysis';
import { readArchitectures } from '../core/reader';
import { latencyTable, LATENCY_DEVICES, predictLatency } from '../core/latency';
import { loadProxy } from '../core/proxy';
import { SEARCH_BOUNDS, searchSpace, SEARCH_DEFAULTS, type ParetoAxis, type RankedCell, type SearchLimits, type SearchProgress } from '../core/search';
import { listSpaces, type SearchSpace } from '../core/spaces';
import type { Cell, Nb201Cell } from '../core/types';
import { intFlag, numberFlag, parseArgs, stringFlag, UsageError } from './args';
import type { Command } from './command';
import { readInput } from './io';
import { DATASETS, canonicalArch, resolveSpace, round } from './records';
import { formatTable } from './table';

export const searchCommand: Command = {
  name: 'search',
  summary: 'search a space for the best cells (pruning + evolution), no training',
  usage: [
    'usage: tgnas search --space S [--model NAME|PATH] [--seed N] [--top K] [--population N] [--generations N]',
    '                    [--max-params M] [--max-flops M] [--max-latency MS --device D] [--dataset D]',
    '                    [--pareto params|flops|latency] [--json]',
    '       tgnas search FILE.arch --space-name NAME [...]      (a custom space declared in a .arch file)',
    '       tgnas search FILE [...]          (the space of the architectures in FILE: .arch, .py, .ipynb, .md, .json)',
    '',
    `spaces: ${listSpaces().filter((s) => s.topology !== 'graph').map((s) => s.id).join(', ')}; devices (NB201 latency): ${LATENCY_DEVICES.join(', ')}`,
    '',
    `--dataset D: ${DATASETS.join('|')} (the cost model's network; the calibration where the space has one for it).`,
    `--top >= ${SEARCH_BOUNDS.top}, --population >= ${SEARCH_BOUNDS.population}, --generations >= ${SEARCH_BOUNDS.generations}, --seed >= ${SEARCH_BOUNDS.seed} (integers).`,
    'Limits (--max-params M, --max-flops M, --max-latency MS) must be > 0; omit one for no limit (the editor\'s',
    'tgnas.limits.* settings write 0 for no limit). A .arch space\'s own max_params / max_flops always apply:',
    'where a flag sets the same limit, the tighter of the two holds. FLOPs (limit and output) are counted in the',
    "space's own convention, as tgnas info prints them (NB201: the NB201 API's mult-adds; see tgnas info --help).",
    '--pareto AXIS also prints the Pareto front of every cell scored: the cells no other beats on both predicted',
    'score and AXIS (params, FLOPs, or NB201 latency with --device), cheapest first.',
    'Prints a table of the shortlist (or, with --json, one JSON document); progress goes to stderr.',
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      space: { value: true },
      'space-name': { value: true },
      model: { value: true },
      seed: { value: true },
      top: { value: true },
      population: { value: true },
      generations: { value: true },
      'max-params': { value: true },
      'max-flops': { value: true },
      'max-latency': { value: true },
      device: { value: true, choices: LATENCY_DEVICES },
      dataset: { value: true, choices: DATASETS },
      pareto: { value: true, choices: ['params', 'flops', 'latency'] },
      json: { value: false },
    });
    const space = pickSpace(args.positionals, stringFlag(args, 'space'), stringFlag(args, 'space-name'));
    const seed = intFlag(args, 'seed', { min: SEARCH_BOUNDS.seed }) ?? SEARCH_DEFAULTS.seed;
    const top = intFlag(args, 'top', { min: SEARCH_BOUNDS.top }) ?? SEARCH_DEFAULTS.top;
    const population = intFlag(args, 'population', { min: SEARCH_BOUNDS.population });
    const generations = intFlag(args, 'generations', { min: SEARCH_BOUNDS.generations });
    const maxLatencyMs = numberFlag(args, 'max-latency', { positive: true });
    // Only the limits given: searchSpace merges them with the space's own (the tighter wins).
    const limits: SearchLimits = {
      ...definedLimit('maxParamsM', numberFlag(args, 'max-params', { positive: true })),
      ...definedLimit('maxFlopsM', numberFlag(args, 'max-flops', { positive: true })),
      ...definedLimit('maxLatencyMs', maxLatencyMs),
    };
    const device = stringFlag(args, 'device');
    if (maxLatencyMs !== undefined && !device) throw new UsageError("'--max-latency' needs '--device'");
    if (device && space.topology !== 'nb201') throw new UsageError(`latency models exist for NB201 cells only, not '${space.id}'`);
    const table = device ? latencyTable(device) : undefined;
    const dataset = stringFlag(args, 'dataset') ?? 'cifar10';
    const json = args.flags.has('json');
    const pareto = stringFlag(args, 'pareto') as ParetoAxis | undefined;
    if (pareto === 'latency' && !device) throw new UsageError("'--pareto latency' needs '--device'");

    const proxy = await loadProxy({ model: stringFlag(args, 'model') });
    const showProgress = progressPrinter();
    const result = await searchSpace(space as SearchSpace<Cell>, (cells) => proxy.scoreRaw(space as SearchSpace<Cell>, cells), {
      seed,
      top,
      population,
      generations,
      dataset,
      limits,
      latency: table ? (cell) => predictLatency(table, cell as Nb201Cell) : undefined,
      onProgress: showProgress,
      pareto,
    });
    showProgress('end');
    // Predicted accuracy for the search's dataset where the space is calibrated for it (NB201: all three).
    const calibrated = proxy.datasets(space);
    const rowsOf = async (ranked: Array<RankedCell<Cell>>) => {
      const scores = await proxy.score(space as SearchSpace<Cell>, ranked.map((r) => r.cell), {
        dataset: calibrated.includes(dataset) ? dataset : calibrated.length ? 'default' : undefined,
      });
      return ranked.map((r, i) => ({
        rank: r.rank,
        arch: canonicalArch(space, r.cell),
        score: round(r.score, 6),
        percentile: round(scores[i].percentile, 2),
        predicted_accuracy: scores[i].predictedAccuracy ? round(scores[i].predictedAccuracy!.value, 2) : null,
        params_M: r.cost ? round(r.cost.params_M, 6) : null,
        flops_M: r.cost ? round(r.cost.flops_M, 6) : null,
        ...(table ? { latency_ms: r.latencyMs !== undefined ? round(r.latencyMs, 3) : null } : {}),
      }));
    };
    const rows = await rowsOf(result.results);
    const front = result.front ? await rowsOf(result.front) : undefined;
    if (json) {
      const doc = {
        space: space.id, model: proxy.info.model, seed, limits: result.limits, results: rows,
        ...(front ? { pareto: { axis: pareto, front } } : {}), evaluations: result.evaluations, seconds: round(result.seconds, 3),
      };
      process.stdout.write(JSON.stringify(doc) + '\n');
    } else {
      const header = ['rank', 'pred. acc', 'pct', 'score', 'params M', 'FLOPs M', ...(table ? ['lat. ms'] : []), 'architecture'];
      const body = (list: typeof rows) => list.map((r) => [
        String(r.rank),
        r.predicted_accuracy === null ? 'n/a' : r.predicted_accuracy.toFixed(2),
        r.percentile.toFixed(1),
        r.score.toFixed(4),
        r.params_M === null ? 'n/a' : r.params_M.toFixed(3),
        r.flops_M === null ? 'n/a' : r.flops_M.toFixed(1),
        ...(table ? [r.latency_ms == null ? 'n/a' : r.latency_ms.toFixed(2)] : []),
        r.arch,
      ]);
      const frontText = front ? `\nPareto front, predicted score against ${pareto} (${front.length} cells, cheapest first):\n\n${formatTable(header, body(front))}\n` : '';
      process.stdout.write(
        `TG-NAS search: space ${space.id}, model ${proxy.info.model} (${proxy.info.encoder.id}, ${proxy.info.backend}), seed ${seed}\n` +
          `${result.evaluations} cells scored in ${result.seconds.toFixed(2)} s` +
          describeLimits(result.limits) +
          (proxy.info.calibrated.includes(space.id) ? '' : ' (no accuracy calibration for this space: score and percentile only)') +
          '\n\n' +
          formatTable(header, body(rows)) +
          '\n' +
          frontText,
      );
    }
    proxy.dispose();
    return result.results.length > 0 ? 0 : 1;
  },
};

function definedLimit(key: keyof SearchLimits, value: number | undefined): SearchLimits {
  return value === undefined ? {} : { [key]: value };
}

function describeLimits(l: SearchLimits): string {
  const parts = [
    l.maxParamsM !== undefined ? `params <= ${l.maxParamsM} M` : '',
    l.maxFlopsM !== undefined ? `FLOPs <= ${l.maxFlopsM} M` : '',
    l.maxLatencyMs !== undefined ? `latency <= ${l.maxLatencyMs} ms` : '',
  ].filter(Boolean);
  return parts.length ? `, limits ${parts.join(', ')}` : '';
}

function pickSpace(positionals: string[], spaceId: string | undefined, spaceName: string | undefined): SearchSpace {
  if (positionals.length > 1) throw new UsageError('give at most one .arch FILE');
  if (positionals.length === 1) {
    const file = positionals[0];
    const text = readInput(file);
    const analysis = analyzeDocument(file, text);
    const declared = analysis.spaces.filter((s) => s.space);
    // No space block (a genotypes.py, a notebook): the one space its architectures are in, read as every command reads files.
    const used = declared.length === 0 && !spaceName && !spaceId ? [...new Set(readArchitectures(file, text).flatMap((r) => (r.space ? [r.space] : [])))] : [];
    if (used.length === 1) return used[0];
    const name = spaceName ?? spaceId ?? (declared.length === 1 ? declared[0].name : undefined);
    if (!name) {
      if (declared.length === 0) {
        throw new UsageError(used.length
          ? `${file} holds architectures of ${used.length} spaces (${used.map((s) => s.id).join(', ')}): choose one with --space`
          : `${file} declares no space and holds no architecture: name a space with --space`);
      }
      throw new UsageError(`${file} declares ${declared.length} spaces; choose one with --space-name (${declared.map((s) => s.name).join(', ')})`);
    }
    const found = analysis.spaces.find((s) => s.name === name);
    if (found && !found.space) throw new Error(`space '${name}' in ${file} has errors; run 'tgnas check ${file}'`);
    if (found?.space) return found.space;
    const builtin = resolveSpace(name);
    if (builtin) return builtin;
    throw new UsageError(`no space '${name}' in ${file}`);
  }
  if (spaceName) throw new UsageError("'--space-name' needs a .arch FILE");
  const space = resolveSpace(spaceId ?? 'nb201');
  if (!space) throw new UsageError("'--space auto' cannot be searched: name the space");
  return space;
}

/** Progress on stderr: one line per phase change and at most 4 updates a second in between. */
function progressPrinter() {
  let last = 0;
  let phase = '';
  const tty = process.stderr.isTTY;
  return (p: SearchProgress | 'end') => {
    if (p === 'end') {
      if (tty) process.stderr.write('\n');
      return;
    }
    const now = Date.now();
    if (p.phase === phase && now - last < 250 && p.step !== p.totalSteps) return;
    const changed = p.phase !== phase;
    phase = p.phase;
    last = now;
    const best = Number.isFinite(p.bestScore) ? p.bestScore.toFixed(4) : '-';
    const text = `${p.phase} ${p.step}/${p.totalSteps}  evaluations ${p.evaluations}  best score ${best}`;
    if (tty) process.stderr.write(`\r${text.padEnd(70)}`);
    else if (changed || p.step === p.totalSteps) process.stderr.write(text + '\n');
  };
}
