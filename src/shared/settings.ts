/**
 * The `tgnas.*` settings and their one normaliser, used on both sides: the extension reads
 * `workspace.getConfiguration().get('tgnas')`, the server pulls the same section with
 * workspace/configuration (or takes initializationOptions from editors that cannot be asked).
 * Both hand the raw value to `normalizeSettings`, so a malformed value never reaches a feature and
 * both sides agree on what a setting means. Defaults and minimums mirror package.json's
 * `contributes.configuration` (a unit test holds them together). No runtime imports.
 */

/** The configuration section: every setting id starts with `tgnas.`. */
export const SETTINGS_SECTION = 'tgnas';

/** `tgnas.search.paretoAxis` values (protocol.ts PARETO_CHOICES, restated: this file has no imports but types). */
const PARETO = ['none', 'params', 'flops', 'latency'] as const;
/** `tgnas.search.device` values besides '' (protocol.ts LATENCY_DEVICE_IDS; a unit test holds them equal). */
const DEVICES = ['edgegpu', 'raspi4', 'edgetpu', 'pixel3', 'eyeriss', 'fpga'] as const;

export interface TgnasSettings {
  /** Model name under models/ or a folder path; '' = the shipped default. */
  model: string;
  encoder: {
    kind: 'use-lite' | 'transformers';
    /** transformers: model name or folder; its parent is the local model folder. */
    model: string;
    modelFolder: string;
  };
  inlayHints: { enabled: boolean };
  scanOtherFiles: boolean;
  search: {
    population: number; generations: number; top: number; seed: number;
    /** Pareto front returned beside the shortlist: predicted accuracy against this axis ('none': no front). */
    paretoAxis: (typeof PARETO)[number];
    /** NB201 latency model for the 'latency' axis ('' = none chosen: latency fronts are refused). */
    device: '' | (typeof DEVICES)[number];
  };
  /** Network budget applied to searches on top of a space's own limits (0 = none). */
  limits: { maxParamsM: number; maxFlopsM: number };
  /** Disk cache of operator-sentence embeddings: size limit per encoder in MB (0 = no disk cache). */
  embeddingCache: { maxSizeMB: number };
}

export const DEFAULT_SETTINGS: TgnasSettings = {
  model: '',
  encoder: { kind: 'use-lite', model: '', modelFolder: '' },
  inlayHints: { enabled: true },
  scanOtherFiles: true,
  search: { population: 64, generations: 40, top: 10, seed: 0, paretoAxis: 'none', device: '' },
  limits: { maxParamsM: 0, maxFlopsM: 0 },
  embeddingCache: { maxSizeMB: 16 },
};

/**
 * Smallest accepted search settings: package.json's `minimum`s, equal to core/search's SEARCH_BOUNDS
 * (which this layer may not import; the unit test compares the three).
 */
export const SEARCH_SETTING_MINIMUMS: Readonly<Pick<TgnasSettings['search'], 'population' | 'generations' | 'top' | 'seed'>> = { population: 4, generations: 1, top: 1, seed: 0 };

/** Settings that take effect only after a server restart (the client's document selector is fixed at start). */
export const REQUIRES_RESTART = ['tgnas.scanOtherFiles', 'tgnas.trace.server'] as const;

/**
 * Typed settings from untyped JSON (the `tgnas` section as an object). Every leaf is checked: a
 * missing, mistyped or out-of-bounds value falls back to its default, strings are trimmed.
 */
export function normalizeSettings(raw: unknown): TgnasSettings {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped client JSON; every leaf is checked below
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>;
  const num = (v: unknown, d: number, min = 0) => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d);
  const int = (v: unknown, d: number, min: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? v : d);
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v.trim() : d);
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const oneOf = <T extends string>(v: unknown, values: readonly T[], d: T): T => (values.includes(v as T) ? (v as T) : d);
  const D = DEFAULT_SETTINGS;
  const M = SEARCH_SETTING_MINIMUMS;
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
      population: int(r.search?.population, D.search.population, M.population),
      generations: int(r.search?.generations, D.search.generations, M.generations),
      top: int(r.search?.top, D.search.top, M.top),
      seed: int(r.search?.seed, D.search.seed, M.seed),
      paretoAxis: oneOf(r.search?.paretoAxis, PARETO, D.search.paretoAxis),
      device: oneOf<TgnasSettings['search']['device']>(r.search?.device, ['', ...DEVICES], D.search.device),
    },
    // 0 = no limit; a negative value is no limit either.
    limits: { maxParamsM: num(r.limits?.maxParamsM, 0), maxFlopsM: num(r.limits?.maxFlopsM, 0) },
    // 0 = no disk cache; a negative or non-number value: the default.
    embeddingCache: { maxSizeMB: num(r.embeddingCache?.maxSizeMB, D.embeddingCache.maxSizeMB) },
  };
}
