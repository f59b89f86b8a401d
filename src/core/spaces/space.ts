/**
 * The contract every search space fulfils: membership, canonical form, conversion to the GCN's
 * operator-as-node DAG, enumeration/sampling/mutation for searches, and network cost.
 */
import type { Cell, CellCost, CellKind, OpGraph, Operator, Rng } from '../types';
import type { FlopsConvention, OpCostHint } from './cost';
import type { OpDescriptor } from '../descriptors/operator';

/**
 * Cell topology family a space is built on ('graph' = any DAG, scored as given). The last two are
 * whole-network benchmark spaces with a cell kind of their own; custom spaces use the first four.
 */
export type Topology = 'nb201' | 'darts' | 'nb101' | 'graph' | 'tnb101-macro' | 'nbmr';

/**
 * One candidate edge of a cell for pruning searches ("every op on every edge"): the search keeps a
 * subset of `ops` per slot and finally turns one op per slot back into a cell with `cellFromEdges`.
 */
export interface EdgeSlot {
  /** Index into the array `cellFromEdges` takes. */
  index: number;
  /** DARTS: which cell type the edge belongs to; NB201-style spaces have a single 'cell'. */
  cellType: 'cell' | 'normal' | 'reduce';
  /** Source and destination node of the edge in the cell's own node numbering. */
  from: number;
  to: number;
  /** Operators allowed on the slot, 'none' included where the space has it. */
  ops: string[];
}

/** A described operator of a custom space, optionally with a cost hint for network params/FLOPs. */
export interface SpaceOperator extends Operator {
  cost?: OpCostHint;
  /** Cost descriptor values the author declared (`.arch` cost clause); the rest is estimated from the sentence. */
  descriptor?: Partial<OpDescriptor>;
}

export interface SearchSpace<C extends Cell = Cell> {
  readonly id: string;
  readonly label: string;
  readonly topology: Topology;
  /** Kind of the cells this space holds. */
  readonly cellKind: CellKind;
  /** Searchable operators with their description sentences (input/output excluded). */
  readonly operators: readonly SpaceOperator[];
  readonly inputOperator: Operator;
  readonly outputOperator: Operator;
  /** Number of cells; undefined when unbounded or not worth computing. */
  readonly size: number | bigint | undefined;
  /** Optional limits declared for the space (custom spaces); searches should respect them. */
  readonly limits?: { maxParamsM?: number; maxFlopsM?: number };

  /** Any operator of the space by name, input and output included. */
  operator(name: string): Operator | undefined;
  /** Membership problems (empty = the cell belongs to the space). */
  validate(cell: Cell): string[];
  /** Representative of the cell's equivalence class (isomorphic / order-insensitive variants). */
  canonical(cell: C): C;
  /** String equal for equivalent cells: de-duplicates shortlists. */
  key(cell: C): string;
  /** Operator-as-node DAGs the GCN reads (tgnas-method.md §2); DARTS gives normal and reduce. */
  toGraphs(cell: C): OpGraph[];
  /** All cells in the space's reference order, where finite and enumerable. */
  enumerate?(): Iterable<C>;
  /** Uniformly random member. */
  sample(rng: Rng): C;
  /** Every cell one op change or one edge change away (valid members only, distinct, excluding the cell). */
  neighbours(cell: C): C[];
  /** One random neighbour. */
  mutate(cell: C, rng: Rng): C;
  /**
   * The cell with operators that cannot reach the output (dead branches) removed, where the space
   * can have them (NB201 cells): its cost is the network's effective size, the proxy's size input.
   */
  effective?(cell: C): C;
  /**
   * FLOPs convention `cost` counts in when none is given: the one the space's benchmark or papers quote
   * (NB201: 'mult-adds', the NB201 API's figure; the others: 'naslib'). What users are shown, and what
   * search limits compare against. See `FlopsConvention` in cost.ts.
   */
  readonly flopsConvention: FlopsConvention;
  /**
   * Params/FLOPs of the full network, FLOPs in `flops` (default: the space's `flopsConvention`);
   * undefined when an operator has no cost model. The proxy's size inputs come from `proxyCost`.
   */
  cost(cell: C, dataset?: string, flops?: FlopsConvention): CellCost | undefined;
  /** Edge slots for pruning searches; absent where the space is not edge-labelled (NB101, graph). */
  edges?(): EdgeSlot[];
  /** Cell from one op per edge slot (inverse of `edges`). Throws on choices that make no member. */
  cellFromEdges?(ops: string[]): C;
}

/**
 * FLOPs convention of the trained models' size inputs: their z-scores (calibration.json) and training
 * data use NASLib's count (the shared csv's flops columns). Fixed by the models, not by what is shown:
 * changing it needs retrained models.
 */
export const PROXY_FLOPS: FlopsConvention = 'naslib';

/**
 * Params/FLOPs as the proxy reads them for its size inputs: the effective cell (dead branches pruned,
 * where the space can have them) on the default dataset, FLOPs in `PROXY_FLOPS`.
 */
export function proxyCost<C extends Cell>(space: SearchSpace<C>, cell: C): CellCost | undefined {
  return space.cost(space.effective ? space.effective(cell) : cell, undefined, PROXY_FLOPS);
}

/**
 * Params/FLOPs as `space.cost` gives them, or undefined where the space has no cost model for the cell or
 * its cost model refuses it (an operator without a cost, an unknown dataset): never throws. For callers
 * that show or compare costs and must go on without one (CLI records, search fronts, improve, the server).
 */
export function tryCost<C extends Cell>(space: SearchSpace<C>, cell: C, dataset?: string, flops?: FlopsConvention): CellCost | undefined {
  try {
    return space.cost(cell, dataset, flops);
  } catch {
    return undefined;
  }
}

/** Shared helpers for implementations. */
export function describeOps(ops: readonly Operator[]): string {
  return ops.map((o) => o.name).join(', ');
}

export function pickNeighbour<C extends Cell>(space: SearchSpace<C>, cell: C, rng: Rng): C {
  const n = space.neighbours(cell);
  if (n.length === 0) return cell;
  return n[rng.int(n.length)];
}
