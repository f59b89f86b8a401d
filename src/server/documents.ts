/**
 * Analyses of open documents, one per version: diagnostics, hovers, hints and lenses of one version
 * share one parse. `.arch` documents (and nas-arch notebook cells) are always served; the architecture
 * literals of other languages (every notation with an in-text scan: NB201 strings, Genotype(...), NB101
 * ModelSpec/dicts, ...) only while tgnas.scanOtherFiles is on. The language
 * comes from the document's languageId, so a notebook's python and markdown cells are read as the
 * files of those languages are.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from '../core/analysis';
import { LANGUAGE_ID } from '../shared/protocol';
import type { NotebookCells } from './notebooks';
import { diskPath } from './uri';

export class AnalysisStore {
  /** `context`: the notebook declarations the analysis was made with (a sibling cell's edit changes it). */
  private readonly cache = new Map<string, { version: number; context: string; analysis: DocumentAnalysis }>();
  scanOtherFiles = true;

  constructor(private readonly notebooks?: NotebookCells) {}

  served(doc: Pick<TextDocument, 'languageId' | 'uri'>): boolean {
    return isArch(doc) || this.scanOtherFiles;
  }

  /** Undefined for documents this server does not serve. */
  get(doc: TextDocument): DocumentAnalysis | undefined {
    if (!this.served(doc)) return undefined;
    const arch = isArch(doc);
    const context = arch ? this.notebooks?.contextFor(doc.uri) ?? '' : '';
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.context === context) return hit.analysis;
    const analysis = analyzeDocument(diskPath(doc.uri) ?? doc.uri, doc.getText(), { language: arch ? 'arch' : 'text', ...(context ? { context } : {}) });
    this.cache.set(doc.uri, { version: doc.version, context, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.notebooks?.forget(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}

/** Read as the `.arch` language: by languageId (files, notebook cells), or a `.arch` URI opened as another language. */
export const isArch = (doc: Pick<TextDocument, 'languageId' | 'uri'>) => doc.languageId === LANGUAGE_ID || /\.arch$/i.test(doc.uri);
