/**
 * Worker-thread entry for `tgnas/search` (bundled to dist/search-worker.js): searches block for
 * seconds, and the language server must keep answering hovers meanwhile. The proxy is loaded
 * once per worker and kept for the next search.
 */
import { parentPort } from 'node:worker_threads';
import { spaceFromSpec, type SpaceSpec } from '../core/analysis';
import { configureEmbeddingCache } from '../core/encoder/cache';
import { CELL_NOTATION, formatArchCell, formatCell } from '../core/formats';
import { latencyTable, predictLatency } from '../core/latency';
import type { ArchScore, Proxy } from '../core/proxy/types';
import {
  SearchCancelled, searchSpace, type RankedCell, type SearchLimits, type SearchProgress as CoreProgress,
} from '../core/search';
import type { SearchSpace } from '../core/spaces';
import type { Cell, Nb201Cell } from '../core/types';
import type { FrontCell, ParetoAxis, SearchResult, SearchResultCell } from '../shared/protocol';
import { openProxy, type ProxyConfig } from './open-proxy';

export interface SearchJob {
  id: string;
  spec: SpaceSpec;
  /** Space name as the user wrote it (for the `.arch` lines of the results). */
  spaceName: string;
  proxy: ProxyConfig;
  /** The editor's embedding cache limit (tgnas.embeddingCache.maxSizeMB), applied in this worker too. */
  embeddingCacheBytes?: number;
  seed: number;
  top: number;
  population: number;
  generations: number;
  limits: SearchLimits;
  /** Also the Pareto front against this axis (search-job.ts checked that latency has an NB201 space and a device). */
  pareto?: ParetoAxis;
  /** NB201 latency device: the latency axis, and each result's latency. */
  device?: string;
}

export type WorkerRequest = { type: 'search'; job: SearchJob } | { type: 'cancel'; id: string };
export type WorkerReply =
  | { type: 'progress'; id: string; progress: CoreProgress; percent: number }
  | { type: 'loading'; id: string }
  | { type: 'result'; id: string; result: SearchResult }
  | { type: 'error'; id: string; message: string }
  | { type: 'log'; message: string };

const port = parentPort!;
const post = (m: WorkerReply) => port.postMessage(m);
const log = (message: string) => post({ type: 'log', message });

let proxy: { key: string; value: Promise<Proxy>; kind: string } | undefined;
const running = new Map<string, AbortController>();

function getProxy(config: ProxyConfig): Promise<Proxy> {
  const key = JSON.stringify(config);
  if (proxy?.key !== key) {
    const value = openProxy({ ...config, log }).then((p) => p.proxy);
    proxy = { key, value, kind: '' };
  }
  return proxy.value;
}


/** Result cells as the panel shows them: scored (percentile, calibrated accuracy) and written in the space's notation and as `.arch` lines. */
async function describeCells<C extends Cell>(
  p: Proxy, space: SearchSpace<C>, job: SearchJob, cells: Array<RankedCell<C>>, name: (r: RankedCell<C>) => string,
): Promise<{ cells: SearchResultCell[]; scores: ArchScore[] }> {
  const scores = cells.length ? await p.score(space, cells.map((r) => r.cell), { dataset: 'default' }) : [];
  return {
    scores,
    cells: cells.map((r, i) => ({
      rank: r.rank, key: r.key, score: r.score,
      percentile: scores[i]?.percentile, predictedAccuracy: scores[i]?.predictedAccuracy,
      params_M: r.cost?.params_M, flops_M: r.cost?.flops_M,
      ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
      text: formatCell(r.cell, CELL_NOTATION[r.cell.kind]),
      arch: formatArchCell(name(r), r.cell, job.spaceName),
    })),
  };
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

async function run(job: SearchJob): Promise<void> {
  const abort = new AbortController();
  running.set(job.id, abort);
  try {
    const space = spaceFromSpec(job.spec);
    configureEmbeddingCache({ maxBytes: job.embeddingCacheBytes });
    post({ type: 'loading', id: job.id });
    const p = await getProxy(job.proxy);
    const pruning = !!space.edges && !!space.cellFromEdges;
    const table = job.device ? latencyTable(job.device) : undefined;
    const result = await searchSpace(space, (cells) => p.scoreRaw(space, cells), {
      seed: job.seed, top: job.top, population: job.population, generations: job.generations, limits: job.limits,
      signal: abort.signal, pareto: job.pareto,
      latency: table ? (cell) => predictLatency(table, cell as Nb201Cell) : undefined,
      onProgress: (progress) => {
        const frac = progress.totalSteps > 0 ? Math.min(1, progress.step / progress.totalSteps) : 0;
        const percent = progress.phase === 'done' ? 100
          : !pruning ? 100 * frac
            : progress.phase === 'pruning' ? 30 * frac : 30 + 70 * frac;
        // NaN (no feasible cell yet) would reach the client as null anyway; say so here.
        const median = progress.medianScore !== undefined ? { medianScore: finite(progress.medianScore) ?? undefined } : {};
        post({ type: 'progress', id: job.id, progress: { ...progress, ...median }, percent });
      },
    });
    if (abort.signal.aborted) throw new SearchCancelled();
    const prefix = job.spaceName.replace(/[^\w]/g, '_');
    const top = await describeCells(p, space, job, result.results, (r) => `${prefix}_best${r.rank}`);
    const front = result.front
      ? await describeCells(p, space, job, result.front, (r) => `${prefix}_pareto${r.rank}`)
      : undefined;
    const first = top.scores[0] ?? front?.scores[0];
    post({ type: 'result', id: job.id, result: {
      searchId: job.id, space: job.spaceName, spaceLabel: space.label, model: p.info.model, cancelled: false,
      results: top.cells, evaluations: result.evaluations, seconds: result.seconds, history: result.history,
      historyMedian: result.historyMedian.map(finite),
      ...(job.pareto && front ? {
        pareto: { axis: job.pareto, ...(job.pareto === 'latency' && job.device ? { device: job.device } : {}) },
        front: front.cells.map((c, i): FrontCell => ({ ...c, objective: result.front![i].objective })),
      } : {}),
      ...(first ? { evidence: first.evidence, ...(first.calibrationNote ? { calibrationNote: first.calibrationNote } : {}) } : {}),
    } });
  } catch (e) {
    if (e instanceof SearchCancelled || abort.signal.aborted) {
      post({ type: 'result', id: job.id, result: {
        searchId: job.id, space: job.spaceName, spaceLabel: '', model: '', cancelled: true, results: [], evaluations: 0, seconds: 0, history: [],
      } });
    } else post({ type: 'error', id: job.id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    running.delete(job.id);
  }
}

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'search') void run(m.job);
  else running.get(m.id)?.abort();
});
