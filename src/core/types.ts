/**
 * Shared vocabulary of the core: cells in each notation, the operator-as-node
 * graph the GCN reads, search-space and diagnostic shapes.
 *
 * Nothing here imports vscode or LSP types: the core is used by the CLI, the
 * language server, the training worker and the tests alike.
 */

/** A described operator. The sentence is what the encoder embeds; it is part of the model. */
export interface Operator {
  name: string;
  description: string;
  /** Coarse family, for colours in graph drawings and for structural baselines. */
  kind: OperatorKind;
}

export type OperatorKind = 'io' | 'none' | 'skip' | 'conv' | 'pool' | 'other';

/**
 * Operator-as-node DAG. `adj[i][j] === 1` means node i feeds node j; nodes are in
 * topological order, node 0 is an input and the last node the output.
 * `ops[i]` names the operator of node i (a key of some vocabulary; 'input'/'output' included).
 */
export interface OpGraph {
  ops: string[];
  adj: number[][];
}

/** NAS-Bench-201 style cell: six edge operators in arch-string edge order (0>1),(0>2),(1>2),(0>3),(1>3),(2>3). */
export interface Nb201Cell {
  kind: 'nb201';
  ops: string[];
}

/** One DARTS cell half: eight (op, input-node) pairs, two per intermediate node 2..5. */
export type DartsPairs = Array<[op: string, input: number]>;

/** DARTS genotype: normal and reduction cells with their concat lists. */
export interface DartsCell {
  kind: 'darts';
  normal: DartsPairs;
  normalConcat: number[];
  reduce: DartsPairs;
  reduceConcat: number[];
}

/** NAS-Bench-101 style cell: upper-triangular adjacency over operator nodes, ops[0] = 'input', last = 'output'. */
export interface Nb101Cell {
  kind: 'nb101';
  matrix: number[][];
  ops: string[];
}

/** Generic operator-as-node cell of any shape (the `.arch` graph notation). */
export interface GraphCell {
  kind: 'graph';
  /** Operator per node; the first is the input, the last the output. */
  ops: string[];
  /** Edges [from, to] between node indices. */
  edges: Array<[number, number]>;
}

/**
 * TransNAS-Bench-101 macro skeleton, written `64-41414-basic`: one code per module (1 keep, 2 channels
 * x2, 3 stride 2, 4 both), each module two ResNet basic blocks (spaces/tnb101-macro.ts).
 */
export interface Tnb101MacroCell {
  kind: 'tnb101-macro';
  modules: number[];
}

/**
 * NAS-Bench-MR network, written as its 27-int code `128_128_2_4_...`: input_ch1, input_ch2, then per
 * block b = 1..4 (b branches) the number of modules, basic blocks per branch (b values) and channels
 * per branch (b values), then last_channel (spaces/nbmr.ts).
 */
export interface NbmrCell {
  kind: 'nbmr';
  code: number[];
}

export type Cell = Nb201Cell | DartsCell | Nb101Cell | GraphCell | Tnb101MacroCell | NbmrCell;
export type CellKind = Cell['kind'];

/** 1-based line and column, end exclusive, as every user-facing diagnostic reports it. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  range: SourceRange;
  message: string;
  /** Stable machine-readable code, e.g. 'unknown-operator'. */
  code: string;
  /** Optional replacement suggestions (quick fixes), e.g. the 'did you mean' operator name. */
  suggestions?: string[];
}

/** Cost of a full network built from a cell (the space fixes the macro skeleton). */
export interface CellCost {
  params_M: number;
  flops_M: number;
}

/** Deterministic pseudo-random source (see core/random.ts). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}
