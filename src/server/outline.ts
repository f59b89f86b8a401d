/** Document symbols, folding ranges and go-to-definition for `.arch` declarations. */
import { SymbolKind, type DocumentSymbol, type FoldingRange, type Location } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { literalTitle, type DocumentAnalysis } from '../core/analysis';
import type { SourceRange } from '../core/types';
import { toRange } from './convert';

export function documentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  const symbols: Array<DocumentSymbol & { line: number }> = [];
  const sym = (name: string, detail: string, kind: SymbolKind, range: SourceRange, sel: SourceRange) =>
    symbols.push({ name, detail, kind, range: toRange(range), selectionRange: toRange(sel), line: range.line });
  for (const o of analysis.ops) sym(o.name, o.description, SymbolKind.Operator, o.range, o.nameRange);
  for (const s of analysis.spaces) if (s.range && s.nameRange) sym(s.name, s.space ? `${s.space.topology} space` : 'space (invalid)', SymbolKind.Namespace, s.range, s.nameRange);
  if (analysis.kind === 'arch') {
    for (const c of analysis.cellDecls) sym(c.name, `in ${c.space}${c.cell ? '' : ' (has errors)'}`, SymbolKind.Class, c.range, c.nameRange);
  } else {
    // Named by the variable it is assigned to where there is one (DARTS_V2 = Genotype(...)).
    for (const c of analysis.cells) sym(c.variable ?? literalTitle(c.notation), c.variable ? `${literalTitle(c.notation)} · ${c.space.label}` : c.space.label, SymbolKind.Class, c.range, c.range);
  }
  symbols.sort((a, b) => a.line - b.line);
  return symbols.map(({ line: _line, ...s }) => s);
}

export function foldingRanges(analysis: DocumentAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (r: SourceRange) => {
    // endColumn 1 means the range stops at the start of a line: that line is not part of the block.
    const end = r.endColumn === 1 ? r.endLine - 2 : r.endLine - 1;
    if (end > r.line - 1) out.push({ startLine: r.line - 1, endLine: end });
  };
  for (const s of analysis.spaces) if (s.range) add(s.range);
  for (const c of analysis.cellDecls) add(c.range);
  return out;
}

/** Declared operator or space named under the cursor -> its declaration. */
export function definition(doc: TextDocument, analysis: DocumentAnalysis, line: number, character: number): Location | null {
  const word = wordAt(doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }), character);
  if (!word) return null;
  const op = analysis.ops.find((o) => o.name === word);
  if (op) return { uri: doc.uri, range: toRange(op.nameRange) };
  const space = analysis.spaces.find((s) => s.name === word && s.nameRange);
  if (space) return { uri: doc.uri, range: toRange(space.nameRange!) };
  return null;
}

export function wordAt(lineText: string, character: number): string | undefined {
  const re = /[A-Za-z_][\w-]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(lineText))) if (m.index <= character && character <= m.index + m[0].length) return m[0];
  return undefined;
}
