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
import { nbmrSpace } from './nbmr';
import type { SearchSpace } from './space';
import { TNB101_MACRO_CLASSES, tnb101MacroSpace } from './tnb101-macro';

/** A built-in space with the name `.arch` files use for it (`cell x in NAME = ...`) and other accepted names. */
export interface BuiltinSpaceEntry {
  space: SearchSpace;
  /** `.arch` identifier (no dashes). */
  archName: string;
  aliases: readonly string[];
  /** `--dataset` names its cost model has a network for (the first is the default); calibrations add their own. */
  datasets: readonly string[];
}

/** The one registry of built-in spaces: every list of their ids or names derives from it. */
const BUILTIN: readonly BuiltinSpaceEntry[] = [
  { space: nb201Space as SearchSpace, archName: 'nb201', aliases: [], datasets: ['cifar10', 'cifar100', 'imagenet16-120'] },
  { space: tnb101MicroSpace as SearchSpace, archName: 'tnb101', aliases: [], datasets: [] },
  { space: dartsSpace as SearchSpace, archName: 'darts', aliases: [], datasets: ['cifar10', 'cifar100', 'imagenet'] },
  { space: nb101Space as SearchSpace, archName: 'nb101', aliases: [], datasets: ['cifar10'] },
  { space: tnb101MacroSpace as SearchSpace, archName: 'tnb101macro', aliases: ['tnb101_macro'], datasets: Object.keys(TNB101_MACRO_CLASSES) },
  { space: nbmrSpace as SearchSpace, archName: 'nbmr', aliases: ['nasbenchmr', 'nas-bench-mr'], datasets: [] },
  { space: graphSpace as SearchSpace, archName: 'graph', aliases: [], datasets: [] },
];

export type BuiltinSpaceId = 'nb201' | 'tnb101-micro' | 'darts' | 'nb101' | 'tnb101-macro' | 'nbmr' | 'graph';

export function listSpaces(): readonly SearchSpace[] {
  return BUILTIN.map((b) => b.space);
}

export function listBuiltinSpaces(): readonly BuiltinSpaceEntry[] {
  return BUILTIN;
}

/** A built-in space by registry id (exact). */
export function getSpace(id: string): SearchSpace | undefined {
  return BUILTIN.find((s) => s.space.id === id)?.space;
}

/** A built-in space by registry id, `.arch` name or alias (case-insensitive): what users may type. */
export function findBuiltinSpace(name: string): BuiltinSpaceEntry | undefined {
  const n = name.toLowerCase();
  return BUILTIN.find((b) => b.space.id === n || b.archName === n || b.aliases.includes(n));
}

/** Default built-in space of a cell kind (nb201 cells -> NAS-Bench-201, and so on). */
export function defaultSpaceFor(kind: CellKind): SearchSpace {
  const spaces: Record<CellKind, SearchSpace> = {
    nb201: nb201Space, darts: dartsSpace, nb101: nb101Space, graph: graphSpace,
    'tnb101-macro': tnb101MacroSpace as SearchSpace, nbmr: nbmrSpace as SearchSpace,
  } as Record<CellKind, SearchSpace>;
  return spaces[kind];
}

export type { EdgeSlot, SearchSpace, SpaceOperator, Topology } from './space';
export { PROXY_FLOPS, pickNeighbour, proxyCost, tryCost } from './space';
export { CostCounter, FLOPS_CONVENTIONS, applyOp, type FlopsConvention, type OpCostHint, type Shape } from './cost';
export {
  NB201_EDGES, NB201_FLOPS, Nb201Space, nb201ArchString, nb201Dataset, nb201Graph, nb201NetworkCost, nb201Space,
  nb201WithoutUnreachable, tnb101MicroSpace, type Nb201Dataset, type Nb201SpaceOptions,
} from './nb201';
export {
  DARTS_FLOPS, DartsSpace, canonicalHalf, dartsCellDepth, dartsGraph, dartsNetworkCost, dartsSpace, type DartsHalf, type DartsNetworkOptions,
  type DartsSpaceOptions,
} from './darts';
export { Nb101Space, hashGraph, hashModule, nb101NetworkCost, nb101Space, pruneModule, vertexChannels, type Nb101SpaceOptions } from './nb101';
export { GraphSpace, graphMatrix, graphSpace, topologicalOrder, type GraphSpaceOptions } from './graph';
export {
  TNB101_MACRO_CLASSES, Tnb101MacroSpace, tnb101MacroArchString, tnb101MacroGraph, tnb101MacroModule, tnb101MacroNetworkCost,
  tnb101MacroProblems, tnb101MacroSpace,
} from './tnb101-macro';
export { NBMR_CHANNELS, NBMR_INPUT_CHANNELS, NbmrSpace, nbmrGraph, nbmrModules, nbmrNetworkCost, nbmrProblems, nbmrSpace, type NbmrModule } from './nbmr';
export { CustomSpaceError, checkLimits, createCustomSpace, type CustomOperatorDecl, type CustomSpaceDecl } from './custom';
export { PyRandom } from './pyrandom';
export * from './vocabulary';
