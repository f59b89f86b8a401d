/**
 * Bounds on the work any one input may cause (issue 13, "bounded work"): every parser, the analysis and
 * the language server stay linear in their input and under ~100 ms per request on a 2-core machine.
 * docs/arch-format.md ("Limits") documents them for users.
 */

/** Nodes of one graph / NB101 cell accepted by the parsers (input and output included). */
export const MAX_GRAPH_NODES = 500;
/** Edges of one graph / NB101 cell accepted by the parsers. */
export const MAX_GRAPH_EDGES = 5_000;
/**
 * Up to this many nodes the key of a graph / NB101 cell is nasbench's isomorphism-invariant hash
 * (Weisfeiler-Lehman refinement, n rounds); above it, an exact hash of the node-ordered labelled edge list.
 */
export const CANONICAL_HASH_MAX_NODES = 32;
/** Bracket nesting accepted by the recursive-descent readers (JSON, genotypes); real cells nest 3-4 deep. */
export const MAX_NESTING = 100;
/** Diagnostics kept per document; one summary diagnostic says how many more there were. */
export const MAX_DIAGNOSTICS = 200;
/** Characters of a document that are analysed (1 MiB, about 10,000 cells: ~100 ms on a busy 2-core machine); one diagnostic at the cut says so. */
export const MAX_DOCUMENT_CHARS = 1024 * 1024;
