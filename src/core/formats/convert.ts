/**
 * Notation conversions between cell kinds, for `formatCell(cell, 'graph-json' | 'nb101-json' | ...)`.
 * The operator-as-node wiring follows tgnas-method.md §2 (the reference code's): NB201 -> 8 nodes,
 * DARTS -> 11 nodes (one half; the paper encodes the normal cell), NB101 -> its matrix as is,
 * TransNAS-Bench-101 macro / NAS-Bench-MR -> their spaces' graphs.
 */
import type { Cell, DartsPairs, GraphCell, Nb101Cell, OpGraph } from '../types';
import { NB201_EDGES } from './nb201';
import { nbmrGraph, nbmrModules } from '../spaces/nbmr';
import { tnb101MacroGraph } from '../spaces/tnb101-macro';

/** Edge-labelled / matrix cells as an operator-as-node GraphCell. */
export function toGraphCell(cell: Cell, half: 'normal' | 'reduce' = 'normal'): GraphCell {
  switch (cell.kind) {
    case 'graph':
      return cell;
    case 'nb101': {
      const edges: Array<[number, number]> = [];
      cell.matrix.forEach((row, i) => row.forEach((v, j) => v && edges.push([i, j])));
      return { kind: 'graph', ops: [...cell.ops], edges };
    }
    case 'nb201': {
      // Node 0 input, nodes 1..6 the edge ops in arch-string order, node 7 output. Edge-op k (u -> v)
      // feeds every edge-op leaving node v, or the output when v = 3.
      const edges: Array<[number, number]> = [];
      NB201_EDGES.forEach(([u], k) => u === 0 && edges.push([0, k + 1]));
      NB201_EDGES.forEach(([, v], k) => {
        if (v === 3) edges.push([k + 1, 7]);
        else NB201_EDGES.forEach(([u2], k2) => u2 === v && edges.push([k + 1, k2 + 1]));
      });
      edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      return { kind: 'graph', ops: ['input', ...cell.ops, 'output'], edges };
    }
    case 'darts':
      return dartsHalfToGraph(half === 'normal' ? cell.normal : cell.reduce);
    // Whole networks: the graph their space scores (and the training loaders build).
    case 'tnb101-macro':
      return opGraphToCell(tnb101MacroGraph(cell.modules));
    case 'nbmr':
      return opGraphToCell(nbmrGraph(nbmrModules(cell.code)));
  }
}

function opGraphToCell(g: OpGraph): GraphCell {
  const edges: Array<[number, number]> = [];
  g.adj.forEach((row, i) => row.forEach((v, j) => v && edges.push([i, j])));
  return { kind: 'graph', ops: [...g.ops], edges };
}

/** Nodes 0,1 = the two cell inputs, pair i -> node i+2, last = output fed by every pair node. */
function dartsHalfToGraph(pairs: DartsPairs): GraphCell {
  const n = pairs.length;
  const edges: Array<[number, number]> = [];
  pairs.forEach(([, src], i) => {
    if (src < 2) edges.push([src, i + 2]);
    else edges.push([2 * src - 2, i + 2], [2 * src - 1, i + 2]);
    edges.push([i + 2, n + 2]);
  });
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { kind: 'graph', ops: ['input', 'input', ...pairs.map((p) => p[0]), 'output'], edges };
}

/** A graph with a single input as an NB101 matrix cell (node order kept). */
export function graphToNb101(cell: GraphCell): Nb101Cell | undefined {
  if (cell.ops.filter((o) => o === 'input').length !== 1 || cell.ops[0] !== 'input') return undefined;
  const n = cell.ops.length;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [a, b] of cell.edges) {
    if (a >= b) return undefined;
    matrix[a][b] = 1;
  }
  return { kind: 'nb101', matrix, ops: [...cell.ops] };
}
