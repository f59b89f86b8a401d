/**
 * ScoreService: the server's one Proxy (opened by ./open-proxy on first need) and the scores of
 * analysed cells, cached by space fingerprint + canonical key so an edit re-scores only the cells it
 * changed. Every caller awaits the same loading promise, so a hover during loading waits instead of
 * loading twice; its state feeds tgnas/status.
 */
import type { AnalyzedCell } from '../core/analysis';
import type { ArchScore, Proxy } from '../core/proxy/types';
import { tryCost, type SearchSpace } from '../core/spaces';
import type { CellCost } from '../core/types';
import type { ServerState, StatusResult } from '../shared/protocol';
import { openProxy, type ProxyConfig } from './open-proxy';
import type { SentenceGate } from './sentences';

export interface CancelToken {
  readonly isCancellationRequested: boolean;
}

const CACHE_LIMIT = 50_000;
/** Cells per proxy call: about 20-40 ms of scoring on a busy 2-core machine. */
const SCORE_BATCH = 256;

export class ScoreService {
  private proxy?: Promise<Proxy>;
  private ready?: Proxy;
  /** Bumped by every reconfigure: work begun under an older value belongs to a replaced proxy. */
  private generation = 0;
  private kind: StatusResult['scorer'] = 'none';
  private state: ServerState = 'starting';
  private error?: string;
  private loadMs?: number;
  private info?: Proxy['info'];
  private readonly scores = new Map<string, ArchScore>();
  private readonly costs = new Map<string, CellCost | null>();

  constructor(
    private config: ProxyConfig,
    private readonly log: (m: string) => void,
    private readonly onStatus: () => void,
    /** Holds back cells whose space has an operator sentence that is not final yet (see ./sentences). */
    readonly gate?: SentenceGate,
  ) {}

  /** The loaded proxy, without waiting (undefined while loading, after a failure or before the first use). */
  current(): Proxy | undefined {
    if (!this.ready) void this.load().catch(() => undefined);
    return this.ready;
  }

  /** The proxy, loading it on first call. Rejects when loading failed (status says why). */
  load(): Promise<Proxy> {
    if (!this.proxy) {
      this.state = 'loading';
      this.onStatus();
      const t0 = performance.now();
      const generation = this.generation;
      this.proxy = openProxy({ ...this.config, log: this.log }).then(
        ({ proxy, kind }) => {
          // A reconfigure while loading made this proxy stale (it is disposed there): it sets no state and is never handed out.
          if (generation !== this.generation) return proxy;
          this.kind = kind;
          this.info = proxy.info;
          this.ready = proxy;
          this.state = 'ready';
          this.loadMs = Math.round(performance.now() - t0);
          this.log(`[scores] ${proxy.info.model} ready in ${this.loadMs} ms (encoder ${proxy.info.encoder.id}, backend ${proxy.info.backend})`);
          this.onStatus();
          return proxy;
        },
        (e: unknown) => {
          if (generation !== this.generation) throw e;
          this.state = 'error';
          this.error = e instanceof Error ? e.message : String(e);
          this.log(`[scores] model failed to load: ${this.error}`);
          this.onStatus();
          throw e;
        },
      );
      // Callers handle the rejection; do not let the shared promise be reported as unhandled.
      this.proxy.catch(() => undefined);
    }
    return this.proxy;
  }

  /** New model or encoder: drop the proxy and every cached score. */
  reconfigure(config: ProxyConfig): void {
    if (JSON.stringify(config) === JSON.stringify(this.config)) return;
    this.config = config;
    const old = this.proxy;
    this.proxy = undefined;
    this.ready = undefined;
    this.generation++;
    this.kind = 'none';
    this.info = undefined;
    this.error = undefined;
    this.state = 'starting';
    this.scores.clear();
    void old?.then((p) => p.dispose(), () => undefined);
    this.onStatus();
  }

  status(): Pick<StatusResult, 'state' | 'scorer' | 'model' | 'modelPath' | 'encoder' | 'backend' | 'calibrated' | 'cachedScores' | 'loadMs' | 'error'> {
    return {
      state: this.state, scorer: this.kind, model: this.info?.model, modelPath: this.info?.modelPath || undefined,
      encoder: this.info?.encoder.id, backend: this.info?.backend, calibrated: this.info?.calibrated,
      cachedScores: this.scores.size, loadMs: this.loadMs, error: this.error,
    };
  }

  get modelName(): string {
    return this.info?.model ?? 'not loaded';
  }

  cached(c: Pick<AnalyzedCell, 'spaceFingerprint' | 'key'>): ArchScore | undefined {
    return this.scores.get(cacheKey(c));
  }

  /**
   * Scores in order; cache misses are batched per space. Undefined entries: cancelled, or held back by the
   * gate (an operator sentence of the cell's space is not final: scoring would embed and cache it).
   */
  async score(cells: readonly AnalyzedCell[], token?: CancelToken, options: { background?: boolean } = {}): Promise<Array<ArchScore | undefined>> {
    // A hover or hint waits for no document-wide warm-up: background work yields to it between batches.
    if (options.background) return this.scoreIn(cells, token, true);
    this.foreground++;
    try {
      return await this.scoreIn(cells, token, false);
    } finally {
      this.foreground--;
    }
  }

  /** Requests in flight that a user waits for (hover, hints, leaderboard rows). */
  private foreground = 0;

  private async scoreIn(cells: readonly AnalyzedCell[], token: CancelToken | undefined, background: boolean): Promise<Array<ArchScore | undefined>> {
    const out: Array<ArchScore | undefined> = cells.map((c) => this.cached(c));
    const missing = new Map<string, { space: SearchSpace; idx: number[]; keys: Set<string> }>();
    const allowed = new Map<SearchSpace, boolean>();
    const allows = (space: SearchSpace) => {
      if (!this.gate) return true;
      let ok = allowed.get(space);
      if (ok === undefined) allowed.set(space, (ok = this.gate.allows(space)));
      return ok;
    };
    cells.forEach((c, i) => {
      if (out[i] || !allows(c.space)) return;
      let group = missing.get(c.spaceFingerprint);
      if (!group) missing.set(c.spaceFingerprint, (group = { space: c.space, idx: [], keys: new Set() }));
      // Equal keys in one document are scored once.
      if (!group.keys.has(c.key)) {
        group.keys.add(c.key);
        group.idx.push(i);
      }
    });
    if (missing.size === 0) return out;
    // Scores of a proxy replaced meanwhile (a model change) must not land in the new model's cache.
    const generation = this.generation;
    const proxy = await this.load();
    if (generation !== this.generation) return cells.map((c) => this.cached(c));
    // Spaces the model knows every operator of first: a space with a new operator loads the encoder.
    const groups = [...missing.values()].sort((a, b) => Number(proxy.unseenOperators(a.space).length > 0) - Number(proxy.unseenOperators(b.space).length > 0));
    for (const { space, idx } of groups) {
      // Batches of SCORE_BATCH cells with a turn of the event loop between them: a document of thousands
      // of cells never holds the server's thread for long, and other requests are answered in between.
      for (let from = 0; from < idx.length; from += SCORE_BATCH) {
        if (token?.isCancellationRequested) return out;
        if (from > 0) await new Promise((resolve) => setImmediate(resolve));
        while (background && this.foreground > 0 && !token?.isCancellationRequested) await new Promise((resolve) => setTimeout(resolve, 2));
        const part = idx.slice(from, from + SCORE_BATCH);
        // The editor shows each space's default calibration (its first dataset); the target is named in the hover.
        const scores = await proxy.score(space, part.map((i) => cells[i].cell), { dataset: 'default' });
        if (generation !== this.generation) return cells.map((c) => this.cached(c));
        part.forEach((i, n) => this.put(cells[i], scores[n]));
      }
    }
    return cells.map((c) => this.cached(c));
  }

  /** Params/FLOPs of the full network (cached; undefined when an operator has no cost model). */
  cost(c: AnalyzedCell): CellCost | undefined {
    const k = cacheKey(c);
    let v = this.costs.get(k);
    if (v === undefined) {
      v = tryCost(c.space, c.cell) ?? null;
      if (this.costs.size >= CACHE_LIMIT) this.costs.clear();
      this.costs.set(k, v);
    }
    return v ?? undefined;
  }

  private put(c: AnalyzedCell, s: ArchScore): void {
    // A plain size cap: an editor session rarely sees 50k distinct cells; searches do not use this cache.
    if (this.scores.size >= CACHE_LIMIT) this.scores.clear();
    this.scores.set(cacheKey(c), s);
  }

  dispose(): void {
    void this.proxy?.then((p) => p.dispose(), () => undefined);
  }
}

const cacheKey = (c: Pick<AnalyzedCell, 'spaceFingerprint' | 'key'>) => `${c.spaceFingerprint}\u0000${c.key}`;
