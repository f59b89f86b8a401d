/**
 * `--data` specs: which labelled spaces (and which of their tasks) a training run uses.
 *
 *   all                 every space
 *   all,-nb201          every space but NB201
 *   nb101,nb201:c10     NB101 (all tasks) and NB201 CIFAR-10 only
 *   nbgraph:cora+pubmed several tasks of one space
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, shuffle } from '../random';
import { LOADERS, type LabelledSpace } from './loaders';

const ALIASES: Record<string, string> = {
  'tnb101-micro': 'tnb101',
  transnas: 'tnb101',
  macro: 'nbmacro',
  'nas-bench-macro': 'nbmacro',
  accel: 'anb',
  'accel-nasbench': 'anb',
  'deep-resnets': 'resnets',
  resnet: 'resnets',
  naap: 'naap440',
  graph: 'nbgraph',
  'nas-bench-graph': 'nbgraph',
  'nas-bench-101': 'nb101',
  'nas-bench-201': 'nb201',
  'tnb101-macro': 'tnb101macro',
  'transnas-macro': 'tnb101macro',
  'nas-bench-mr': 'nbmr',
  nasbenchmr: 'nbmr',
  pit: 'vitpit',
  'vit-pit': 'vitpit',
  'vitbench-pit': 'vitpit',
};

export interface DataSelection {
  space: string;
  /** Task names to keep; undefined = all of the space's tasks. */
  tasks?: string[];
}

export class DataSpecError extends Error {}

export function knownSpaces(): string[] {
  return LOADERS.map((l) => l.id);
}

/** Parses a spec into an ordered selection (loader order). Throws DataSpecError with the known ids. */
export function parseDataSpec(spec: string): DataSelection[] {
  const known = knownSpaces();
  const chosen = new Map<string, string[] | undefined>();
  const terms = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (terms.length === 0) throw new DataSpecError('empty data spec (try "all", "all,-nb201" or "nb101,nb201:c10")');
  for (const term of terms) {
    const exclude = term.startsWith('-');
    const [rawId, taskPart] = (exclude ? term.slice(1) : term).split(':');
    const lower = rawId.toLowerCase();
    if (lower === 'all') {
      if (exclude || taskPart) throw new DataSpecError(`'${term}': 'all' takes no '-' or tasks`);
      for (const id of known) if (!chosen.has(id)) chosen.set(id, undefined);
      continue;
    }
    if (lower === 'darts' || lower === 'nb301') {
      throw new DataSpecError(`'${rawId}' has no labelled training data (DARTS is the unseen space the proxy must generalise to)`);
    }
    const id = ALIASES[lower] ?? lower;
    if (!known.includes(id)) throw new DataSpecError(`unknown data space '${rawId}' (known: all, ${known.join(', ')})`);
    if (exclude) {
      if (taskPart) throw new DataSpecError(`'${term}': exclusions take no task list`);
      chosen.delete(id);
      continue;
    }
    const tasks = taskPart ? taskPart.split('+').map((s) => s.trim()).filter(Boolean) : undefined;
    const prev = chosen.get(id);
    chosen.set(id, tasks && prev ? [...new Set([...prev, ...tasks])] : tasks);
  }
  if (chosen.size === 0) throw new DataSpecError(`data spec '${spec}' selects no space`);
  return known.filter((id) => chosen.has(id)).map((id) => ({ space: id, tasks: chosen.get(id) }));
}

export interface LoadOptions {
  /** Shared data folder (see paths.dataDir()). */
  dataDir: string;
  /** At most this many architectures per space (seeded random subsample); default: all. */
  maxArchsPerSpace?: number;
  seed?: number;
}

/** Keeps architectures `keep` (in the given order) of a space. */
export function subsetSpace(s: LabelledSpace, keep: readonly number[]): LabelledSpace {
  return {
    ...s,
    graphs: keep.map((i) => s.graphs[i]),
    ids: s.ids ? keep.map((i) => s.ids![i]) : undefined,
    columns: s.columns ? Object.fromEntries(Object.entries(s.columns).map(([k, c]) => [k, Float64Array.from(keep, (i) => c[i])])) : undefined,
    tasks: s.tasks.map((t) => ({ ...t, labels: Float64Array.from(keep, (i) => t.labels[i]) })),
  };
}

/** Loads the selected spaces, restricted to the requested tasks and subsampled. */
export function loadSelection(selection: DataSelection[], options: LoadOptions): LabelledSpace[] {
  const out: LabelledSpace[] = [];
  for (const sel of selection) {
    const loader = LOADERS.find((l) => l.id === sel.space);
    if (!loader) throw new DataSpecError(`unknown data space '${sel.space}'`);
    if (!existsSync(join(options.dataDir, loader.file))) {
      throw new Error(`${loader.label}: ${join(options.dataDir, loader.file)} not found`);
    }
    let space = loader.load(options.dataDir);
    if (sel.tasks) {
      const names = space.tasks.map((t) => t.name);
      const bad = sel.tasks.filter((t) => !names.includes(t));
      if (bad.length) throw new DataSpecError(`${sel.space} has no task ${bad.join(', ')} (tasks: ${names.join(', ')})`);
      space = { ...space, tasks: space.tasks.filter((t) => sel.tasks!.includes(t.name)) };
    }
    // Drop architectures without any label in the kept tasks.
    const labelled = space.graphs.map((_, i) => i).filter((i) => space.tasks.some((t) => Number.isFinite(t.labels[i])));
    let keep = labelled;
    if (options.maxArchsPerSpace !== undefined && keep.length > options.maxArchsPerSpace) {
      keep = shuffle([...keep], createRng((options.seed ?? 0) * 7919 + out.length + 1)).slice(0, options.maxArchsPerSpace).sort((a, b) => a - b);
    }
    if (keep.length !== space.graphs.length) space = subsetSpace(space, keep);
    out.push(space);
  }
  return out;
}

export function loadDataSpec(spec: string, options: LoadOptions): LabelledSpace[] {
  return loadSelection(parseDataSpec(spec), options);
}
