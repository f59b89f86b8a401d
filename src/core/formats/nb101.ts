/**
 * NAS-Bench-101 cells as JSON: {"matrix": [[0, 1, ...], ...], "ops": ["input", ..., "output"]}
 * (`adjacency`, and the NB101 API's `module_adjacency` / `module_operations`, are accepted too).
 * The matrix is square, upper-triangular (matrix[i][j] = 1: node i feeds node j, i < j).
 */
import type { Nb101Cell } from '../types';
import { NB101_OPS } from '../spaces/vocabulary';
import { BasePosition, LineMap, Reporter, unknownOperator, setOf } from './text';
import { JValue, parseJsonRange } from './json';
import { GraphLimits, checkGraph, tooLarge } from './graph';
import type { ParseResult, RangeParseOptions } from './nb201';

export const NB101_OP_NAMES: readonly string[] = NB101_OPS.map((o) => o.name);
/** NAS-Bench-101 limits: at most 7 vertices and 9 edges. */
export const NB101_LIMITS: Required<GraphLimits> = { maxNodes: 7, maxEdges: 9 };

export interface Nb101Options extends RangeParseOptions, GraphLimits {}

export function parseNb101(text: string, options: Nb101Options & BasePosition = {}): ParseResult<Nb101Cell> {
  const rep = new Reporter(new LineMap(text, options));
  const json = parseJsonRange(text, 0, text.length, rep);
  const cell = json && nb101FromJson(json, rep, options);
  return { cell, diagnostics: rep.diagnostics };
}

const KEYS: Record<string, 'matrix' | 'ops'> = { matrix: 'matrix', adjacency: 'matrix', module_adjacency: 'matrix', ops: 'ops', module_operations: 'ops' };

/** Reads and validates a parsed NB101 JSON object. Limits default to NB101's (7 nodes, 9 edges); pass Infinity to lift them. */
export function nb101FromJson(json: JValue, rep: Reporter, options: Nb101Options = {}): Nb101Cell | undefined {
  const before = rep.errorCount;
  if (json.k !== 'obj') {
    rep.error(json.s, json.e, 'nb101-shape', 'an NB101 cell is an object {"matrix": [[...], ...], "ops": ["input", ..., "output"]}');
    return undefined;
  }
  let matrixV: JValue | undefined;
  let opsV: JValue | undefined;
  for (const e of json.entries) {
    const role = KEYS[e.key];
    if (!role) rep.warning(e.ks, e.ke, 'unknown-key', `unknown key "${e.key}" is ignored (an NB101 cell has "matrix" and "ops")`);
    else if (role === 'matrix') matrixV = e.value;
    else opsV = e.value;
  }
  if (!matrixV || !opsV) {
    rep.error(json.s, json.s + 1, 'nb101-missing-key', `missing key "${!matrixV ? 'matrix' : 'ops'}": an NB101 cell has "matrix" and "ops"`);
    return undefined;
  }
  // Matrix shape and entries.
  const matrix: number[][] = [];
  const cellSpan: JValue[][] = [];
  if (matrixV.k !== 'arr' || matrixV.items.length === 0) {
    rep.error(matrixV.s, matrixV.e, 'nb101-matrix', '"matrix" must be a non-empty list of rows of 0/1');
    return undefined;
  }
  // The hard cap first: an n x n matrix past it is not even walked.
  if (tooLarge(matrixV, undefined, rep) || tooLarge(opsV, undefined, rep)) return undefined;
  const n = matrixV.items.length;
  matrixV.items.forEach((row, i) => {
    if (row.k !== 'arr') {
      rep.error(row.s, row.e, 'nb101-matrix', `row ${i} of "matrix" must be a list of 0/1`);
      return;
    }
    if (row.items.length !== n) {
      rep.error(row.s, row.e, 'nb101-matrix-square', `row ${i} has ${row.items.length} entries but the matrix has ${n} rows: it must be square`);
    }
    const r: number[] = [];
    const spans: JValue[] = [];
    row.items.forEach((x, j) => {
      if (x.k !== 'num' || (x.v !== 0 && x.v !== 1)) {
        rep.error(x.s, x.e, 'nb101-matrix', `matrix[${i}][${j}] must be 0 or 1`);
        r.push(0);
      } else {
        if (x.v === 1 && j <= i) {
          rep.error(x.s, x.e, 'nb101-not-upper-triangular',
            `matrix[${i}][${j}] = 1 is ${i === j ? 'on' : 'below'} the diagonal: edges go from a lower to a higher node (upper-triangular)`, ['0']);
        }
        r.push(x.v);
      }
      spans.push(x);
    });
    matrix.push(r);
    cellSpan.push(spans);
  });
  // Ops.
  const ops: string[] = [];
  const opSpans: JValue[] = [];
  if (opsV.k !== 'arr') {
    rep.error(opsV.s, opsV.e, 'nb101-ops', '"ops" must be a list of operator names');
    return undefined;
  }
  const vocab = options.ops === undefined ? NB101_OP_NAMES : options.ops;
  const allowed = vocab ? setOf(vocab) : undefined;
  opsV.items.forEach((o, i) => {
    if (o.k !== 'str') {
      rep.error(o.s, o.e, 'nb101-ops', 'operator names are strings');
      ops.push('');
      opSpans.push(o);
      return;
    }
    const last = i === opsV!.items.length - 1;
    if (i === 0 && o.v !== 'input') rep.error(o.s, o.e, 'nb101-input-output', `the first op must be "input", found "${o.v}"`, ['input']);
    else if (last && i > 0 && o.v !== 'output') rep.error(o.s, o.e, 'nb101-input-output', `the last op must be "output", found "${o.v}"`, ['output']);
    else if (i > 0 && !last && (o.v === 'input' || o.v === 'output')) {
      rep.error(o.s, o.e, 'nb101-input-output', `"${o.v}" may only be the first ("input") or last ("output") op`);
    } else if (i > 0 && !last && allowed && !allowed.has(o.v)) {
      const u = unknownOperator(o.v, allowed, options.explainUnknown);
      rep.error(o.s, o.e, 'unknown-operator', u.message, u.suggestions);
    }
    ops.push(o.v);
    opSpans.push(o);
  });
  if (ops.length !== n) {
    rep.error(opsV.s, opsV.e, 'nb101-ops-length', `"ops" has ${ops.length} names but the matrix has ${n} nodes: one op per node`);
  }
  if (n < 2) rep.error(matrixV.s, matrixV.e, 'nb101-matrix', 'an NB101 cell has at least an input and an output node');
  if (rep.errorCount > before) return undefined;
  const edges: Array<[number, number]> = [];
  const edgeSpans: JValue[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (matrix[i][j]) { edges.push([i, j]); edgeSpans.push(cellSpan[i][j]); }
  const limits = { maxNodes: options.maxNodes ?? NB101_LIMITS.maxNodes, maxEdges: options.maxEdges ?? NB101_LIMITS.maxEdges };
  for (const p of checkGraph(ops, edges, limits)) {
    const span = p.edge !== undefined ? edgeSpans[p.edge] : p.node !== undefined ? opSpans[p.node] : p.code === 'too-many-nodes' ? opsV : matrixV;
    rep.add(p.severity, span.s, span.e, p.code, p.message);
  }
  if (rep.errorCount > before) return undefined;
  return { kind: 'nb101', matrix, ops };
}

/** Canonical one-line JSON (Python json.dumps spacing). */
export function formatNb101(cell: Nb101Cell): string {
  const rows = cell.matrix.map((r) => `[${r.join(', ')}]`).join(', ');
  return `{"matrix": [${rows}], "ops": [${cell.ops.map((o) => JSON.stringify(o)).join(', ')}]}`;
}

/** NASLib NB101 tuple: 49 adjacency ints (7×7 row-major) + 7 op codes (0=input, 1=output, 2=maxpool3x3, 3=conv1x1, 4=conv3x3). */
export const NASLIB_NB101_CODES: readonly string[] = ['input', 'output', 'maxpool3x3', 'conv1x1-bn-relu', 'conv3x3-bn-relu'];

export function nb101FromNaslibTuple(values: readonly number[]): Nb101Cell | undefined {
  if (values.length !== 56 || values.some((v) => !Number.isInteger(v))) return undefined;
  const matrix = Array.from({ length: 7 }, (_, i) => values.slice(7 * i, 7 * i + 7));
  const ops = values.slice(49).map((c) => NASLIB_NB101_CODES[c]);
  if (ops.some((o) => o === undefined) || matrix.flat().some((v) => v !== 0 && v !== 1)) return undefined;
  return { kind: 'nb101', matrix, ops };
}
