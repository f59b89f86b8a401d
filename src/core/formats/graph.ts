/**
 * Operator-as-node graphs (GraphCell): structural checks shared by the `.arch` graph notation,
 * graph-json and NB101 matrices, plus the graph-json notation itself:
 *   {"ops": ["input", "nor_conv_3x3", "output"], "edges": [[0, 1], [1, 2]]}
 * Canonical GraphCell: nodes in topological order (every edge goes from a lower to a higher
 * index), ops[0] = 'input' (more inputs may follow, DARTS-style), exactly one 'output' and it is
 * last, edges sorted by (from, to) without duplicates.
 */
import type { GraphCell } from '../types';
import { builtinOperators } from '../spaces/vocabulary';
import { BasePosition, LineMap, Reporter, unknownOperator } from './text';
import { JValue, jget, parseJsonRange } from './json';
import type { ParseResult, RangeParseOptions } from './nb201';
import { MinHeap } from '../heap';
import { MAX_GRAPH_EDGES, MAX_GRAPH_NODES } from '../limits';

export interface GraphLimits {
  maxNodes?: number;
  maxEdges?: number;
}

/** A structural problem, located by node or edge index so each notation can map it to its own text. */
export interface GraphProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  node?: number;
  edge?: number;
}

/**
 * Checks a DAG over `ops` (names only used for input/output roles). `names` labels nodes in
 * messages (defaults to "node i"). Edges may be in any order; cycles are reported.
 */
export function checkGraph(
  ops: readonly string[],
  edges: ReadonlyArray<readonly [number, number]>,
  limits: GraphLimits = {},
  names?: readonly string[],
): GraphProblem[] {
  const out: GraphProblem[] = [];
  const n = ops.length;
  const label = (i: number) => (names ? `'${names[i]}'` : `node ${i}`);
  const err = (code: string, message: string, at: { node?: number; edge?: number } = {}) =>
    out.push({ severity: 'error', code, message, ...at });
  if (limits.maxNodes !== undefined && n > limits.maxNodes) {
    err('too-many-nodes', `the cell has ${n} nodes; this space allows at most ${limits.maxNodes} (input and output included)`);
  }
  if (limits.maxEdges !== undefined && edges.length > limits.maxEdges) {
    err('too-many-edges', `the cell has ${edges.length} edges; this space allows at most ${limits.maxEdges}`);
  }
  const inputs = ops.map((o, i) => (o === 'input' ? i : -1)).filter((i) => i >= 0);
  const outputs = ops.map((o, i) => (o === 'output' ? i : -1)).filter((i) => i >= 0);
  if (inputs.length === 0) err('graph-input-output', "the cell has no 'input' node");
  if (outputs.length === 0) err('graph-input-output', "the cell has no 'output' node");
  for (const o of outputs.slice(1)) err('graph-input-output', `${label(o)} is a second 'output' node: a cell has exactly one output`, { node: o });
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  const seen = new Set<string>();
  edges.forEach(([a, b], k) => {
    if (!(Number.isInteger(a) && a >= 0 && a < n) || !(Number.isInteger(b) && b >= 0 && b < n)) {
      const bad = Number.isInteger(a) && a >= 0 && a < n ? b : a;
      err('graph-edge-range', `edge ${a} -> ${b}: ${a === bad ? 'from' : 'into'} node ${bad} but the cell has nodes 0..${n - 1}`, { edge: k });
      return;
    }
    if (a === b) {
      err('graph-self-loop', `${label(a)} feeds itself: a cell is acyclic`, { edge: k });
      return;
    }
    const key = `${a},${b}`;
    if (seen.has(key)) {
      out.push({ severity: 'warning', code: 'graph-duplicate-edge', message: `edge ${label(a)} -> ${label(b)} is listed twice`, edge: k });
      return;
    }
    seen.add(key);
    succ[a].push(b);
    pred[b].push(a);
    if (ops[b] === 'input') err('graph-input-output', `${label(b)} is an input and cannot have incoming edges`, { edge: k });
    if (ops[a] === 'output') err('graph-input-output', `${label(a)} is the output and cannot feed other nodes`, { edge: k });
  });
  const cyc = findCycle(n, succ);
  if (cyc) {
    err('graph-cycle', `the edges form a cycle ${[...cyc, cyc[0]].map(label).join(' -> ')}: a cell must be acyclic`, { node: cyc[0] });
    return out;
  }
  const sourceless = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (ops[i] !== 'input' && pred[i].length === 0) {
      sourceless.add(i);
      err('graph-no-source', `${label(i)} (${ops[i]}) has no incoming edge: every node except the inputs needs one`, { node: i });
    }
  }
  if (inputs.length && outputs.length) {
    const fwd = reach(inputs, succ);
    const back = reach([outputs[0]], pred);
    if (!fwd.has(outputs[0])) err('graph-disconnected', 'no path from the input to the output');
    else {
      for (let i = 0; i < n; i++) {
        if (ops[i] === 'input' || i === outputs[0] || sourceless.has(i)) continue;
        if (!fwd.has(i) || !back.has(i)) {
          out.push({ severity: 'warning', code: 'unreachable-node', node: i,
            message: `${label(i)} (${ops[i]}) is not on a path from the input to the output; it does not affect the cell` });
        }
      }
    }
  }
  return out;
}

function reach(starts: number[], next: number[][]): Set<number> {
  const seen = new Set(starts);
  const stack = [...starts];
  while (stack.length) for (const m of next[stack.pop()!]) if (!seen.has(m)) { seen.add(m); stack.push(m); }
  return seen;
}

/** A cycle (its nodes in order), by an iterative depth-first search (no recursion: any size is safe). */
function findCycle(n: number, succ: number[][]): number[] | undefined {
  const state = new Uint8Array(n); // 0 unvisited, 1 on the path, 2 done
  const path: number[] = [];
  const next: number[] = []; // per path entry: index of the next successor to visit
  for (let s = 0; s < n; s++) {
    if (state[s] !== 0) continue;
    state[s] = 1;
    path.push(s);
    next.push(0);
    while (path.length) {
      const top = path.length - 1;
      const v = path[top];
      if (next[top] < succ[v].length) {
        const w = succ[v][next[top]++];
        if (state[w] === 1) return path.slice(path.indexOf(w));
        if (state[w] === 0) {
          state[w] = 1;
          path.push(w);
          next.push(0);
        }
      } else {
        path.pop();
        next.pop();
        state[v] = 2;
      }
    }
  }
  return undefined;
}

/**
 * Topological order of an acyclic graph that keeps inputs first, the output last and otherwise
 * the given order where possible (so a canonical cell maps to itself).
 */
export function topologicalOrder(ops: readonly string[], edges: ReadonlyArray<readonly [number, number]>): number[] {
  const n = ops.length;
  const indeg = new Array<number>(n).fill(0);
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) { succ[a].push(b); indeg[b]++; }
  const rank = (i: number) => (ops[i] === 'input' ? -1 : ops[i] === 'output' ? 1 : 0);
  const ready = new MinHeap((a, b) => rank(a) - rank(b) || a - b);
  for (let i = 0; i < n; i++) if (indeg[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.size) {
    const v = ready.pop()!;
    order.push(v);
    for (const w of succ[v]) if (--indeg[w] === 0) ready.push(w);
  }
  return order;
}

/** Renumbers nodes topologically and sorts/dedupes edges. The graph must be acyclic. */
export function canonicalGraph(cell: GraphCell): GraphCell {
  const order = topologicalOrder(cell.ops, cell.edges);
  const at = new Map(order.map((v, i) => [v, i]));
  const keys = new Set<string>();
  const edges: Array<[number, number]> = [];
  for (const [a, b] of cell.edges) {
    const e: [number, number] = [at.get(a)!, at.get(b)!];
    const k = e.join();
    if (!keys.has(k)) { keys.add(k); edges.push(e); }
  }
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return { kind: 'graph', ops: order.map((v) => cell.ops[v]), edges };
}

export function allBuiltinOpNames(): string[] {
  return [...builtinOperators().keys()];
}

export interface GraphJsonOptions extends RangeParseOptions, GraphLimits {}

export function parseGraphJson(text: string, options: GraphJsonOptions & BasePosition = {}): ParseResult<GraphCell> {
  const rep = new Reporter(new LineMap(text, options));
  const json = parseJsonRange(text, 0, text.length, rep);
  const cell = json && graphFromJson(json, rep, options);
  return { cell, diagnostics: rep.diagnostics };
}

/** Reads a parsed `{"ops": [...], "edges": [[a, b], ...]}` value. */
export function graphFromJson(json: JValue, rep: Reporter, options: GraphJsonOptions = {}): GraphCell | undefined {
  const before = rep.errorCount;
  if (json.k !== 'obj') {
    rep.error(json.s, json.e, 'graph-json-shape', 'a graph-json cell is an object {"ops": [...], "edges": [[from, to], ...]}');
    return undefined;
  }
  for (const e of json.entries) {
    if (e.key !== 'ops' && e.key !== 'edges') rep.warning(e.ks, e.ke, 'unknown-key', `unknown key "${e.key}" is ignored (graph-json has "ops" and "edges")`);
  }
  const opsE = jget(json, 'ops');
  const edgesE = jget(json, 'edges');
  if (!opsE || !edgesE) {
    rep.error(json.s, json.s + 1, 'graph-json-shape', `missing key "${!opsE ? 'ops' : 'edges'}": a graph-json cell has "ops" and "edges"`);
    return undefined;
  }
  if (tooLarge(opsE.value, edgesE.value, rep)) return undefined;
  const vocab = options.ops === undefined ? allBuiltinOpNames() : options.ops;
  const allowed = vocab ? new Set([...vocab, 'input', 'output']) : undefined;
  const ops: string[] = [];
  const opSpans: JValue[] = [];
  if (opsE.value.k !== 'arr') rep.error(opsE.value.s, opsE.value.e, 'graph-json-shape', '"ops" must be a list of operator names');
  else for (const o of opsE.value.items) {
    if (o.k !== 'str') {
      rep.error(o.s, o.e, 'graph-json-shape', 'operator names are strings');
      continue;
    }
    if (allowed && !allowed.has(o.v)) {
      const u = unknownOperator(o.v, allowed, options.explainUnknown);
      rep.error(o.s, o.e, 'unknown-operator', u.message, u.suggestions);
    }
    ops.push(o.v);
    opSpans.push(o);
  }
  const edges: Array<[number, number]> = [];
  const edgeSpans: JValue[] = [];
  if (edgesE.value.k !== 'arr') rep.error(edgesE.value.s, edgesE.value.e, 'graph-json-shape', '"edges" must be a list of [from, to] pairs');
  else for (const e of edgesE.value.items) {
    if (e.k !== 'arr' || e.items.length !== 2 || e.items.some((x) => x.k !== 'num' || !Number.isInteger(x.v))) {
      rep.error(e.s, e.e, 'graph-json-shape', 'each edge is [from, to] with integer node indices');
      continue;
    }
    const [a, b] = e.items.map((x) => (x as { v: number }).v);
    if (a >= 0 && b >= 0 && a < ops.length && b < ops.length && a >= b && a !== b) {
      rep.error(e.s, e.e, 'graph-edge-order', `edge [${a}, ${b}] goes backwards: list nodes in topological order so that every edge has from < to`);
      continue;
    }
    edges.push([a, b]);
    edgeSpans.push(e);
  }
  if (rep.errorCount > before) return undefined;
  for (const p of checkGraph(ops, edges, options)) {
    const span = p.edge !== undefined ? edgeSpans[p.edge] : p.node !== undefined ? opSpans[p.node] : json;
    rep.add(p.severity, span.s, span.e, p.code, p.message);
  }
  if (ops[0] !== 'input' || ops[ops.length - 1] !== 'output') {
    rep.error(opsE.value.s, opsE.value.e, 'graph-input-output', `the first op must be "input" and the last "output"`);
  }
  if (rep.errorCount > before) return undefined;
  return canonicalGraph({ kind: 'graph', ops, edges });
}

/**
 * The parsers' hard size cap (MAX_GRAPH_NODES nodes, MAX_GRAPH_EDGES edges), reported on the first item
 * past it; true when the cell is too large to read. Keeps parsing, keying and scoring one cell bounded.
 */
export function tooLarge(nodes: JValue | undefined, edges: JValue | undefined, rep: Reporter): boolean {
  if (nodes?.k === 'arr' && nodes.items.length > MAX_GRAPH_NODES) {
    const at = nodes.items[MAX_GRAPH_NODES];
    rep.error(at.s, at.e, 'graph-too-large', graphTooLargeMessage('nodes', nodes.items.length));
    return true;
  }
  if (edges?.k === 'arr' && edges.items.length > MAX_GRAPH_EDGES) {
    const at = edges.items[MAX_GRAPH_EDGES];
    rep.error(at.s, at.e, 'graph-too-large', graphTooLargeMessage('edges', edges.items.length));
    return true;
  }
  return false;
}

export function graphTooLargeMessage(what: 'nodes' | 'edges', count?: number): string {
  const max = what === 'nodes' ? MAX_GRAPH_NODES : MAX_GRAPH_EDGES;
  return `the cell has ${count ?? `more than ${max}`} ${what}: TG-NAS reads cells of at most ${MAX_GRAPH_NODES} nodes and ${MAX_GRAPH_EDGES} edges`;
}

export function formatGraphJson(cell: GraphCell): string {
  return `{"ops": [${cell.ops.map((o) => JSON.stringify(o)).join(', ')}], "edges": [${cell.edges.map(([a, b]) => `[${a}, ${b}]`).join(', ')}]}`;
}
