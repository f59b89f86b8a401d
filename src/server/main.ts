/**
 * TG-NAS language server. Serves `nas-arch` documents over IPC (the extension) or `--stdio`
 * (other editors; createConnection reads the transport from argv): diagnostics from the `.arch`
 * parser, and a hover per `cell` with a "TG-NAS" header. Scores are not wired yet (placeholder).
 */
import {
  createConnection, Diagnostic, DiagnosticSeverity, Hover, MarkupKind, ProposedFeatures, Range,
  TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseArchDocument, type ArchDocument, type CellDecl } from '../core/formats/arch';
import type { Diagnostic as CoreDiagnostic, Severity, SourceRange } from '../core/types';
import { version } from '../../package.json';
import { StatusRequest, type StatusResult } from '../shared/protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

// One parse per document version: hovers reuse the parse that produced the diagnostics.
const parsed = new Map<string, { version: number; doc: ArchDocument }>();
function parse(doc: TextDocument): ArchDocument {
  const hit = parsed.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.doc;
  const result = parseArchDocument(doc.getText());
  parsed.set(doc.uri, { version: doc.version, doc: result });
  return result;
}

/** Core ranges are 1-based with exclusive ends; LSP's are 0-based. */
const toRange = (r: SourceRange): Range => ({
  start: { line: r.line - 1, character: r.column - 1 },
  end: { line: r.endLine - 1, character: r.endColumn - 1 },
});
const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information,
};
const toDiagnostic = (d: CoreDiagnostic): Diagnostic => ({
  range: toRange(d.range), severity: SEVERITY[d.severity], message: d.message, code: d.code, source: 'tgnas',
  data: d.suggestions ? { suggestions: d.suggestions } : undefined,
});

function hoverMarkdown(decl: CellDecl): string {
  const notation = decl.notation && decl.notation !== decl.space ? ` (${decl.notation})` : '';
  const lines = [`**TG-NAS** · cell \`${decl.name}\` in \`${decl.space}\`${notation}`];
  if (!decl.cell) lines.push('', '_this cell has errors: no score_');
  else {
    if (decl.cell.kind === 'nb201' || decl.cell.kind === 'graph' || decl.cell.kind === 'nb101') {
      lines.push('', `operators: ${decl.cell.ops.map((o) => `\`${o}\``).join(' ')}`);
    }
    lines.push('', '_score: no model loaded_');
  }
  return lines.join('\n');
}

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true },
  serverInfo: { name: 'tgnas', version },
}));

documents.onDidChangeContent(({ document }) => {
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: parse(document).diagnostics.map(toDiagnostic) });
});
documents.onDidClose(({ document }) => {
  parsed.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onHover(({ textDocument, position }): Hover | null => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return null;
  const offset = doc.offsetAt(position);
  const decl = parse(doc).cells.find((c) => offset >= c.offset && offset < c.endOffset);
  if (!decl) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(decl) },
    range: toRange(decl.range),
  };
});

connection.onRequest(StatusRequest.method, (): StatusResult => ({
  version, documents: documents.all().length, scorer: 'placeholder',
}));

documents.listen(connection);
connection.listen();
