/**
 * Inlay hints (a score after each cell) and code lenses (block actions: search a space, show a
 * cell's graph, export it). Lenses carry client command ids from the shared protocol.
 */
import { InlayHintKind, type CodeLens, type InlayHint, type Range } from 'vscode-languageserver/node';
import type { DocumentAnalysis } from '../core/analysis';
import { Commands } from '../shared/protocol';
import { shortScore } from '../shared/score-words';
import { toRange } from './convert';
import { costLine, evidenceLine, scoreLine } from './describe';
import type { CancelToken, ScoreService } from './score-service';

/** A score after each cell in the range (none for cells held back or when the model failed to load). */
export async function inlayHints(analysis: DocumentAnalysis, range: Range, scores: ScoreService, token: CancelToken): Promise<InlayHint[]> {
  const cells = analysis.cells.filter((c) => c.range.endLine - 1 >= range.start.line && c.range.line - 1 <= range.end.line);
  if (cells.length === 0) return [];
  let result;
  try {
    result = await scores.score(cells, token);
  } catch {
    return []; // the model failed to load; diagnostics and status say so
  }
  const hints: InlayHint[] = [];
  cells.forEach((c, i) => {
    const s = result[i];
    if (!s) return;
    hints.push({
      position: toRange(c.range).end,
      label: shortScore(s),
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: { kind: 'markdown', value: `${scoreLine(s)}\n\n${evidenceLine(s)}\n\n${costLine(scores.cost(c))}` },
    });
  });
  return hints;
}

/** Search lenses on space blocks (and the first cell of each built-in space of an `.arch` document); graph and export on each cell. */
export function codeLenses(uri: string, analysis: DocumentAnalysis): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const s of analysis.spaces) {
    if (!s.space || !s.range) continue;
    lenses.push({ range: toRange(s.range), command: { title: 'Search this space', command: Commands.searchBestCell, arguments: [{ uri, space: s.name }] } });
  }
  // Built-in spaces have no block: the first cell of each offers the search.
  const offered = new Set(analysis.spaces.map((s) => s.name));
  for (const c of analysis.cells) {
    const range = toRange(c.nameRange ?? c.range);
    const locator = { uri, position: range.start, ...(c.name ? { name: c.name } : {}) };
    if (analysis.kind === 'arch' && !offered.has(c.spaceName) && !c.space.id.endsWith('.ext')) {
      offered.add(c.spaceName);
      lenses.push({ range, command: { title: `Search ${c.spaceName}`, command: Commands.searchBestCell, arguments: [{ uri, space: c.spaceName }] } });
    }
    lenses.push(
      { range, command: { title: 'Show graph', command: Commands.showCellGraph, arguments: [locator] } },
      { range, command: { title: 'Export as PyTorch', command: Commands.exportPytorch, arguments: [locator] } },
    );
  }
  return lenses;
}
