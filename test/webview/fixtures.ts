/**
 * Synthetic host data for the webview tests and benchmark: leaderboard entries, a search run and
 * cell graphs built from the real spaces (so node counts match what the server will send).
 */
import type { FrontCell, GraphResult, ScoreEvidence, ScoredCell, SearchProgress, SearchResult } from '../../src/shared/protocol';
import { builtinOperators, getSpace } from '../../src/core/spaces/index';
import type { Cell, DartsCell, GraphCell, OpGraph } from '../../src/core/types';

/** Deterministic [0, 1) stream (mulberry32), so benchmark runs sort the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPACES = [
  { space: 'nb201', spaceLabel: 'NAS-Bench-201', params: [0.07, 1.5] },
  { space: 'darts', spaceLabel: 'DARTS (CIFAR-10 / ImageNet mobile)', params: [2, 4.5] },
  { space: 'nb101', spaceLabel: 'NAS-Bench-101', params: [0.5, 40] },
] as const;

/** What the proxy says about each fixture space: NB201 trained on (in-space), the others scored unseen. */
export const EVIDENCE: Record<string, ScoreEvidence> = {
  nb201: { kind: 'in-space', data: 'nb201', validationRho: 0.84, task: 'cifar10' },
  darts: { kind: 'unseen-space', losoMean: 0.6, losoWorst: 0.3, losoSpaces: 11, estimated: [], unseenOperators: [] },
  nb101: { kind: 'in-space', data: 'nb101', validationRho: 0.71, task: 'cifar10' },
  ghost: { kind: 'unseen-space', losoMean: 0.6, losoWorst: 0.3, losoSpaces: 11, estimated: ['ghost3'], unseenOperators: ['ghost3'] },
};

/** The model name of fixture rows (the leaderboard's current model in the tests, so rows are not stale). */
export const FIXTURE_MODEL = 'test-model';

export function makeEntries(n: number, seed = 1, files = 25, model = FIXTURE_MODEL): ScoredCell[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const sp = SPACES[i % SPACES.length];
    const score = r() * 4 - 2;
    const percentile = Math.min(100, Math.max(0, 50 + score * 24));
    const line = Math.floor(i / files);
    return {
      uri: `file:///work/project/arch/file${String(i % files).padStart(2, '0')}.arch`,
      name: `cell_${String(i).padStart(5, '0')}`,
      range: { start: { line, character: 0 }, end: { line, character: 40 } },
      space: sp.space,
      spaceLabel: sp.spaceLabel,
      notation: sp.space === 'nb201' ? '|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|' : `${sp.space} cell ${i}`,
      text: `${sp.space} cell ${i}`,
      key: `${sp.space}:${i}`,
      score: {
        score, percentile, evidence: EVIDENCE[sp.space],
        ...(sp.space === 'nb201'
          ? { predictedAccuracy: { value: 85 + percentile / 11, low: 80, high: 94, target: 'CIFAR-10 test accuracy' } }
          : { calibrationNote: `space ${sp.space} is not calibrated to accuracy` }),
      },
      params_M: sp.params[0] + r() * (sp.params[1] - sp.params[0]),
      flops_M: 20 + r() * 600,
      model,
    };
  });
}

/** DARTS-V2 (Liu et al. 2019). */
export const DARTS_V2: DartsCell = {
  kind: 'darts',
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
  normalConcat: [2, 3, 4, 5],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
  reduceConcat: [2, 3, 4, 5],
};

/** What the server's tgnas/graph answers, built the same way: space graphs + operator kinds. */
export function graphResult(spaceId: string, cell: Cell, name?: string, descriptions: Record<string, string> = {}): GraphResult {
  const space = getSpace(spaceId)!;
  const known = builtinOperators();
  const graphs: OpGraph[] = space.toGraphs(cell);
  const labels = graphs.length === 2 ? ['normal', 'reduce'] : ['cell'];
  return {
    name, space: space.id, spaceLabel: space.label,
    graphs: graphs.map((g, i) => ({
      label: labels[i],
      adj: g.adj,
      nodes: g.ops.map((op) => {
        const o = space.operator(op) ?? known.get(op);
        return { op, kind: o?.kind ?? 'other', description: o?.description ?? descriptions[op] ?? op, ...(known.has(op) ? {} : { unseen: true }) };
      }),
    })),
    score: { score: 1.234, percentile: 97.5 },
    params_M: 3.3, flops_M: 547,
  };
}

/** A graph cell with an operator no built-in vocabulary has ("NEW"). */
export const NEW_OP_CELL: GraphCell = {
  kind: 'graph',
  ops: ['input', 'nor_conv_3x3', 'gelu_mixer_3x3', 'avg_pool_3x3', 'skip_connect', 'output'],
  edges: [[0, 1], [0, 2], [1, 3], [2, 3], [0, 4], [3, 5], [4, 5]],
};

export function searchProgress(searchId: string, generations: number): SearchProgress[] {
  const out: SearchProgress[] = [];
  for (let s = 1; s <= 4; s++) out.push({ searchId, phase: 'pruning', step: s, totalSteps: 4, evaluations: s * 120, bestScore: 0.5 + s * 0.1, percent: s * 5 });
  for (let g = 1; g <= generations; g++) {
    out.push({
      searchId, phase: 'evolution', step: g, totalSteps: generations, evaluations: 480 + g * 64,
      bestScore: 1.9 - 1.1 * Math.exp(-g / 8), medianScore: 1.2 - 1.0 * Math.exp(-g / 5), percent: 20 + (80 * g) / generations,
    });
  }
  return out;
}

export function searchResult(searchId: string, generations: number): SearchResult {
  const evolution = searchProgress(searchId, generations).filter((p) => p.phase === 'evolution');
  const history = evolution.map((p) => p.bestScore);
  const cells = [
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|',
    '|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    '|nor_conv_1x1~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|',
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
  ];
  return {
    searchId, space: 'nb201', spaceLabel: 'NAS-Bench-201', model: 'universal', cancelled: false, evaluations: 480 + generations * 64,
    seconds: 4.2, history, historyMedian: evolution.map((p) => p.medianScore ?? null), evidence: EVIDENCE.nb201,
    results: cells.map((text, i) => ({
      rank: i + 1, key: text, score: 1.9 - i * 0.04, percentile: 99.9 - i * 0.2,
      predictedAccuracy: { value: 93.4 - i * 0.3, low: 92.1 - i * 0.3, high: 94.2 - i * 0.2, target: 'CIFAR-10 test accuracy' },
      params_M: 1.53 - i * 0.1, flops_M: 217 - i * 12, text, arch: `cell best_${i + 1} in nb201 = ${text}`,
    })),
  };
}

/** A Pareto search's result: the shortlist plus a front of `points` cells, cheapest first (calibrated unless `calibrated` is false). */
export function paretoResult(searchId: string, points = 6, calibrated = true): SearchResult {
  const base = searchResult(searchId, 12);
  const front: FrontCell[] = Array.from({ length: points }, (_, i) => {
    const params = 0.07 * 1.8 ** i;
    const text = base.results[i % base.results.length].text;
    return {
      rank: i + 1, key: `front-${i}`, score: 0.4 + 0.25 * Math.log1p(i), percentile: 40 + i * 10,
      ...(calibrated ? { predictedAccuracy: { value: 85 + 1.5 * Math.log1p(i) * 2, low: 83, high: 94, target: 'CIFAR-10 test accuracy' } } : {}),
      params_M: params, flops_M: 10 + 40 * i, text, arch: `cell nb201_pareto${i + 1} in nb201 = ${text}`, objective: params,
    };
  });
  return {
    ...base, pareto: { axis: 'params' }, front,
    ...(calibrated ? {} : {
      space: 'ghost201', spaceLabel: 'ghost201 (custom)', evidence: EVIDENCE.ghost, calibrationNote: 'custom spaces are not calibrated to accuracy',
      results: base.results.map(({ predictedAccuracy: _p, ...c }) => c),
    }),
  };
}
