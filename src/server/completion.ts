/**
 * Completion in `.arch` files: operator names with their sentences (built-in and declared), space
 * names after `in`, and statement snippets at the start of a line.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import type { DocumentAnalysis } from '../core/analysis';
import { BUILTIN_SPACES } from '../core/formats/arch';
import { builtinOperators } from '../core/spaces';
import { escapeMarkdown as esc } from './markdown';

const SNIPPETS: Array<[label: string, detail: string, body: string]> = [
  ['cell (NB201)', 'NAS-Bench-201 cell', 'cell ${1:name} = |${2:nor_conv_3x3}~0|+|${3:nor_conv_3x3}~0|${4:skip_connect}~1|+|${5:skip_connect}~0|${6:nor_conv_3x3}~1|${7:nor_conv_3x3}~2|'],
  ['cell (Genotype)', 'DARTS genotype cell', "cell ${1:name} = Genotype(\n    normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1),\n            ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)],\n    normal_concat=[2, 3, 4, 5],\n    reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),\n            ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],\n    reduce_concat=[2, 3, 4, 5],\n)"],
  ['cell (graph)', 'operator-as-node graph cell', 'cell ${1:name} = graph {\n  in:  input\n  a:   ${2:nor_conv_3x3} <- in\n  b:   ${3:nor_conv_1x1} <- in, a\n  out: output <- a, b\n}'],
  ['space', 'custom search space', 'space ${1:name} {\n  topology: ${2|nb201,darts,nb101,graph|}\n  ops: [${3:none, skip_connect, nor_conv_3x3}]\n  max_params: ${4:1.0}\n}'],
  ['op', 'new operator with its description sentence', 'op ${1:name} "${2:Description of the operator}" kind=${3|conv,pool,skip,other|}'],
];

export function completion(analysis: DocumentAnalysis | undefined, lineText: string): CompletionItem[] {
  if (!analysis || analysis.kind !== 'arch') return [];
  const items: CompletionItem[] = [];
  if (/\bin\s+[\w-]*$/.test(lineText) && /^\s*cell\b/.test(lineText)) {
    for (const name of BUILTIN_SPACES.keys()) items.push({ label: name, kind: CompletionItemKind.Module, detail: 'built-in space' });
    for (const s of analysis.spaces) items.push({ label: s.name, kind: CompletionItemKind.Module, detail: 'space declared in this file' });
    return items;
  }
  if (/^\s*[a-z]*$/.test(lineText)) {
    SNIPPETS.forEach(([label, detail, body], i) => items.push({
      label, detail, kind: CompletionItemKind.Snippet, insertText: body, insertTextFormat: InsertTextFormat.Snippet,
      filterText: label.split(' ')[0], sortText: `0${i}`,
    }));
  }
  for (const op of builtinOperators().values()) {
    if (op.kind === 'io') continue;
    items.push({ label: op.name, kind: CompletionItemKind.Function, detail: op.description, documentation: { kind: MarkupKind.Markdown, value: `built-in operator (${esc(op.kind)}): _${esc(op.description)}_` }, sortText: `1${op.name}` });
  }
  for (const op of analysis.ops) {
    items.push({ label: op.name, kind: CompletionItemKind.Function, detail: op.description, documentation: { kind: MarkupKind.Markdown, value: `declared operator (${esc(op.kind)}): _${esc(op.description)}_` }, sortText: `1${op.name}` });
  }
  return items;
}
