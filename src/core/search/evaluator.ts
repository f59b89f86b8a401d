/**
 * Memoising front of the scorer: cells are keyed by their space's canonical key, so an
 * equivalent cell met twice costs one GCN evaluation, and every cell ever scored is kept
 * for the final shortlist. Big requests are cut into chunks so that a cancel request is
 * seen within one chunk's time.
 */
import { tryCost, type SearchSpace } from '../spaces/space';
import type { Cell, CellCost } from '../types';
import type { ParetoAxis, RankedCell, Scorer, SearchLimits } from './types';
import { mapChunked, throwIfCancelled } from './types';

const CHUNK = 1024;

export interface Scored<C extends Cell> {
  cell: C;
  key: string;
  score: number;
  feasible: boolean;
  cost?: CellCost;
  latencyMs?: number;
}

export class Evaluator<C extends Cell> {
  readonly seen = new Map<string, Scored<C>>();
  best = -Infinity;

  constructor(
    private readonly space: SearchSpace<C>,
    private readonly scorer: Scorer<C>,
    private readonly limits: SearchLimits,
    private readonly dataset: string | undefined,
    private readonly latency: ((cell: C) => number | undefined) | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {}

  get evaluations(): number {
    return this.seen.size;
  }

  /** Scores of the cells in order (raw GCN scores; feasibility is reported separately). */
  async score(cells: C[]): Promise<Scored<C>[]> {
    const out: Scored<C>[] = new Array(cells.length);
    const pending = new Map<string, number[]>();
    const fresh: C[] = [];
    const freshKeys: string[] = [];
    const keys = await mapChunked(cells, (cell) => this.space.key(cell), this.signal);
    cells.forEach((cell, i) => {
      const key = keys[i];
      const hit = this.seen.get(key);
      if (hit) {
        out[i] = hit;
        return;
      }
      const waiting = pending.get(key);
      if (waiting) waiting.push(i);
      else {
        pending.set(key, [i]);
        fresh.push(cell);
        freshKeys.push(key);
      }
    });
    for (let start = 0; start < fresh.length; start += CHUNK) {
      throwIfCancelled(this.signal);
      const batch = fresh.slice(start, start + CHUNK);
      const scores = await this.scorer(batch);
      batch.forEach((cell, j) => {
        const key = freshKeys[start + j];
        const entry = this.describe(cell, key, scores[j]);
        this.seen.set(key, entry);
        if (entry.feasible && entry.score > this.best) this.best = entry.score;
        for (const i of pending.get(key) ?? []) out[i] = entry;
      });
    }
    throwIfCancelled(this.signal);
    return out;
  }

  private describe(cell: C, key: string, score: number): Scored<C> {
    const { maxParamsM, maxFlopsM, maxLatencyMs } = this.limits;
    // Costs of full DARTS networks are not free: computed here only when a limit needs them,
    // otherwise for the shortlist alone.
    const cost = maxParamsM !== undefined || maxFlopsM !== undefined ? this.space.cost(cell, this.dataset) : undefined;
    const latencyMs = maxLatencyMs !== undefined ? this.latency?.(cell) : undefined;
    let feasible = Number.isFinite(score);
    if (maxParamsM !== undefined) feasible &&= cost !== undefined && cost.params_M <= maxParamsM;
    if (maxFlopsM !== undefined) feasible &&= cost !== undefined && cost.flops_M <= maxFlopsM;
    if (maxLatencyMs !== undefined) feasible &&= latencyMs !== undefined && latencyMs <= maxLatencyMs;
    return { cell, key, score, feasible, cost, latencyMs };
  }

  /**
   * The Pareto front of the feasible cells seen: no other cell scores at least as high for at most
   * the same cost on `axis`. Cheapest first. Costs are computed here for cells that have none yet
   * (one cost model call per cell seen; cells without a cost model or latency are left out).
   */
  front(axis: ParetoAxis): Array<RankedCell<C> & { objective: number }> {
    const points: Array<{ s: Scored<C>; cost?: CellCost; latencyMs?: number; objective: number }> = [];
    for (const s of this.seen.values()) {
      if (!s.feasible) continue;
      const cost = axis === 'latency' ? s.cost : (s.cost ?? tryCost(this.space, s.cell, this.dataset));
      const latencyMs = axis === 'latency' ? (s.latencyMs ?? this.latency?.(s.cell)) : s.latencyMs;
      const objective = axis === 'params' ? cost?.params_M : axis === 'flops' ? cost?.flops_M : latencyMs;
      if (objective === undefined || !Number.isFinite(objective)) continue;
      points.push({ s, cost, latencyMs, objective });
    }
    // Sweep by cost (ties: best score first); a point is on the front when it beats every cheaper one.
    points.sort((a, b) => a.objective - b.objective || b.s.score - a.s.score);
    const front: typeof points = [];
    for (const p of points) if (front.length === 0 || p.s.score > front[front.length - 1].s.score) front.push(p);
    return front.map((p, i) => ({
      rank: i + 1, cell: p.s.cell, key: p.s.key, score: p.s.score, objective: p.objective,
      cost: p.cost ?? tryCost(this.space, p.s.cell, this.dataset), latencyMs: p.latencyMs ?? this.latency?.(p.s.cell),
    }));
  }

  /** The best `k` feasible distinct cells seen, best first. */
  shortlist(k: number): RankedCell<C>[] {
    return [...this.seen.values()]
      .filter((s) => s.feasible)
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
      .slice(0, k)
      .map((s, i) => ({
        rank: i + 1,
        cell: s.cell,
        key: s.key,
        score: s.score,
        cost: s.cost ?? this.space.cost(s.cell, this.dataset),
        latencyMs: s.latencyMs ?? this.latency?.(s.cell),
      }));
  }
}
