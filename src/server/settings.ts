/**
 * Typed `tgnas.*` settings on the server side: pulled with workspace/configuration when the client
 * supports it, else taken from initializationOptions, else defaults (other editors over --stdio).
 * One normaliser, so a malformed value never reaches the features.
 */
import type { EncoderConfig } from '../core/encoder/types';
import { SEARCH_BOUNDS } from '../core/search/limits';
import { DEFAULT_SETTINGS, type TgnasSettings } from '../shared/protocol';
import type { ProxyConfig } from './scores';

export function normalizeSettings(raw: unknown): TgnasSettings {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped client JSON; every leaf is checked below
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>;
  const num = (v: unknown, d: number, min = 0) => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d);
  const int = (v: unknown, d: number, min: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? v : d);
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v.trim() : d);
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const D = DEFAULT_SETTINGS;
  return {
    model: str(r.model, D.model),
    encoder: {
      kind: r.encoder?.kind === 'transformers' ? 'transformers' : 'use-lite',
      model: str(r.encoder?.model, D.encoder.model),
      modelFolder: str(r.encoder?.modelFolder, D.encoder.modelFolder),
    },
    inlayHints: { enabled: bool(r.inlayHints?.enabled, D.inlayHints.enabled) },
    scanOtherFiles: bool(r.scanOtherFiles, D.scanOtherFiles),
    search: {
      // Out of bounds (package.json minimum = SEARCH_BOUNDS, as for the CLI flags): the default.
      population: int(r.search?.population, D.search.population, SEARCH_BOUNDS.population),
      generations: int(r.search?.generations, D.search.generations, SEARCH_BOUNDS.generations),
      top: int(r.search?.top, D.search.top, SEARCH_BOUNDS.top),
      seed: int(r.search?.seed, D.search.seed, SEARCH_BOUNDS.seed),
    },
    // 0 = no limit; a negative value is no limit either.
    limits: { maxParamsM: num(r.limits?.maxParamsM, 0), maxFlopsM: num(r.limits?.maxFlopsM, 0) },
    // 0 = no disk cache; a negative or non-number value: the default.
    embeddingCache: { maxSizeMB: num(r.embeddingCache?.maxSizeMB, D.embeddingCache.maxSizeMB) },
  };
}

/**
 * What the proxy loads. Untrusted workspaces get only the shipped model and encoder: a workspace's
 * settings must not make the server read arbitrary model files.
 */
export function proxyConfig(s: TgnasSettings, trusted: boolean): ProxyConfig {
  if (!trusted) return {};
  let encoder: EncoderConfig | undefined;
  if (s.encoder.kind === 'transformers' && s.encoder.model) {
    encoder = { kind: 'transformers', model: s.encoder.model, ...(s.encoder.modelFolder ? { localModelPath: s.encoder.modelFolder } : {}) };
  } else if (s.encoder.kind === 'use-lite' && s.encoder.modelFolder) {
    encoder = { kind: 'use-lite', dir: s.encoder.modelFolder };
  }
  return { ...(s.model ? { model: s.model } : {}), ...(encoder ? { encoder } : {}) };
}

/** The embedding cache's size limit in bytes for configureEmbeddingCache. */
export function embeddingCacheBytes(s: TgnasSettings): number {
  return Math.floor(s.embeddingCache.maxSizeMB * 1024 * 1024);
}
