/**
 * Hovers: a cell -> predicted accuracy (or percentile), cost, space, model; an `op` declaration ->
 * its sentence and the known operators nearest to it by embedding similarity. Compact markdown;
 * every piece of document text goes through ./markdown (escaped, or a literal code span).
 */
import type { Hover } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { cellAt, literalTitle, type DocumentAnalysis } from '../core/analysis';
import { BASELINE_MODEL } from '../core/proxy/baseline';
import { inRange, toRange } from './convert';
import { costLine, evidenceLine, scoreLine } from './describe';
import { Commands, commandLink } from '../shared/protocol';
import { improvable } from './improve';
import { escapeMarkdown as esc, mdCode } from './markdown';
import type { CancelToken, ScoreService } from './score-service';

/** Why a sentence is not embedded yet (./sentences): it is being typed, or its declaration has errors. */
const PENDING = 'the operator descriptions are embedded once their declarations have no errors and typing pauses';

/** The hover at a position: a scored cell, a cell declaration with errors, or a declared operator; null elsewhere. */
export async function hover(doc: TextDocument, analysis: DocumentAnalysis, line: number, character: number, scores: ScoreService, token: CancelToken): Promise<Hover | null> {
  const offset = doc.offsetAt({ line, character });
  const cell = cellAt(analysis, offset);
  if (cell) {
    const title = cell.name ? `cell ${mdCode(cell.name)}` : cell.variable ? `${esc(literalTitle(cell.notation))} ${mdCode(cell.variable)}` : esc(literalTitle(cell.notation));
    const lines = [`**TG-NAS** · ${title} · ${esc(cell.space.label)}`, ''];
    try {
      if (!scores.cached(cell) && scores.gate?.allows(cell.space) === false) {
        lines.push(`_no score yet: ${PENDING}_`);
      } else {
        const [s] = await scores.score([cell], token);
        if (!s) return null; // cancelled
        lines.push(scoreLine(s), '', evidenceLine(s));
      }
    } catch (e) {
      lines.push(`_no score: the model failed to load (${esc(e instanceof Error ? e.message : String(e))})_`);
    }
    lines.push('', costLine(scores.cost(cell)));
    const st = scores.status();
    const model = st.model === BASELINE_MODEL ? `${esc(st.model)}: _no trained TG-NAS model loaded_` : `model ${mdCode(st.model ?? '')} · encoder ${mdCode(st.encoder ?? '')}`;
    lines.push('', `space ${mdCode(cell.space.id)} · ${model}`);
    // Links run only the client's LINK_COMMANDS; the arguments are this document's own position.
    const start = doc.positionAt(cell.offset);
    const links = [commandLink('Model card', Commands.openModelCard, st.model ? [st.model] : [])];
    if (improvable(cell, doc.getText().slice(cell.offset, cell.endOffset))) links.unshift(commandLink('Improve this cell…', Commands.improveCell, [doc.uri, start.line, start.character]));
    lines.push('', links.join(' · '));
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(cell.range) };
  }
  // A cell declaration with errors: say why there is no score instead of staying silent.
  const broken = analysis.cellDecls.find((d) => d.offset <= offset && offset < d.endOffset);
  if (broken) {
    const first = broken.diagnostics.find((d) => d.severity === 'error');
    return {
      contents: { kind: MarkupKind.Markdown, value: `**TG-NAS** · cell ${mdCode(broken.name)}\n\n_no score: ${esc(first ? first.message : 'the cell is not in its space')}_` },
      range: toRange(broken.range),
    };
  }
  const op = analysis.ops.find((o) => inRange(o.nameRange, line, character));
  if (op) {
    const lines = [`**TG-NAS** · new operator ${mdCode(op.name)} (${esc(op.kind)})`, '', `> ${esc(op.description)}`, ''];
    try {
      if (scores.gate && !scores.gate.allowsSentence(op.description)) throw new Error(PENDING);
      const proxy = await scores.load();
      const near = await proxy.nearestOperators(op.description, 3);
      if (near.length) {
        lines.push('Nearest known operators by description similarity:', '');
        for (const n of near) lines.push(`- ${mdCode(n.name)} ${n.similarity.toFixed(2)} — ${esc(n.description)}`);
      }
    } catch (e) {
      lines.push(`_nearest operators unavailable: ${esc(e instanceof Error ? e.message : String(e))}_`);
    }
    lines.push('', '_The model scores it from this sentence alone._');
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(op.nameRange) };
  }
  return null;
}
