/**
 * Where the server (and its search worker) get a Proxy: the trained model through core/proxy's
 * `loadProxy`, falling back to the structural baseline (core/proxy/baseline.ts) only when no
 * trained model can be loaded. Also what the settings say to load (`proxyConfig`).
 */
import type { EncoderConfig } from '../core/encoder/types';
import { BaselineProxy, loadProxy } from '../core/proxy';
import type { Proxy } from '../core/proxy/types';
import type { TgnasSettings } from '../shared/settings';

/** What the proxy loads: a model (name under models/ or a folder; undefined = shipped default) and an encoder. */
export interface ProxyConfig {
  model?: string;
  encoder?: EncoderConfig;
}

export interface OpenedProxy {
  proxy: Proxy;
  kind: 'model' | 'baseline';
}

/** The configured model, else the baseline (logged: the hover and status item say so too). */
export async function openProxy(options: ProxyConfig & { log: (message: string) => void }): Promise<OpenedProxy> {
  try {
    return { proxy: await loadProxy({ model: options.model, encoder: options.encoder, log: options.log }), kind: 'model' };
  } catch (e) {
    // No trained model on disk (or it failed to load): keep the editor useful, and say so everywhere.
    options.log(`[scoring] ${e instanceof Error ? e.message : e}; using the structural baseline`);
    return { proxy: new BaselineProxy(options.encoder, options.log), kind: 'baseline' };
  }
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
