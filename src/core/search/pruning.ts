/**
 * Pruning search (TG-NAS Algorithm 1, after TE-NAS): start from the supernet with every
 * operator on every edge and repeatedly remove, on each edge, the operator whose removal
 * lowers the predicted score least, until one operator per edge remains; DARTS cells then
 * keep the two incoming edges per node whose removal would cost most.
 *
 * The GCN scores single-path cells only, so a supernet state is scored by the mean
 * predicted score of K single-path cells sampled from it. Every candidate removal is
 * estimated with the same K random draws (common random numbers), so the differences
 * between candidates are not drowned by sampling noise.
 *
 * The reference code sorted its candidate list by the (cell, edge, op) key instead of by
 * the score delta, pruning the lowest-index operator whatever the GCN said; here the
 * candidates are ranked by their delta alone (ties broken by operator name, for determinism).
 */
import type { EdgeSlot, SearchSpace } from '../spaces/space';
import type { Cell, Rng } from '../types';
import type { Evaluator } from './evaluator';
import { mapChunked } from './types';

/** Remaining operators per edge slot, and for DARTS which edges are still candidates. */
export interface SupernetState {
  ops: string[][];
  active: boolean[];
}

/** One edge-slot group whose destination node keeps exactly `keep` incoming edges (DARTS: 2). */
interface Group {
  slots: number[];
  keep: number;
}

export interface PruningReport<C extends Cell> {
  cell: C;
  rounds: number;
}

export class Supernet<C extends Cell> {
  readonly slots: EdgeSlot[];
  private readonly groups: Group[];

  constructor(private readonly space: SearchSpace<C>) {
    if (!space.edges || !space.cellFromEdges) throw new Error(`space '${space.id}' has no edge slots to prune`);
    this.slots = space.edges();
    const byNode = new Map<string, number[]>();
    if (space.topology === 'darts') {
      for (const s of this.slots) {
        const k = `${s.cellType}:${s.to}`;
        byNode.set(k, [...(byNode.get(k) ?? []), s.index]);
      }
    }
    this.groups = [...byNode.values()].map((slots) => ({ slots, keep: 2 }));
  }

  /** DARTS edges are chosen per node, so 'none' is never an operator choice there. */
  initial(): SupernetState {
    const dropNone = this.groups.length > 0;
    return {
      ops: this.slots.map((s) => s.ops.filter((o) => !(dropNone && o === 'none'))),
      active: this.slots.map(() => true),
    };
  }

  /** Draws for K samples: per sample and slot, one uniform for the op and one priority for edge choice. */
  draws(k: number, rng: Rng): Float64Array[] {
    return Array.from({ length: k }, () => {
      const d = new Float64Array(this.slots.length * 2);
      for (let i = 0; i < d.length; i++) d[i] = rng.next();
      return d;
    });
  }

  /** The single-path cell a draw picks from a state. */
  sample(state: SupernetState, draw: Float64Array): C {
    const choice = state.ops.map((ops, i) => ops[Math.min(ops.length - 1, Math.floor(draw[2 * i] * ops.length))]);
    for (const g of this.groups) {
      const candidates = g.slots.filter((i) => state.active[i]).sort((a, b) => draw[2 * a + 1] - draw[2 * b + 1]);
      const kept = new Set(candidates.slice(0, g.keep));
      for (const i of g.slots) if (!kept.has(i)) choice[i] = 'none';
    }
    return this.space.cellFromEdges!(choice);
  }

  isSinglePath(state: SupernetState): boolean {
    return (
      state.ops.every((o) => o.length === 1) &&
      this.groups.every((g) => g.slots.filter((i) => state.active[i]).length <= g.keep)
    );
  }

  final(state: SupernetState): C {
    const draw = new Float64Array(this.slots.length * 2);
    return this.sample(state, draw);
  }

  get edgeGroups(): readonly Group[] {
    return this.groups;
  }
}

/** How many operators to remove from an edge holding n in one round (DARTS 7 -> 4 -> 2 -> 1 as in the reference; NB201 one at a time). */
export type RemovalSchedule = (remaining: number) => number;

export const oneAtATime: RemovalSchedule = () => 1;
export const halving: RemovalSchedule = (n) => Math.max(1, Math.ceil((n - 1) / 2));

export async function prune<C extends Cell>(
  space: SearchSpace<C>,
  evaluator: Evaluator<C>,
  rng: Rng,
  samples: number,
  schedule: RemovalSchedule,
  onRound?: (round: number, totalRounds: number) => void,
  signal?: AbortSignal,
): Promise<PruningReport<C>> {
  const net = new Supernet(space);
  const state = net.initial();
  const maxOps = Math.max(...state.ops.map((o) => o.length));
  const totalRounds = estimateRounds(maxOps, schedule) + (net.edgeGroups.length ? 3 : 0);
  let round = 0;

  const meanScore = async (states: SupernetState[], draws: Float64Array[]): Promise<number[]> => {
    const pairs = states.flatMap((s) => draws.map((d) => [s, d] as const));
    const cells = await mapChunked(pairs, ([s, d]) => net.sample(s, d), signal);
    const scored = await evaluator.score(cells);
    return states.map((_, i) => {
      let sum = 0;
      for (let j = 0; j < draws.length; j++) sum += scored[i * draws.length + j].score;
      return sum / draws.length;
    });
  };

  // Phase 1: operators, per edge.
  while (state.ops.some((o) => o.length > 1)) {
    round++;
    const draws = net.draws(samples, rng);
    const candidates: Array<{ slot: number; op: string; state: SupernetState }> = [];
    state.ops.forEach((ops, slot) => {
      if (ops.length <= 1) return;
      for (const op of ops) {
        const next = { ops: state.ops.slice(), active: state.active };
        next.ops[slot] = ops.filter((o) => o !== op);
        candidates.push({ slot, op, state: next });
      }
    });
    const [base, ...without] = await meanScore([state, ...candidates.map((c) => c.state)], draws);
    const deltas = candidates.map((c, i) => ({ ...c, delta: base - without[i] }));
    const removals = new Map<number, string[]>();
    for (let slot = 0; slot < state.ops.length; slot++) {
      const here = deltas.filter((d) => d.slot === slot).sort(byDelta);
      if (here.length === 0) continue;
      removals.set(slot, here.slice(0, Math.min(schedule(state.ops[slot].length), state.ops[slot].length - 1)).map((d) => d.op));
    }
    for (const [slot, ops] of removals) state.ops[slot] = state.ops[slot].filter((o) => !ops.includes(o));
    onRound?.(round, totalRounds);
  }

  // Phase 2 (DARTS): edges, per node, until each node keeps two.
  while (!net.isSinglePath(state)) {
    round++;
    const draws = net.draws(samples, rng);
    const candidates: Array<{ group: number; slot: number; state: SupernetState }> = [];
    net.edgeGroups.forEach((g, gi) => {
      const live = g.slots.filter((i) => state.active[i]);
      if (live.length <= g.keep) return;
      for (const slot of live) {
        const active = state.active.slice();
        active[slot] = false;
        candidates.push({ group: gi, slot, state: { ops: state.ops, active } });
      }
    });
    const [base, ...without] = await meanScore([state, ...candidates.map((c) => c.state)], draws);
    net.edgeGroups.forEach((_, gi) => {
      const here = candidates
        .map((c, i) => ({ ...c, op: String(c.slot), delta: base - without[i] }))
        .filter((c) => c.group === gi)
        .sort(byDelta);
      if (here.length) state.active[here[0].slot] = false;
    });
    onRound?.(round, totalRounds);
  }
  return { cell: net.final(state), rounds: round };
}

function byDelta(a: { delta: number; op: string }, b: { delta: number; op: string }): number {
  return a.delta - b.delta || (a.op < b.op ? -1 : a.op > b.op ? 1 : 0);
}

function estimateRounds(n: number, schedule: RemovalSchedule): number {
  let rounds = 0;
  while (n > 1) {
    n -= Math.min(schedule(n), n - 1);
    rounds++;
  }
  return rounds;
}
