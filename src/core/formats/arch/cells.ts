/** `.arch` `cell NAME [in SPACE] = VALUE` statements: the value in any registered notation. */
import type { Reporter } from '../text';
import { excerpt, unknownName } from '../text';
import { statementHead, trimEnd, type ArchToken } from '../lexer';
import type { GraphLimits } from '../graph';
import { detectValueNotation, notationsHelp, type Topology } from '../notations';
import { BUILTIN_SPACES, archSpaceName, dagTopology, type CellDecl, type OpDecl, type SpaceDecl } from './types';

export interface CellContext {
  spaces: Map<string, SpaceDecl>;
  declared: Map<string, OpDecl>;
  knownOps: Set<string>;
  /** Vocabulary of each built-in space (+ declared operators), built once per document, not per cell. */
  vocabularies?: Map<string, readonly string[]>;
}

export function parseCellDecl(text: string, start: number, end: number, rep: Reporter, ctx: CellContext): CellDecl | undefined {
  end = trimEnd(text, start, end);
  // The '=' of this statement only: searching past `end` would make a document of '='-less statements quadratic.
  let headEnd = start;
  while (headEnd < end && text[headEnd] !== '=') headEnd++;
  if (headEnd < end) headEnd++;
  const head = statementHead(text, start, headEnd, rep, 'cell', 'a cell');
  if (!head) return undefined;
  const { c, name } = head;
  const decl: CellDecl = {
    name: name.value, space: '', spaceExplicit: false, nameRange: rep.map.range(name.start, name.end),
    range: rep.map.range(start, end), offset: start, endOffset: end, diagnostics: [],
  };
  let spaceTok: ArchToken | undefined;
  if (c.is('in')) {
    const inTok = c.next()!;
    spaceTok = c.next();
    if (spaceTok?.kind !== 'ident') {
      rep.error(inTok.start, inTok.end, 'arch-syntax', "expected a space name after 'in'");
      spaceTok = undefined;
    } else {
      decl.space = spaceTok.value;
      decl.spaceExplicit = true;
      decl.spaceRange = rep.map.range(spaceTok.start, spaceTok.end);
    }
  }
  const eq = c.next();
  if (!eq || eq.value !== '=') {
    const at = eq ?? name;
    rep.error(at.start, at.end, 'arch-syntax',
      `expected '=' after 'cell ${name.value}${spaceTok ? ` in ${spaceTok.value}` : ''}'${eq ? `, found '${excerpt(eq.value)}'` : ''}`);
    return decl;
  }
  let v = eq.end;
  while (v < end && /\s/.test(text[v])) v++;
  if (v >= end) {
    rep.error(eq.start, eq.end, 'cell-missing-value', `missing cell after '=': write ${notationsHelp()}`);
    return decl;
  }
  decl.valueOffset = v;
  decl.valueEndOffset = end;
  decl.valueRange = rep.map.range(v, end);
  const notation = detectValueNotation(text.slice(v, end));
  const firstLineEnd = Math.min(end, text.indexOf('\n', v) < 0 ? end : text.indexOf('\n', v));
  if (!notation) {
    rep.error(v, firstLineEnd, 'unknown-notation', `unrecognised cell notation '${excerpt(text.slice(v, firstLineEnd))}': expected ${notationsHelp()}`);
    return decl;
  }
  decl.notation = notation.id;

  // The space: named, or inferred from the notation.
  let topology: Topology = notation.topology;
  let vocab: readonly string[] | null;
  let limits: GraphLimits | undefined;
  const implied = archSpaceName(notation.space);
  const spaceName = decl.spaceExplicit ? decl.space : implied;
  const custom = decl.spaceExplicit ? ctx.spaces.get(decl.space) : undefined;
  const builtinSpace = BUILTIN_SPACES.get(spaceName);
  if (decl.spaceExplicit && !custom && !builtinSpace) {
    const u = unknownName('space', decl.space, [...BUILTIN_SPACES.keys(), ...ctx.spaces.keys()]);
    rep.error(spaceTok!.start, spaceTok!.end, 'unknown-space', `${u.message}; declare it with space ${decl.space} { ... }`, u.suggestions);
    // The cell is still checked, against the space its notation implies.
  }
  let explain: ((op: string) => string | undefined) | undefined;
  if (custom) {
    if (custom.topology) topology = custom.topology;
    vocab = custom.ops;
    limits = { maxNodes: custom.maxNodes, maxEdges: custom.maxEdges };
    explain = (op) => (ctx.knownOps.has(op) ? `operator '${op}' is not in the ops list of space '${custom.name}'` : undefined);
  } else {
    const b = (decl.spaceExplicit && builtinSpace) || BUILTIN_SPACES.get(implied)!;
    topology = b.topology;
    ctx.vocabularies ??= new Map();
    vocab = ctx.vocabularies.get(b.name) ?? [];
    if (!ctx.vocabularies.has(b.name)) ctx.vocabularies.set(b.name, (vocab = b.ops ? [...b.ops, ...ctx.declared.keys()] : [...ctx.knownOps]));
    limits = b.limits;
    explain = (op) => (ctx.knownOps.has(op) ? `operator '${op}' is not an operator of space '${b.name}' (use 'in graph' or a custom space for mixed operators)` : undefined);
  }
  decl.space = spaceName;
  const fits = topology === notation.topology || (dagTopology(topology) && dagTopology(notation.topology));
  if (!fits) {
    rep.error(v, firstLineEnd, 'notation-mismatch',
      `cell '${name.value}' is written as ${notation.title} but space '${spaceName}' uses the ${topology} topology`);
    return decl;
  }
  const read = notation.read(text, v, end, rep, {
    ops: vocab, explainUnknown: explain, dartsNodes: 4,
    maxNodes: limits?.maxNodes ?? Infinity, maxEdges: limits?.maxEdges ?? Infinity,
  });
  if (read.skipped) rep.error(v, firstLineEnd, 'cell-not-literal', read.skipped === 'elided' ? 'this cell is elided (`...`): write it out to score it' : 'a cell value must be written out, not computed');
  decl.cell = read.cell;
  decl.nodeNames = read.nodeNames;
  return decl;
}
