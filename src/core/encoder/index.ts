/**
 * Operator encoders: description sentence -> vector. `createEncoder` is the entry point;
 * the default USE-lite encoder runs offline on the project's tfjs, the transformers
 * encoder is optional and reads a local model folder.
 */
import { CachedEncoder, defaultCacheDir } from './cache';
import { TransformersEncoder } from './transformers';
import type { EncoderConfig, Logger, OperatorEncoder } from './types';
import { UseLiteEncoder, locateUseLite } from './use-lite';
import { join } from 'node:path';

export * from './types';
export * from './table';
export {
  CachedEncoder, clearEmbeddingCache, configureEmbeddingCache, DEFAULT_CACHE_MAX_MB, defaultCacheDir, embeddingCacheFile, embeddingCacheLimit,
  readCacheFile, type CacheStats,
} from './cache';
export { UseLiteEncoder, locateUseLite, USE_LITE_ID, USE_LITE_DIMENSION, type UseLiteFiles } from './use-lite';
export { TransformersEncoder, importTransformers, TRANSFORMERS_PACKAGE } from './transformers';
export { measureEncoder, type EncoderTimings } from './measure';
export { hashFiles } from './hash';

export interface CreateEncoderOptions {
  /** Disk cache folder; null for memory only; default $TGNAS_CACHE or ~/.cache/tgnas. */
  cacheDir?: string | null;
  /** false: return the bare encoder (benchmarks). Default true. */
  cache?: boolean;
  log?: Logger;
}

export async function createEncoder(config: EncoderConfig, options: CreateEncoderOptions = {}): Promise<OperatorEncoder> {
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  let encoder: OperatorEncoder;
  switch (config.kind) {
    case 'use-lite':
      encoder = new UseLiteEncoder(locateUseLite(config.dir), options.log);
      break;
    case 'transformers':
      encoder = await TransformersEncoder.open({
        model: config.model,
        localModelPath: config.localModelPath,
        allowRemote: config.allowRemote,
        dtype: config.dtype,
        downloadDir: join(cacheDir ?? defaultCacheDir(), 'transformers'),
        log: options.log,
      });
      break;
    default:
      throw new Error(`unknown encoder kind '${(config as { kind: string }).kind}' (expected 'use-lite' or 'transformers')`);
  }
  return options.cache === false ? encoder : new CachedEncoder(encoder, cacheDir, options.log);
}
