/**
 * `tgnas/search` from checked parameters to a worker job. The one place search parameters are
 * defaulted: what the request leaves out comes from the tgnas.search.* and tgnas.limits.* settings
 * (the client sends only what its caller chose), so every editor gets the same searches.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { spaceFingerprint, spaceFromSpec, type SpaceSpec } from '../core/analysis';
import type { ParetoAxis, SearchParams, SearchProgress, SearchResult } from '../shared/protocol';
import type { TgnasSettings } from '../shared/settings';
import { embeddingCacheBytes, proxyConfig } from './open-proxy';
import { RequestError } from './requests';
import type { SearchHost } from './search-host';
import type { SearchJob } from './search-worker';

/**
 * The Pareto axis and latency device of a search. Latency is modelled for NB201 cells on a named
 * device only (core/latency.ts, as `tgnas search --pareto latency --device D`): a request that asks for
 * it elsewhere is refused with the reason; the setting's default is dropped instead (log line), so a
 * latency default never blocks searches of other spaces.
 */
export function paretoOf(
  p: SearchParams, spec: SpaceSpec, settings: TgnasSettings, log: (m: string) => void = () => undefined,
): { pareto?: ParetoAxis; device?: string } {
  const asked = p.pareto !== undefined;
  const axis = p.pareto ?? settings.search.paretoAxis;
  const device = p.device ?? (settings.search.device || undefined);
  const nb201 = () => spaceFromSpec(spec).topology === 'nb201';
  if (axis === 'latency') {
    const why = !device ? 'a latency front needs a device (tgnas.search.device)' : !nb201() ? 'latency is modelled for NB201 cells only' : undefined;
    if (why) {
      if (asked) throw new RequestError(why);
      log(`[search] tgnas.search.paretoAxis 'latency' not applied: ${why}`);
      return {};
    }
  }
  // A device also reports each result's latency, where the space's cells have a latency model.
  const withDevice = device && (axis === 'latency' || nb201()) ? { device } : {};
  return { ...(axis !== 'none' ? { pareto: axis } : {}), ...withDevice };
}

/** The job for checked parameters, a resolved space and the current settings. */
export function searchJob(
  p: SearchParams, space: { spec: SpaceSpec; name: string }, settings: TgnasSettings, trusted: boolean, log?: (m: string) => void,
): SearchJob {
  const s = settings.search;
  // The request's limit replaces the setting's (0 = no limit in both); the worker's searchSpace then
  // merges the result with the space block's own limits (mergeLimits: the tighter wins).
  const maxParamsM = (p.maxParamsM ?? settings.limits.maxParamsM) || undefined;
  const maxFlopsM = (p.maxFlopsM ?? settings.limits.maxFlopsM) || undefined;
  return {
    id: p.searchId || `search-${Date.now()}`, spec: space.spec, spaceName: space.name,
    proxy: proxyConfig(settings, trusted), embeddingCacheBytes: embeddingCacheBytes(settings),
    seed: p.seed ?? s.seed, top: p.top ?? s.top, population: p.population ?? s.population, generations: p.generations ?? s.generations,
    limits: { ...(maxParamsM ? { maxParamsM } : {}), ...(maxFlopsM ? { maxFlopsM } : {}) },
    ...paretoOf(p, space.spec, settings, log),
  };
}

export interface SearchDeps {
  host: SearchHost;
  resolveSpace(name: string, uri?: string): { spec: SpaceSpec; name: string };
  settings(): TgnasSettings;
  trusted(): boolean;
  progress(p: SearchProgress): void;
  log(message: string): void;
}

/** Runs one search in the worker; the request's cancellation stops it (within 200 ms, see SearchHost). */
export async function runSearch(p: SearchParams, token: CancellationToken, d: SearchDeps): Promise<SearchResult> {
  const job = searchJob(p, d.resolveSpace(p.space, p.uri), d.settings(), d.trusted(), d.log);
  d.log(`[search] ${job.id}: ${job.spaceName} (${spaceFingerprint(job.spec).slice(0, 80)})${job.pareto ? `, Pareto front against ${job.pareto}` : ''}`);
  const result = await d.host.run(job, d.progress, (listener) => {
    if (token.isCancellationRequested) listener();
    else token.onCancellationRequested(listener);
  });
  d.log(`[search] ${job.id}: ${result.cancelled ? 'cancelled' : `${result.results.length} cells, ${result.evaluations} evaluations in ${result.seconds.toFixed(2)} s`}`);
  return result;
}
