/**
 * Typed `tgnas.*` settings on the client side (rust-analyzer's Config, vscode-eslint's normalisers).
 * The server pulls the same section itself; the client reads it for commands and at start.
 */
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type TgnasSettings } from '../shared/protocol';

export const SECTION = 'tgnas';

export function readSettings(scope?: vscode.ConfigurationScope): TgnasSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const D = DEFAULT_SETTINGS;
  return {
    model: c.get<string>('model', D.model),
    encoder: {
      kind: c.get<'use-lite' | 'transformers'>('encoder.kind', D.encoder.kind),
      model: c.get<string>('encoder.model', D.encoder.model),
      modelFolder: c.get<string>('encoder.modelFolder', D.encoder.modelFolder),
    },
    inlayHints: { enabled: c.get<boolean>('inlayHints.enabled', D.inlayHints.enabled) },
    scanOtherFiles: c.get<boolean>('scanOtherFiles', D.scanOtherFiles),
    search: {
      population: c.get<number>('search.population', D.search.population),
      generations: c.get<number>('search.generations', D.search.generations),
      top: c.get<number>('search.top', D.search.top),
      seed: c.get<number>('search.seed', D.search.seed),
    },
    limits: { maxParamsM: c.get<number>('limits.maxParamsM', 0), maxFlopsM: c.get<number>('limits.maxFlopsM', 0) },
    embeddingCache: { maxSizeMB: c.get<number>('embeddingCache.maxSizeMB', D.embeddingCache.maxSizeMB) },
  };
}

/** Settings that only take effect after a server restart (the document selector is fixed at start). */
export const REQUIRES_RESTART = ['tgnas.scanOtherFiles', 'tgnas.trace.server'];
