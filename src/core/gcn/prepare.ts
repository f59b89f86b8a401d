/**
 * Graph -> tensor preparation (tgnas-method.md §2), shared by training and prediction.
 *
 * Per graph with n operator nodes: append a global node fed by every node, put self-loops on
 * the diagonal, and transpose, so row v of the aggregation matrix lists v itself and its
 * predecessors (the global row lists all nodes). Optional degree normalisation is applied here,
 * per graph, before any padding.
 *
 * Batches of differing graphs pad every graph to the batch's largest node count with *masked* ghost nodes: a ghost
 * has a zero row and column in the aggregation matrix and its activations are zeroed after each
 * layer (and left out of normalisation statistics), so a graph scores the same whatever it is
 * batched with. This differs on purpose from [ref], where ghosts get the layer bias and move
 * predictions slightly. The global node always sits at the last position N-1 of the batch.
 */
import type { OpGraph } from '../types';

export type AdjNorm = 'none' | 'mean' | 'sym';

/** One graph, ready to batch. Node features are sentence ids into the model's sentence table. */
export interface PreparedGraph {
  /** Operator nodes (the global node excluded). */
  n: number;
  /** Sentence id of each operator node. */
  sentences: Int32Array;
  /** (n+1)x(n+1) row-major aggregation matrix; index n is the global node. Read-only: graphs of one topology share it. */
  agg: Float32Array;
  /** matrixKey of `agg`, when already known. */
  key?: string;
  /** Cost inputs per operator node, [n × NODE_FEATURES] (descriptors/graph.ts); models with cost inputs need them. */
  nodeX?: Float32Array;
  /** Architecture size inputs (z-scored, ARCH_FEATURES), shared by the graphs of one architecture. */
  archX?: Float32Array;
}

/**
 * `shared` (from an earlier call on the same adjacency and norm) skips rebuilding the aggregation
 * matrix: only the sentence ids are per graph.
 */
export function prepareGraph(
  g: OpGraph,
  sentenceId: (op: string) => number,
  norm: AdjNorm = 'none',
  shared?: { agg: Float32Array; key: string },
): PreparedGraph {
  const n = g.ops.length;
  if (shared) {
    if (shared.agg.length !== (n + 1) * (n + 1)) throw new Error(`graph has ${n} operators; its shared adjacency was prepared for ${Math.sqrt(shared.agg.length) - 1}`);
    return { n, sentences: sentenceIds(g.ops, sentenceId), agg: shared.agg, key: shared.key };
  }
  if (g.adj.length !== n || g.adj.some((r) => r.length !== n)) {
    throw new Error(`graph adjacency must be ${n}x${n} for ${n} operators`);
  }
  const m = n + 1;
  const agg = new Float32Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (g.adj[i][j]) agg[j * m + i] = 1; // transposed: row j gathers from i
    agg[n * m + i] = 1; // every node -> global
  }
  for (let v = 0; v < m; v++) agg[v * m + v] = 1;
  if (norm !== 'none') {
    const row = new Float64Array(m);
    const col = new Float64Array(m);
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) {
      row[r] += agg[r * m + c];
      col[c] += agg[r * m + c];
    }
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) {
      const k = r * m + c;
      if (agg[k] === 0) continue;
      agg[k] = norm === 'mean' ? agg[k] / row[r] : agg[k] / Math.sqrt(row[r] * col[c]);
    }
  }
  return { n, sentences: sentenceIds(g.ops, sentenceId), agg };
}

function sentenceIds(ops: readonly string[], sentenceId: (op: string) => number): Int32Array {
  return Int32Array.from(ops, (op) => {
    const id = sentenceId(op);
    if (!(id >= 0)) throw new Error(`operator '${op}' has no sentence in the model's table`);
    return id;
  });
}

/**
 * Host-side arrays of a batch, in one of two layouts:
 * - 'shared': every graph has the same aggregation matrix (NB201 and TNB101 cells, equal-length
 *   chains): one [N,N] matrix, rows node-major (row v*B + b), and aggregation is ONE matMul
 *   [N,N]x[N,B*H] — on wasm ~8x faster than a batched matMul of B small matrices.
 * - 'batched': graphs differ: [B,N,N] matrices, padded with masked ghosts, rows graph-major (b*N + v).
 */
export interface HostBatch {
  layout: 'shared' | 'batched';
  B: number;
  /** Node count per graph, global node included (global at N-1). */
  N: number;
  /** shared: [N,N]; batched: [B,N,N]. `adjT` holds the transpose(s) for the backward pass. */
  adj: Float32Array;
  adjT: Float32Array;
  /** [B*N] in row order: 1 for operator and global nodes, 0 for ghosts. */
  mask: Float32Array;
  /** [B*N] in row order: feature-table row per node (a sentence row, `ghostRow` or `globalRow`). */
  rows: Int32Array;
  /** [B*N × nodeWidth] in row order: cost inputs per node (zeros for ghost and global nodes); when asked for. */
  nodeX?: Float32Array;
  /** [B × archWidth]: architecture size inputs per graph; when asked for. */
  archX?: Float32Array;
}

/** Widths of the cost inputs a model reads (0 = none: models trained before cost inputs). */
export interface InputWidths {
  node: number;
  arch: number;
}

/** Fills the batch's cost-input arrays (row order given by `rowOf(b, v)`). Throws when a graph lacks them. */
function costInputs(host: HostBatch, graphs: readonly PreparedGraph[], widths: InputWidths | undefined, rowOf: (b: number, v: number) => number): void {
  if (!widths) return;
  if (widths.node > 0) {
    const x = new Float32Array(host.B * host.N * widths.node);
    graphs.forEach((g, b) => {
      if (!g.nodeX || g.nodeX.length !== g.n * widths.node) throw new Error('graph prepared without cost inputs for a cost-aware model');
      for (let v = 0; v < g.n; v++) x.set(g.nodeX.subarray(v * widths.node, (v + 1) * widths.node), rowOf(b, v) * widths.node);
    });
    host.nodeX = x;
  }
  if (widths.arch > 0) {
    const a = new Float32Array(host.B * widths.arch);
    graphs.forEach((g, b) => {
      if (!g.archX || g.archX.length !== widths.arch) throw new Error('architecture without size inputs for a cost-aware model');
      a.set(g.archX, b * widths.arch);
    });
    host.archX = a;
  }
}

function sameMatrix(a: PreparedGraph, b: PreparedGraph): boolean {
  if (a.n !== b.n) return false;
  if (a.agg === b.agg) return true;
  const x = a.agg;
  const y = b.agg;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Builds one batch. `sentenceRow` maps a sentence id to a feature-table row (identity for the
 * full table; a local index during training). Ghost nodes point at `ghostRow` (zeros), the
 * global node at `globalRow`. The 'shared' layout is used whenever all graphs share one matrix.
 */
export function assembleBatch(
  graphs: readonly PreparedGraph[],
  ghostRow: number,
  globalRow: number,
  sentenceRow: (id: number) => number = (id) => id,
  widths?: InputWidths,
): HostBatch {
  const B = graphs.length;
  if (B > 0 && graphs.every((g) => g === graphs[0] || sameMatrix(g, graphs[0]))) {
    const g0 = graphs[0];
    const N = g0.n + 1;
    const adj = Float32Array.from(g0.agg);
    const adjT = new Float32Array(N * N);
    for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) adjT[c * N + r] = adj[r * N + c];
    const rows = new Int32Array(B * N);
    graphs.forEach((g, b) => {
      for (let v = 0; v < g.n; v++) rows[v * B + b] = sentenceRow(g.sentences[v]);
      rows[g.n * B + b] = globalRow;
    });
    const host: HostBatch = { layout: 'shared', B, N, adj, adjT, mask: new Float32Array(B * N).fill(1), rows };
    costInputs(host, graphs, widths, (b, v) => v * B + b);
    return host;
  }
  let maxN = 0;
  for (const g of graphs) if (g.n > maxN) maxN = g.n;
  const N = maxN + 1;
  const adj = new Float32Array(B * N * N);
  const adjT = new Float32Array(B * N * N);
  const mask = new Float32Array(B * N);
  const rows = new Int32Array(B * N).fill(ghostRow);
  graphs.forEach((g, b) => {
    const m = g.n + 1;
    // Graph index -> batch index: operator nodes keep theirs, the global node moves to N-1.
    const pos = (i: number) => (i === g.n ? N - 1 : i);
    const base = b * N * N;
    for (let r = 0; r < m; r++) {
      const pr = pos(r);
      for (let c = 0; c < m; c++) {
        const v = g.agg[r * m + c];
        if (v === 0) continue;
        const pc = pos(c);
        adj[base + pr * N + pc] = v;
        adjT[base + pc * N + pr] = v;
      }
    }
    for (let i = 0; i < g.n; i++) {
      mask[b * N + i] = 1;
      rows[b * N + i] = sentenceRow(g.sentences[i]);
    }
    mask[b * N + N - 1] = 1;
    rows[b * N + N - 1] = globalRow;
  });
  const host: HostBatch = { layout: 'batched', B, N, adj, adjT, mask, rows };
  costInputs(host, graphs, widths, (b, v) => b * N + v);
  return host;
}

/** Cheap content hash of a graph's aggregation matrix (groups graphs that can share a batch). */
export function matrixKey(g: PreparedGraph): string {
  if (g.key !== undefined) return g.key;
  const u = new Uint32Array(g.agg.buffer, g.agg.byteOffset, g.agg.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i], 0x01000193);
  return `${g.n}:${h >>> 0}`;
}

/** Feature table [rows+2, D+1]: sentence vectors with a 0 appended, a ghost row of zeros, the global row (0..0, 1). */
export function featureTable(vectors: readonly Float32Array[], dimension: number): Float32Array {
  const w = dimension + 1;
  const out = new Float32Array((vectors.length + 2) * w);
  vectors.forEach((v, i) => {
    if (v.length !== dimension) throw new Error(`embedding of width ${v.length}, expected ${dimension}`);
    out.set(v, i * w);
  });
  out[(vectors.length + 1) * w + dimension] = 1;
  return out;
}
