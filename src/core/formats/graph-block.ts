/**
 * `graph { name: op <- src, ...; ... }` blocks: the operator-as-node cell of the `.arch` language,
 * also read on their own (`tgnas info 'graph { ... }'`) and written by `formatCell(cell, 'graph')`.
 */
import type { Diagnostic, GraphCell } from '../types';
import { builtinOperators } from '../spaces/vocabulary';
import { LineMap, Reporter, excerpt, unknownName, unknownOperator } from './text';
import { ArchToken, Cursor, lexArch, maskComments, trimEnd } from './lexer';
import { GraphLimits, checkGraph, graphTooLargeMessage, topologicalOrder } from './graph';
import { MAX_GRAPH_EDGES, MAX_GRAPH_NODES } from '../limits';

/** `graph { name: op [<- src, ...] ; ... }` over text[start, end). */
export function parseGraphBlock(
  text: string,
  start: number,
  end: number,
  rep: Reporter,
  options: { ops: readonly string[] | null; explainUnknown?: (op: string) => string | undefined } & GraphLimits,
): { cell: GraphCell; names: string[] } | undefined {
  const before = rep.errorCount;
  const c = new Cursor(lexArch(text, start, end), end);
  c.next(); // 'graph'
  c.skipNewlines();
  const open = c.next()!; // '{' (checked by detectNotation)
  interface NodeDecl { name: ArchToken; op: ArchToken; srcs: ArchToken[] }
  const nodes: NodeDecl[] = [];
  let edgeCount = 0;
  const skipItem = () => {
    while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
  };
  for (let t = c.nextItem(); t; t = c.nextItem()) {
    if (t.kind !== 'ident' || !c.is(':')) {
      rep.error(t.start, t.end, 'arch-syntax', `expected 'name: op <- inputs' in the graph, found '${excerpt(t.value)}'`);
      skipItem();
      continue;
    }
    c.next();
    const op = c.next();
    if (op?.kind !== 'ident') {
      rep.error(op?.start ?? t.end, op?.end ?? t.end + 1, 'arch-syntax', `expected the operator of node '${t.value}' after ':'`);
      if (op && op.kind !== 'newline' && op.value !== ';' && op.value !== '}') skipItem();
      else if (op) c.i--;
      continue;
    }
    if (nodes.length >= MAX_GRAPH_NODES) {
      // The hard cap: stop reading here (parsing, keying and scoring a cell stay bounded).
      rep.error(t.start, t.end, 'graph-too-large', graphTooLargeMessage('nodes'));
      return undefined;
    }
    const node: NodeDecl = { name: t, op, srcs: [] };
    if (c.is('<-')) {
      const arrow = c.next()!;
      for (;;) {
        const s = c.peek();
        if (s?.kind !== 'ident') {
          rep.error(s?.start ?? arrow.end, s?.end ?? arrow.end, 'arch-syntax', `expected an input node name after '${node.srcs.length ? ',' : '<-'}'`);
          break;
        }
        c.next();
        if (++edgeCount > MAX_GRAPH_EDGES) {
          rep.error(s.start, s.end, 'graph-too-large', graphTooLargeMessage('edges'));
          return undefined;
        }
        node.srcs.push(s);
        if (!c.is(',')) break;
        c.next();
        c.skipNewlines();
      }
    }
    nodes.push(node);
    const after = c.peek();
    if (after && after.kind !== 'newline' && after.value !== ';' && after.value !== '}') {
      rep.error(after.start, after.end, 'arch-syntax', `expected a new line, ';' or '}' after node '${t.value}', found '${excerpt(after.value)}'`);
      skipItem();
    }
  }
  if (!c.closed) {
    rep.error(open.start, open.end, 'unbalanced-brackets', "'{' of the graph is never closed (add '}')", ['}']);
    return undefined;
  }
  if (c.peek()) rep.error(c.peek()!.start, end, 'arch-syntax', "unexpected text after the closing '}' of the graph");
  if (nodes.length === 0) {
    rep.error(open.start, open.end, 'graph-empty', 'the graph has no nodes: declare at least "in: input" and "out: output <- in"');
    return undefined;
  }

  const index = new Map<string, number>();
  const allowed = options.ops && new Set(options.ops);
  nodes.forEach((n, i) => {
    if (index.has(n.name.value)) {
      rep.error(n.name.start, n.name.end, 'duplicate-name', `node '${n.name.value}' is already declared in this graph`);
    } else index.set(n.name.value, i);
    const op = n.op.value;
    if (op !== 'input' && op !== 'output' && options.ops && !allowed!.has(op)) {
      const u = unknownOperator(op, [...options.ops, 'input', 'output'], options.explainUnknown);
      rep.error(n.op.start, n.op.end, 'unknown-operator', u.message, u.suggestions);
    }
  });
  const edges: Array<[number, number]> = [];
  const edgeToks: ArchToken[] = [];
  let unknownNodes = 0;
  nodes.forEach((n, i) => {
    for (const s of n.srcs) {
      const from = index.get(s.value);
      if (from === undefined) {
        // Did-you-mean costs O(nodes) per name: only for the first few unknown names.
        const u = ++unknownNodes <= 20 ? unknownName('node', s.value, index.keys()) : { message: `unknown node '${s.value}'`, suggestions: [] };
        rep.error(s.start, s.end, 'graph-unknown-node', `${u.message} in the inputs of '${n.name.value}'`, u.suggestions);
        continue;
      }
      edges.push([from, i]);
      edgeToks.push(s);
    }
  });
  if (rep.errorCount > before) return undefined;
  const ops = nodes.map((n) => n.op.value);
  const names = nodes.map((n) => n.name.value);
  for (const p of checkGraph(ops, edges, options, names)) {
    const tok = p.edge !== undefined ? edgeToks[p.edge] : p.node !== undefined ? nodes[p.node].name : open;
    rep.add(p.severity, tok.start, tok.end, p.code, p.message);
  }
  if (rep.errorCount > before) return undefined;
  const order = topologicalOrder(ops, edges);
  const at = new Map(order.map((v, k) => [v, k]));
  const cellEdges = edges.map(([a, b]) => [at.get(a)!, at.get(b)!] as [number, number]);
  const seen = new Set<string>();
  const dedup = cellEdges.filter((e) => (seen.has(e.join()) ? false : (seen.add(e.join()), true)));
  dedup.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return { cell: { kind: 'graph', ops: order.map((k) => ops[k]), edges: dedup }, names: order.map((k) => names[k]) };
}

/** Node names the formatter gives a graph: in (in0, in1, ... when several), n1.., out. */
function graphNodeNames(cell: GraphCell): string[] {
  const inputs = cell.ops.filter((o) => o === 'input').length;
  let k = 0;
  return cell.ops.map((o, i) => (o === 'input' ? (inputs > 1 ? `in${k++}` : 'in') : o === 'output' ? 'out' : `n${i}`));
}

export function formatGraphBlock(cell: GraphCell, names = graphNodeNames(cell), indent = '  '): string {
  const preds: number[][] = cell.ops.map(() => []);
  for (const [a, b] of cell.edges) preds[b].push(a);
  const width = Math.max(...names.map((n) => n.length)) + 1;
  const lines = cell.ops.map((op, i) => {
    const src = preds[i].length ? ` <- ${preds[i].map((p) => names[p]).join(', ')}` : '';
    return `${indent}${`${names[i]}:`.padEnd(width)} ${op}${src}`;
  });
  return `graph {\n${lines.join('\n')}\n}`;
}

/** Parses a standalone `graph { ... }` block (vocabulary: every built-in operator unless given). */
export function parseGraphNotation(
  text: string,
  options: { ops?: readonly string[] | null; line?: number; column?: number } & GraphLimits = {},
): { cell?: GraphCell; nodeNames?: string[]; diagnostics: Diagnostic[] } {
  const rep = new Reporter(new LineMap(text, options));
  const masked = maskComments(text);
  let s = 0;
  while (s < masked.length && /\s/.test(masked[s])) s++;
  const e = trimEnd(masked, s, masked.length);
  if (!/^graph\s*\{/.test(masked.slice(s, s + 64))) {
    rep.error(s, Math.min(e, s + 5), 'arch-syntax', "expected 'graph { name: op <- inputs; ... }'");
    return { diagnostics: rep.diagnostics };
  }
  const ops = options.ops === undefined ? [...builtinOperators().keys()] : options.ops;
  const g = parseGraphBlock(masked, s, e, rep, { ...options, ops });
  return { cell: g?.cell, nodeNames: g?.names, diagnostics: rep.diagnostics };
}
