/**
 * TG-NAS language server (placeholder scorer). Serves `.arch` documents over IPC (the extension) or
 * `--stdio` (other editors): NAS-Bench-201 cell strings are found by a regex, unknown operators get
 * diagnostics, and a hover over a cell answers with a "TG-NAS" header. The real parser and proxy
 * scores replace the finder and the hover body; the wiring stays.
 */
import {
  createConnection, Diagnostic, DiagnosticSeverity, Hover, MarkupKind, ProposedFeatures,
  TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NB201_OPS } from '../core/spaces/vocabulary';
import { version } from '../../package.json';
import { StatusRequest, type StatusResult } from '../shared/protocol';

// createConnection picks the transport from argv (--node-ipc / --stdio / --socket=).
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const NB201_NAMES = new Set(NB201_OPS.map((o) => o.name));

/** An NB201 arch string: three `|op~i|...|` groups joined by `+`. */
const NB201_CELL = /\|(?:[\w-]+~\d+\|)+(?:\+\|(?:[\w-]+~\d+\|)+)*/g;

interface FoundCell { text: string; start: number; end: number }

function findCells(text: string): FoundCell[] {
  return [...text.matchAll(NB201_CELL)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
}

function diagnose(doc: TextDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const cell of findCells(doc.getText())) {
    for (const m of cell.text.matchAll(/([\w-]+)~\d+/g)) {
      if (NB201_NAMES.has(m[1])) continue;
      const start = cell.start + m.index!;
      out.push({
        severity: DiagnosticSeverity.Error, source: 'tgnas', code: 'unknown-operator',
        range: { start: doc.positionAt(start), end: doc.positionAt(start + m[1].length) },
        message: `Unknown NAS-Bench-201 operator '${m[1]}' (known: ${[...NB201_NAMES].join(', ')})`,
      });
    }
  }
  return out;
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
  },
  serverInfo: { name: 'tgnas', version },
}));

documents.onDidChangeContent(({ document }) => {
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: diagnose(document) });
});
documents.onDidClose(({ document }) => {
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onHover(({ textDocument, position }): Hover | null => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return null;
  const offset = doc.offsetAt(position);
  const cell = findCells(doc.getText()).find((c) => offset >= c.start && offset < c.end);
  if (!cell) return null;
  const ops = [...cell.text.matchAll(/([\w-]+)~\d+/g)].map((m) => m[1]);
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: `**TG-NAS** · NAS-Bench-201 cell\n\n${ops.length} edges: ${ops.map((o) => `\`${o}\``).join(' ')}\n\n_score: no model loaded_`,
    },
    range: { start: doc.positionAt(cell.start), end: doc.positionAt(cell.end) },
  };
});

connection.onRequest(StatusRequest.method, (): StatusResult => ({
  version, documents: documents.all().length, scorer: 'placeholder',
}));

documents.listen(connection);
connection.listen();
