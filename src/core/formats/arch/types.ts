/** Declarations of the `.arch` language (grammar: docs/arch-format.md) and the built-in spaces a cell may name. */
import type { Cell, Diagnostic, OperatorKind, SourceRange } from '../../types';
import type { GraphLimits } from '../graph';
import type { NotationId, Topology } from '../notations';
import { listBuiltinSpaces } from '../../spaces';

/** Topologies a `space` block may declare. */
export type DeclarableTopology = 'nb201' | 'darts' | 'nb101' | 'graph';
export const TOPOLOGIES: readonly DeclarableTopology[] = ['nb201', 'darts', 'nb101', 'graph'];
export const SPACE_KEYS = ['topology', 'ops', 'max_nodes', 'max_edges', 'max_params', 'max_flops'];
export const dagTopology = (t: Topology) => t === 'nb101' || t === 'graph';

export const OP_KINDS: readonly OperatorKind[] = ['io', 'none', 'skip', 'conv', 'pool', 'other'];
/** `op` attributes that declare cost-descriptor values (descriptors/operator.ts). */
export const DESCRIPTOR_ATTRIBUTES = ['kernel', 'stride', 'dilation', 'channels'] as const;

/** `op NAME "sentence" [kind=K] [params=N] [flops=N] [kernel=N] [stride=N] [dilation=N] [channels=R]` */
export interface OpDecl {
  name: string;
  description: string;
  kind: OperatorKind;
  /** Optional cost hint: weights per C_in·C_out (a k×k conv: k²; a depthwise-separable k×k: about 1 + k²/C). */
  params?: number;
  /** Optional cost hint: multiply-adds per output pixel per C_in·C_out (usually equals params for convs). */
  flops?: number;
  /** Declared cost descriptor values (`kernel=`, `stride=`, `dilation=`, `channels=`): override the sentence's estimate. */
  kernel?: number;
  stride?: number;
  dilation?: number;
  /** Output / input channels. */
  channels?: number;
  nameRange: SourceRange;
  range: SourceRange;
  offset: number;
  endOffset: number;
}

/** `space NAME { topology: ...; ops: [...]; max_nodes: N; max_edges: N; max_params: M; max_flops: M }` */
export interface SpaceDecl {
  name: string;
  topology?: DeclarableTopology;
  ops: string[];
  maxNodes?: number;
  maxEdges?: number;
  /** Limit on the parameters of the full network, in millions (checked by the spaces/search modules). */
  maxParamsM?: number;
  /** Limit on the FLOPs of the full network, in millions (checked by the spaces/search modules). */
  maxFlopsM?: number;
  nameRange: SourceRange;
  range: SourceRange;
  offset: number;
  endOffset: number;
}

/** `cell NAME [in SPACE] = VALUE` */
export interface CellDecl {
  name: string;
  /** Space named after `in`, or the one inferred from the notation. */
  space: string;
  spaceExplicit: boolean;
  notation?: NotationId;
  /** Undefined when the cell has errors. */
  cell?: Cell;
  /** Graph notation: the node names, by node index of `cell` (topological order). */
  nodeNames?: string[];
  nameRange: SourceRange;
  spaceRange?: SourceRange;
  valueRange?: SourceRange;
  range: SourceRange;
  offset: number;
  endOffset: number;
  valueOffset?: number;
  valueEndOffset?: number;
  /** This declaration's own diagnostics (all of them are also in ArchDocument.diagnostics). */
  diagnostics: Diagnostic[];
}

export interface ArchDocument {
  ops: OpDecl[];
  spaces: SpaceDecl[];
  cells: CellDecl[];
  diagnostics: Diagnostic[];
}

/** Built-in spaces a cell can name with `in`. */
export interface BuiltinSpace {
  /** `.arch` name. */
  name: string;
  /** Registry id (spaces/index.ts). */
  id: string;
  topology: Topology;
  /** null: every built-in operator. */
  ops: readonly string[] | null;
  limits?: GraphLimits;
}

/** The built-in spaces by `.arch` name, derived from the one space registry (spaces/index.ts). */
export const BUILTIN_SPACES: ReadonlyMap<string, BuiltinSpace> = new Map(
  listBuiltinSpaces().map((b): [string, BuiltinSpace] => {
    const s = b.space as typeof b.space & { maxNodes?: number; maxEdges?: number };
    const codes = s.topology === 'tnb101-macro' || s.topology === 'nbmr';
    return [b.archName, {
      name: b.archName, id: s.id, topology: s.topology,
      ops: s.topology === 'graph' ? null : codes ? [] : s.operators.map((o) => o.name),
      ...(s.topology === 'nb101' && s.maxNodes !== undefined ? { limits: { maxNodes: s.maxNodes, maxEdges: s.maxEdges } } : {}),
    }];
  }),
);

/** The `.arch` name of a built-in space id ('tnb101-macro' -> 'tnb101macro'). */
export function archSpaceName(id: string): string {
  for (const b of BUILTIN_SPACES.values()) if (b.id === id) return b.name;
  return id;
}
