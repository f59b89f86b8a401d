/**
 * `tgnas/search` from checked parameters to a worker job. The one place search parameters are
 * defaulted: what the request leaves out comes from the tgnas.search.* and tgnas.limits.* settings
 * (the client sends only what its caller chose), so every editor gets the same searches.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { spaceFingerprint, type SpaceSpec } from '../core/analysis';
import type { SearchParams, SearchProgress, SearchResult } from '../shared/protocol';
import type { TgnasSettings } from '../shared/settings';
import { embeddingCacheBytes, proxyConfig } from './open-proxy';
import type { SearchHost } from './search-host';
import type { SearchJob } from './search-worker';

/** The job for checked parameters, a resolved space and the current settings. */
export function searchJob(p: SearchParams, space: { spec: SpaceSpec; name: string }, settings: TgnasSettings, trusted: boolean): SearchJob {
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
  const job = searchJob(p, d.resolveSpace(p.space, p.uri), d.settings(), d.trusted());
  d.log(`[search] ${job.id}: ${job.spaceName} (${spaceFingerprint(job.spec).slice(0, 80)})`);
  const result = await d.host.run(job, d.progress, (listener) => {
    if (token.isCancellationRequested) listener();
    else token.onCancellationRequested(listener);
  });
  d.log(`[search] ${job.id}: ${result.cancelled ? 'cancelled' : `${result.results.length} cells, ${result.evaluations} evaluations in ${result.seconds.toFixed(2)} s`}`);
  return result;
}
