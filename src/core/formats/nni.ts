/**
 * NNI's NAS-Bench-201 architectures (nni.nas.benchmarks.nasbench201, `query_nb201_trial_stats(arch, ...)`):
 * a dict from edge `'i_j'` (node i -> node j) to an operator, e.g.
 *   {'0_1': 'avg_pool_3x3', '0_2': 'conv_1x1', '1_2': 'skip_connect', '0_3': 'conv_1x1', '1_3': 'skip_connect', '2_3': 'skip_connect'}
 * NNI names the convolutions `conv_1x1` / `conv_3x3` (NB201's nor_conv_*); the six keys may come in any order.
 */
import type { Nb201Cell } from '../types';
import { NB201_EDGES } from './nb201';
import { PythonParser, SyntaxStop, checkBrackets, hasEllipsis, tokenizePython } from './python';
import { excerpt, unknownOperator, type Reporter } from './text';
import type { NotationRead } from './notations';

/** NNI's operator names -> NB201's. */
export const NNI_OPS: Readonly<Record<string, string>> = {
  none: 'none', skip_connect: 'skip_connect', conv_1x1: 'nor_conv_1x1', conv_3x3: 'nor_conv_3x3', avg_pool_3x3: 'avg_pool_3x3',
};
const KEYS = NB201_EDGES.map(([from, to]) => `${from}_${to}`);

/** Parses text[start, end) as an NNI NB201 dict. `ops`: allowed NB201 operators (null: any of NNI's five). */
export function parseNniNb201Range(text: string, start: number, end: number, rep: Reporter, ops?: readonly string[] | null): NotationRead {
  const before = rep.errorCount;
  const toks = tokenizePython(text, start, end, rep);
  if (!checkBrackets(toks, rep) || rep.errorCount > before) return {};
  let v;
  try {
    v = new PythonParser(toks, rep, end, 'nni-syntax').value();
  } catch (e) {
    if (e instanceof SyntaxStop) return {};
    throw e;
  }
  if (hasEllipsis(v)) return { skipped: 'elided' };
  if (v.k !== 'dict') {
    rep.error(v.s, v.e, 'nni-syntax', "an NNI NB201 architecture is a dict {'0_1': op, '0_2': op, '1_2': op, '0_3': op, '1_3': op, '2_3': op}");
    return {};
  }
  const byKey = new Map<string, string>();
  for (const [k, x] of v.entries) {
    if (k.k !== 'str' || !KEYS.includes(k.v)) {
      rep.error(k.s, k.e, 'nni-edge', `'${k.k === 'str' ? excerpt(k.v) : 'key'}' is not an NB201 edge: keys are ${KEYS.map((e) => `'${e}'`).join(', ')}`);
      continue;
    }
    if (x.k !== 'str') return { skipped: 'code' };
    const op = NNI_OPS[x.v];
    if (!op || (ops && !ops.includes(op))) {
      const u = unknownOperator(x.v, Object.keys(NNI_OPS));
      rep.error(x.s, x.e, 'unknown-operator', `${u.message}; NNI's NB201 operators are ${Object.keys(NNI_OPS).join(', ')}`, u.suggestions);
      continue;
    }
    byKey.set(k.v, op);
  }
  const missing = KEYS.filter((k) => !byKey.has(k));
  // NNI reads a partial dict as a query (any operator on the edges left out): it names no one cell.
  if (missing.length && rep.errorCount === before) {
    rep.error(v.s, v.e, 'nni-edge', `the dict leaves out edge${missing.length === 1 ? '' : 's'} ${missing.map((k) => `'${k}'`).join(', ')}: ` +
      'NNI reads that as a query over every operator there, not one cell; give all six edges to score it');
  }
  if (rep.errorCount > before) return {};
  return { cell: { kind: 'nb201', ops: KEYS.map((k) => byKey.get(k)!) } satisfies Nb201Cell };
}

/** NB201 cell -> NNI dict; undefined when an operator has no NNI name. */
export function formatNniNb201(cell: Nb201Cell): string | undefined {
  const names = Object.fromEntries(Object.entries(NNI_OPS).map(([nni, nb]) => [nb, nni]));
  if (cell.ops.some((o) => !(o in names))) return undefined;
  return `{${KEYS.map((k, i) => `'${k}': '${names[cell.ops[i]]}'`).join(', ')}}`;
}
