/**
 * Notebook cells (`.ipynb` code and Markdown cells, `vscode-notebook-cell:` URIs) are plain text
 * documents to the server: each is analysed in the language of its cell (python and markdown:
 * literals; nas-arch: the `.arch` language) and never read from disk. What the cells of one
 * notebook share: the `op` and `space` declarations of its `.arch` cells apply in all of its `.arch`
 * cells, as they would in one `.arch` file. Cells are grouped by notebook (uri.ts notebookOf).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseArchDocument } from '../core/formats/arch';
import { LANGUAGE_ID } from '../shared/protocol';
import { notebookOf } from './uri';

/** What this module needs of the open documents (vscode-languageserver's TextDocuments). */
export interface OpenDocuments {
  all(): TextDocument[];
}

export class NotebookCells {
  /** Declarations text per cell, for the version it was taken from. */
  private readonly declarations = new Map<string, { version: number; text: string }>();

  constructor(private readonly documents: OpenDocuments) {}

  /** The other open cells of the document's notebook ([] outside notebooks). */
  siblings(uri: string): TextDocument[] {
    const notebook = notebookOf(uri);
    if (!notebook) return [];
    return this.documents.all().filter((d) => d.uri !== uri && notebookOf(d.uri) === notebook);
  }

  /**
   * The `op` and `space` statements of the other `.arch` cells of the document's notebook, for
   * core/analysis's `context` option; '' outside notebooks. Cells in URI order, so the text (the
   * analysis cache key) does not depend on the order they were opened in.
   */
  contextFor(uri: string): string {
    return this.siblings(uri)
      .filter((d) => d.languageId === LANGUAGE_ID)
      .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))
      .map((d) => this.declarationsOf(d))
      .filter((t) => t.length > 0)
      .join('\n');
  }

  forget(uri: string): void {
    this.declarations.delete(uri);
    this.announced.delete(uri);
  }

  /** Declarations text each cell's siblings were last revalidated for. */
  private readonly announced = new Map<string, string>();

  /**
   * Whether the cell's `op`/`space` declarations differ from those its siblings were last validated
   * with (and remembers the new ones): an edit elsewhere in the cell need not revalidate the notebook.
   */
  declarationsChanged(doc: TextDocument): boolean {
    const now = this.declarationsOf(doc);
    if (this.announced.get(doc.uri) === now) return false;
    this.announced.set(doc.uri, now);
    return true;
  }

  private declarationsOf(doc: TextDocument): string {
    const hit = this.declarations.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.text;
    const text = doc.getText();
    // The parser alone (no spaces built, no cells checked): only the statements' extents are needed.
    const parsed = parseArchDocument(text);
    const statements = [...parsed.ops, ...parsed.spaces].sort((a, b) => a.offset - b.offset);
    const out = statements.map((s) => text.slice(s.offset, s.endOffset).trimEnd()).join('\n');
    this.declarations.set(doc.uri, { version: doc.version, text: out });
    return out;
  }
}
