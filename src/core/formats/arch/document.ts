/**
 * The `.arch` language (language id `nas-arch`); grammar and examples in docs/arch-format.md.
 *
 *   op ghost_conv "Ghost convolution 3 by 3" kind=conv params=4.5
 *   space tiny { topology: nb201; ops: [none, skip_connect, nor_conv_3x3, ghost_conv] }
 *   cell best in tiny = |ghost_conv~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|nor_conv_3x3~1|skip_connect~2|
 *   cell g = graph { in: input; a: nor_conv_3x3 <- in; out: output <- a }
 *   cell m in tnb101macro = 64-41414-basic
 *
 * Statements start on their own line with `cell`, `op` or `space`; the parser splits the document
 * there first, so a broken statement never hides the ones after it.
 */
import type { SourceRange } from '../../types';
import { builtinOperators } from '../../spaces/vocabulary';
import { LineMap, Reporter, excerpt } from '../text';
import { maskComments, splitStatements } from '../lexer';
import { BUILTIN_SPACES, type ArchDocument, type CellDecl, type OpDecl, type SpaceDecl } from './types';
import { parseOpDecl, parseSpaceDecl } from './statements';
import { parseCellDecl, type CellContext } from './cells';

export function parseArchDocument(text: string): ArchDocument {
  const map = new LineMap(text);
  const rep = new Reporter(map);
  const masked = maskComments(text);
  const doc: ArchDocument = { ops: [], spaces: [], cells: [], diagnostics: rep.diagnostics };
  const { preamble, statements } = splitStatements(masked);

  const stray = /\S/.exec(masked.slice(preamble.start, preamble.end));
  if (stray) {
    const s = preamble.start + stray.index;
    const lineEnd = masked.indexOf('\n', s);
    const e = lineEnd < 0 || lineEnd > preamble.end ? preamble.end : lineEnd;
    rep.error(s, e, 'expected-statement', `expected 'cell', 'op' or 'space' at the start of a line, found '${excerpt(masked.slice(s, e).trim())}'`);
  }

  // Pass 1: operator declarations (so spaces and cells may use operators declared further down).
  for (const st of statements) if (st.keyword === 'op') {
    const d = parseOpDecl(masked, st.start, st.end, rep);
    if (d) doc.ops.push(d);
  }
  const builtin = builtinOperators();
  const declared = new Map<string, OpDecl>();
  const at = (range: SourceRange, code: string, message: string) =>
    rep.diagnostics.push({ severity: 'error', range, code, message });
  for (const d of doc.ops) {
    if (builtin.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `operator '${d.name}' is built in; its sentence is fixed by the trained model. Choose another name`);
    } else if (declared.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `operator '${d.name}' is already declared at line ${declared.get(d.name)!.nameRange.line}`);
    } else declared.set(d.name, d);
  }
  const knownOps = new Set([...builtin.keys(), ...declared.keys()]);

  // Pass 2: spaces.
  const spaces = new Map<string, SpaceDecl>();
  for (const st of statements) if (st.keyword === 'space') {
    const d = parseSpaceDecl(masked, st.start, st.end, rep, knownOps);
    if (!d) continue;
    doc.spaces.push(d);
    if (BUILTIN_SPACES.has(d.name)) at(d.nameRange, 'duplicate-name', `space '${d.name}' is built in; choose another name`);
    else if (spaces.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `space '${d.name}' is already declared at line ${spaces.get(d.name)!.nameRange.line}`);
    } else spaces.set(d.name, d);
  }

  // Pass 3: cells.
  const cellNames = new Map<string, CellDecl>();
  const ctx: CellContext = { spaces, declared, knownOps };
  for (const st of statements) if (st.keyword === 'cell') {
    const before = rep.diagnostics.length;
    const d = parseCellDecl(masked, st.start, st.end, rep, ctx);
    if (!d) continue;
    if (cellNames.has(d.name)) {
      at(d.nameRange, 'duplicate-name', `cell '${d.name}' is already declared at line ${cellNames.get(d.name)!.nameRange.line}`);
    } else cellNames.set(d.name, d);
    d.diagnostics = rep.diagnostics.slice(before);
    // A cell with any error is not scored: consumers only ever see valid cells.
    if (d.diagnostics.some((x) => x.severity === 'error')) d.cell = undefined;
    doc.cells.push(d);
  }
  // Statements were visited by kind; report in document order.
  rep.diagnostics.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  return doc;
}
