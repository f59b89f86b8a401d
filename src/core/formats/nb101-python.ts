/**
 * NAS-Bench-101 cells as researchers write them in Python: the nasbench API's
 * `ModelSpec(matrix=[[...]], ops=[...])` (also `api.ModelSpec`, positional arguments, the API's op
 * constants `INPUT`, `CONV3X3`, ... and comments inside), and dicts in either quote style
 * `{'matrix': [[...]], 'ops': [...]}`. Both become the JSON form (positions kept) and go through
 * nb101FromJson, so every check and message is the JSON reader's.
 */
import type { Nb101Cell } from '../types';
import type { JValue } from './json';
import { nb101FromJson, type Nb101Options } from './nb101';
import { PythonParser, SyntaxStop, checkBrackets, hasEllipsis, isCode, tokenizePython, type PyNode } from './python';
import { excerpt, type Reporter } from './text';

/** The nasbench API's op constants (nasbench/api.py, nasbench/lib/...: INPUT, OUTPUT, CONV1X1, CONV3X3, MAXPOOL3X3). */
export const NB101_OP_CONSTANTS: Readonly<Record<string, string>> = {
  INPUT: 'input', OUTPUT: 'output', CONV1X1: 'conv1x1-bn-relu', CONV3X3: 'conv3x3-bn-relu', MAXPOOL3X3: 'maxpool3x3',
};

/** What a Python NB101 literal turned out to be: a cell, or code / an elided example (nothing to report). */
export type PythonNb101 = { cell?: Nb101Cell; skipped?: 'code' | 'elided' };

/** Python value -> JSON value with the same offsets; undefined when it holds code. */
function toJson(n: PyNode): JValue | undefined {
  switch (n.k) {
    case 'int':
      return { k: 'num', v: n.v, s: n.s, e: n.e };
    case 'str':
      return { k: 'str', v: n.v, s: n.s, e: n.e };
    case 'seq': {
      const items = n.items.map(toJson);
      return items.every((x) => x) ? { k: 'arr', items: items as JValue[], s: n.s, e: n.e } : undefined;
    }
    case 'dict': {
      const entries: Array<{ key: string; ks: number; ke: number; value: JValue }> = [];
      for (const [k, v] of n.entries) {
        const value = toJson(v);
        if (k.k !== 'str' || !value) return undefined;
        entries.push({ key: k.v, ks: k.s, ke: k.e, value });
      }
      return { k: 'obj', entries, s: n.s, e: n.e };
    }
    case 'name': {
      const last = n.v.split('.').pop()!;
      if (last in NB101_OP_CONSTANTS) return { k: 'str', v: NB101_OP_CONSTANTS[last], s: n.s, e: n.e };
      if (last === 'True' || last === 'False' || last === 'None') return { k: 'lit', v: last === 'None' ? null : last === 'True', s: n.s, e: n.e };
      return undefined;
    }
    case 'call':
      // np.array([[...]]) around a matrix is still a literal.
      return /(^|\.)(array|asarray|list|tuple)$/.test(n.name) && n.args.length === 1 && n.kwargs.size === 0 ? toJson(n.args[0]) : undefined;
    default:
      return undefined;
  }
}

function readValue(text: string, start: number, end: number, rep: Reporter): PyNode | undefined {
  const before = rep.errorCount;
  const toks = tokenizePython(text, start, end, rep);
  if (!checkBrackets(toks, rep) || rep.errorCount > before) return undefined;
  const p = new PythonParser(toks, rep, end, 'nb101-syntax');
  try {
    const v = p.value();
    const rest = p.peek();
    if (rest) p.fail(rest, `unexpected text after the NB101 cell: '${excerpt(text.slice(rest.s, end))}'`);
    return v;
  } catch (e) {
    if (e instanceof SyntaxStop) return undefined;
    throw e;
  }
}

/** Parses text[start, end) as `ModelSpec(matrix=..., ops=...)` (any module prefix). */
export function parseModelSpecRange(text: string, start: number, end: number, rep: Reporter, options: Nb101Options = {}): PythonNb101 {
  const v = readValue(text, start, end, rep);
  if (!v) return {};
  if (v.k !== 'call' || !/(^|\.)ModelSpec$/.test(v.name)) {
    rep.error(v.s, v.e, 'nb101-syntax', "expected 'ModelSpec(matrix=[[...]], ops=[...])'");
    return {};
  }
  if (hasEllipsis(v)) return { skipped: 'elided' };
  const matrix = v.kwargs.get('matrix') ?? v.args[0];
  const ops = v.kwargs.get('ops') ?? v.args[1];
  if (!matrix || !ops) {
    rep.error(v.s, v.e, 'nb101-missing-key', `ModelSpec needs ${!matrix ? 'matrix' : 'ops'}: ModelSpec(matrix=[[...]], ops=[...])`);
    return {};
  }
  const m = toJson(matrix);
  const o = toJson(ops);
  // ModelSpec(matrix=adj, ops=ops) builds a spec from variables: code, not an architecture.
  if (!m || !o || isCode(matrix) || isCode(ops)) return { skipped: 'code' };
  const json: JValue = {
    k: 'obj', s: v.s, e: v.e,
    entries: [
      { key: 'matrix', ks: matrix.s, ke: matrix.s, value: m },
      { key: 'ops', ks: ops.s, ke: ops.s, value: o },
    ],
  };
  return { cell: nb101FromJson(json, rep, options) };
}

/** Parses text[start, end) as a Python dict (or JSON object) `{'matrix': [[...]], 'ops': [...]}`. */
export function parseNb101DictRange(text: string, start: number, end: number, rep: Reporter, options: Nb101Options = {}): PythonNb101 {
  const v = readValue(text, start, end, rep);
  if (!v) return {};
  if (hasEllipsis(v)) return { skipped: 'elided' };
  const json = toJson(v);
  if (!json) return { skipped: 'code' };
  return { cell: nb101FromJson(json, rep, options) };
}
