/**
 * Search limits and parameter bounds, one rule for every caller (CLI, language server, search
 * worker, benchmarks, tests): a limit that is set anywhere holds, and where two sources set the
 * same limit the tighter one wins. A space's declared limits (`max_params`, `max_flops`) can
 * therefore be tightened by flags or settings, never loosened.
 */
import type { SearchLimits } from './types';

const KEYS = ['maxParamsM', 'maxFlopsM', 'maxLatencyMs'] as const;

/** The tighter (smaller) of each limit over all sources; undefined entries and absent sources set nothing. */
export function mergeLimits(...sources: Array<Readonly<SearchLimits> | undefined>): SearchLimits {
  const out: SearchLimits = {};
  for (const s of sources) {
    if (!s) continue;
    for (const k of KEYS) {
      const v = s[k];
      if (v === undefined) continue;
      out[k] = out[k] === undefined ? v : Math.min(out[k]!, v);
    }
  }
  return out;
}

/**
 * Smallest accepted value of each numeric search parameter; the CLI flags, the server's request
 * validation and the `tgnas.search.*` settings (package.json `minimum`) all use these.
 * Limits (params, FLOPs, latency) must be > 0 where given: the CLI omits a flag for "no limit",
 * the settings and `tgnas/search` write 0 for it.
 */
export const SEARCH_BOUNDS = { top: 1, population: 4, generations: 1, seed: 0 } as const;
