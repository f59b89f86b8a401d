/**
 * Search-space registry. Built-in spaces are singletons; custom spaces (from `.arch` files) are made
 * per document with createCustomSpace and are not registered globally, so documents do not leak
 * declarations into each other.
 */
import type { CellKind } from '../types';
import { dartsSpace } from './darts';
import { graphSpace } from './graph';
import { nb101Space } from './nb101';
import { nb201Space, tnb101MicroSpace } from './nb201';
import type { SearchSpace } from './space';

const BUILTIN: readonly SearchSpace[] = [
  nb201Space as SearchSpace,
  tnb101MicroSpace as SearchSpace,
  dartsSpace as SearchSpace,
  nb101Space as SearchSpace,
  graphSpace as SearchSpace,
];

export type BuiltinSpaceId = 'nb201' | 'tnb101-micro' | 'darts' | 'nb101' | 'graph';

export function listSpaces(): readonly SearchSpace[] {
  return BUILTIN;
}

export function getSpace(id: string): SearchSpace | undefined {
  return BUILTIN.find((s) => s.id === id);
}

/** Default built-in space of a cell kind (nb201 cells -> NAS-Bench-201, and so on). */
export function defaultSpaceFor(kind: CellKind): SearchSpace {
  return ({ nb201: nb201Space, darts: dartsSpace, nb101: nb101Space, graph: graphSpace } as Record<CellKind, SearchSpace>)[kind];
}

export type { EdgeSlot, SearchSpace, SpaceOperator, Topology } from './space';
export { pickNeighbour } from './space';
export { CostCounter, applyOp, type CountConvention, type OpCostHint, type Shape } from './cost';
export {
  NB201_EDGES, Nb201Space, nb201ArchString, nb201Dataset, nb201Graph, nb201NetworkCost, nb201Space,
  nb201WithoutUnreachable, tnb101MicroSpace, type Nb201Dataset, type Nb201SpaceOptions,
} from './nb201';
export {
  DartsSpace, canonicalHalf, dartsCellDepth, dartsGraph, dartsNetworkCost, dartsSpace, type DartsHalf, type DartsNetworkOptions,
  type DartsSpaceOptions,
} from './darts';
export { Nb101Space, hashModule, nb101NetworkCost, nb101Space, pruneModule, vertexChannels, type Nb101SpaceOptions } from './nb101';
export { GraphSpace, graphMatrix, graphSpace, topologicalOrder, type GraphSpaceOptions } from './graph';
export { CustomSpaceError, checkLimits, createCustomSpace, type CustomOperatorDecl, type CustomSpaceDecl } from './custom';
export { PyRandom } from './pyrandom';
export * from './vocabulary';
