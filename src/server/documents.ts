/**
 * Analyses of open documents, one per version: diagnostics, hovers, hints and lenses of one version
 * share one parse. `.arch` documents are always served; NB201 strings and Genotype(...) literals in
 * other languages only while tgnas.scanOtherFiles is on.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI_PATH } from './uri';
import { analyzeDocument, type DocumentAnalysis } from '../core/analysis';
import { LANGUAGE_ID } from '../shared/protocol';

export class AnalysisStore {
  private readonly cache = new Map<string, { version: number; analysis: DocumentAnalysis }>();
  scanOtherFiles = true;

  served(doc: Pick<TextDocument, 'languageId' | 'uri'>): boolean {
    return isArch(doc) || this.scanOtherFiles;
  }

  /** Undefined for documents this server does not serve. */
  get(doc: TextDocument): DocumentAnalysis | undefined {
    if (!this.served(doc)) return undefined;
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = analyzeDocument(URI_PATH(doc.uri), doc.getText(), { language: isArch(doc) ? 'arch' : 'text' });
    this.cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}

export const isArch = (doc: Pick<TextDocument, 'languageId' | 'uri'>) =>
  doc.languageId === LANGUAGE_ID || /\.arch$/i.test(doc.uri);
