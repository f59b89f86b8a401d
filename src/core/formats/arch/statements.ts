/** `.arch` `op` and `space` statements. */
import type { OperatorKind } from '../../types';
import { Reporter, excerpt, unknownName } from '../text';
import { statementHead, trimEnd, type ArchToken } from '../lexer';
import { MAX_GRAPH_EDGES, MAX_GRAPH_NODES } from '../../limits';
import { DESCRIPTOR_ATTRIBUTES, OP_KINDS, SPACE_KEYS, TOPOLOGIES, dagTopology, type DeclarableTopology, type OpDecl, type SpaceDecl } from './types';

export function parseOpDecl(text: string, start: number, end: number, rep: Reporter): OpDecl | undefined {
  end = trimEnd(text, start, end);
  const head = statementHead(text, start, end, rep, 'op', 'an operator');
  if (!head) return undefined;
  const { c, name } = head;
  const desc = c.peek();
  if (desc?.kind !== 'string') {
    rep.error(desc?.start ?? name.end, desc?.end ?? name.end, 'op-missing-description',
      `expected the description sentence of '${name.value}' in double quotes, e.g. op ${name.value} "Convolution 3 by 3"`);
    return undefined;
  }
  c.next();
  if (!desc.closed) rep.error(desc.start, desc.end, 'unterminated-string', 'the description string is never closed (add ")');
  else if (!desc.value.trim()) rep.error(desc.start, desc.end, 'op-missing-description', 'the description sentence is empty: describe the operator in words');
  const decl: OpDecl = {
    name: name.value, description: desc.value.trim(), kind: 'other',
    nameRange: rep.map.range(name.start, name.end), range: rep.map.range(start, end), offset: start, endOffset: end,
  };
  const seen = new Set<string>();
  c.skipNewlines();
  while (c.peek()) {
    const key = c.next()!;
    if (key.kind !== 'ident' || !c.is('=')) {
      rep.error(key.start, key.end, 'arch-syntax', `expected 'kind=...', 'params=...', 'flops=...', 'kernel=...', 'stride=...', 'dilation=...' or 'channels=...' after the description, found '${excerpt(key.value)}'`);
      break;
    }
    c.next();
    const val = c.next();
    if (!val || val.kind === 'newline') {
      rep.error(key.start, key.end + 1, 'arch-syntax', `missing value after '${key.value}='`);
      break;
    }
    if (seen.has(key.value)) rep.warning(key.start, key.end, 'duplicate-attribute', `'${key.value}' is given twice; the last one wins`);
    seen.add(key.value);
    if (key.value === 'kind') {
      if ((OP_KINDS as readonly string[]).includes(val.value)) decl.kind = val.value as OperatorKind;
      else {
        const u = unknownName('operator kind', val.value, OP_KINDS);
        rep.error(val.start, val.end, 'op-kind', `${u.message}; kinds are ${OP_KINDS.join(', ')}`, u.suggestions);
      }
    } else if (key.value === 'params' || key.value === 'flops') {
      const v = Number(val.value);
      if (val.kind !== 'number' || !(v >= 0)) rep.error(val.start, val.end, 'op-cost', `'${key.value}' must be a non-negative number`);
      else decl[key.value] = v;
    } else if ((DESCRIPTOR_ATTRIBUTES as readonly string[]).includes(key.value)) {
      const v = Number(val.value);
      const k = key.value as (typeof DESCRIPTOR_ATTRIBUTES)[number];
      if (val.kind !== 'number' || !(v >= 1) || (k !== 'channels' && !Number.isInteger(v))) {
        rep.error(val.start, val.end, 'op-cost', `'${k}' must be ${k === 'channels' ? 'a number ≥ 1 (output / input channels)' : 'a whole number ≥ 1'}`);
      } else decl[k] = v;
    } else {
      const u = unknownName('operator attribute', key.value, ['kind', 'params', 'flops', ...DESCRIPTOR_ATTRIBUTES]);
      rep.error(key.start, key.end, 'op-attribute', u.message, u.suggestions);
    }
    c.skipNewlines();
  }
  return decl;
}

export function parseSpaceDecl(text: string, start: number, end: number, rep: Reporter, knownOps: Set<string>): SpaceDecl | undefined {
  end = trimEnd(text, start, end);
  const head = statementHead(text, start, end, rep, 'space', 'a space');
  if (!head) return undefined;
  const { c, name } = head;
  const decl: SpaceDecl = {
    name: name.value, ops: [], nameRange: rep.map.range(name.start, name.end),
    range: rep.map.range(start, end), offset: start, endOffset: end,
  };
  c.skipNewlines();
  const open = c.next();
  if (!open || open.value !== '{') {
    rep.error(open?.start ?? name.end, open?.end ?? name.end, 'arch-syntax', `expected '{' after 'space ${name.value}'`);
    return decl;
  }
  const seen = new Set<string>();
  const limitToks: ArchToken[] = [];
  let opsTok: ArchToken | undefined;
  for (let t = c.nextItem(); t; t = c.nextItem()) {
    if (t.kind !== 'ident' || !c.is(':')) {
      rep.error(t.start, t.end, 'arch-syntax', `expected 'key: value' in space '${name.value}' (keys: ${SPACE_KEYS.join(', ')}), found '${excerpt(t.value)}'`);
      while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
      continue;
    }
    c.next(); // ':'
    if (!SPACE_KEYS.includes(t.value)) {
      const u = unknownName('space key', t.value, SPACE_KEYS);
      rep.error(t.start, t.end, 'space-unknown-key', u.message, u.suggestions);
      while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
      continue;
    }
    if (seen.has(t.value)) rep.warning(t.start, t.end, 'duplicate-attribute', `'${t.value}' is given twice; the last one wins`);
    seen.add(t.value);
    if (t.value === 'ops') {
      opsTok = t;
      const bracket = c.is('[');
      if (bracket) c.next();
      const ops: string[] = [];
      for (;;) {
        if (bracket) c.skipNewlines();
        const o = c.peek();
        if (!o || (bracket && o.value === ']')) {
          if (bracket && o) c.next();
          else if (bracket) rep.error(t.start, t.end, 'unbalanced-brackets', `'[' of the ops list is never closed (add ']')`);
          break;
        }
        if (!bracket && (o.kind === 'newline' || o.value === ';' || o.value === '}')) break;
        c.next();
        if (o.kind !== 'ident') {
          rep.error(o.start, o.end, 'arch-syntax', `expected an operator name in the ops list, found '${excerpt(o.value)}'`);
          continue;
        }
        if (!knownOps.has(o.value)) {
          const u = unknownName('operator', o.value, knownOps);
          rep.error(o.start, o.end, 'unknown-operator', `${u.message}; declare new operators with op ${o.value} "description"`, u.suggestions);
        } else if (o.value === 'input' || o.value === 'output') {
          rep.warning(o.start, o.end, 'space-io-op', `'${o.value}' is implicit in every space; no need to list it`);
        } else if (ops.includes(o.value)) rep.warning(o.start, o.end, 'duplicate-name', `'${o.value}' is listed twice`);
        else ops.push(o.value);
        if (bracket) c.skipNewlines();
        if (c.is(',')) c.next();
      }
      decl.ops = ops;
      continue;
    }
    const v = c.next();
    if (!v || v.kind === 'newline' || v.value === '}' || v.value === ';') {
      rep.error(t.start, t.end + 1, 'arch-syntax', `missing value after '${t.value}:'`);
      if (v?.value === '}') {
        c.closed = true;
        break;
      }
      continue;
    }
    if (t.value === 'topology') {
      if ((TOPOLOGIES as readonly string[]).includes(v.value)) decl.topology = v.value as DeclarableTopology;
      else {
        const u = unknownName('topology', v.value, TOPOLOGIES);
        rep.error(v.start, v.end, 'space-topology', `${u.message}; use nb201, darts, nb101 or graph`, u.suggestions);
      }
    } else {
      const num = Number(v.value);
      const integer = t.value === 'max_nodes' || t.value === 'max_edges';
      const cap = t.value === 'max_nodes' ? MAX_GRAPH_NODES : t.value === 'max_edges' ? MAX_GRAPH_EDGES : Infinity;
      if (v.kind !== 'number' || !(num > 0) || (integer && !Number.isInteger(num))) {
        rep.error(v.start, v.end, 'space-limit', `'${t.value}' must be a positive ${integer ? 'integer' : 'number'}${integer ? '' : ' (millions)'}`);
      } else if (num > cap) {
        rep.error(v.start, v.end, 'space-limit', `'${t.value}' is at most ${cap}: TG-NAS reads cells of at most ${MAX_GRAPH_NODES} nodes and ${MAX_GRAPH_EDGES} edges`);
      } else {
        if (t.value === 'max_nodes') decl.maxNodes = num;
        else if (t.value === 'max_edges') decl.maxEdges = num;
        else if (t.value === 'max_params') decl.maxParamsM = num;
        else decl.maxFlopsM = num;
        if (integer) limitToks.push(t);
      }
    }
    const after = c.peek();
    if (after && after.kind !== 'newline' && after.value !== ';' && after.value !== '}') {
      rep.error(after.start, after.end, 'arch-syntax', `expected a new line or ';' after '${t.value}: ${v.value}', found '${excerpt(after.value)}'`);
      while (c.peek() && c.peek()!.kind !== 'newline' && !c.is(';') && !c.is('}')) c.next();
    }
  }
  if (!c.closed) rep.error(open.start, open.end, 'unbalanced-brackets', `'{' of space '${name.value}' is never closed (add '}')`, ['}']);
  else if (c.peek()) {
    const t = c.peek()!;
    rep.error(t.start, end, 'arch-syntax', `unexpected text after the closing '}' of space '${name.value}'`);
  }
  if (!seen.has('topology')) {
    rep.error(name.start, name.end, 'space-missing-topology', `space '${name.value}' needs 'topology: nb201 | darts | nb101 | graph'`);
  }
  if (!opsTok) rep.error(name.start, name.end, 'space-missing-ops', `space '${name.value}' needs an operator list, e.g. 'ops: [none, skip_connect, nor_conv_3x3]'`);
  else if (decl.ops.length === 0) rep.error(opsTok.start, opsTok.end, 'space-missing-ops', `space '${name.value}' lists no operators`);
  if (decl.topology && !dagTopology(decl.topology)) {
    for (const t of limitToks) rep.warning(t.start, t.end, 'space-limit', `'${t.value}' only applies to nb101/graph topologies; the ${decl.topology} cell shape is fixed`);
  }
  return decl;
}
