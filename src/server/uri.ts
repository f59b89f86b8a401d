/**
 * Document URIs, without vscode-uri in the bundle: which ones name a file on disk, and which
 * notebook a cell belongs to. Only `file:` URIs are ever read from disk; `untitled:` editors and
 * notebook cells (`vscode-notebook-cell:`) exist only as the text the client sent.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NOTEBOOK_CELL_SCHEME } from '../shared/protocol';

/** The file a `file:` URI names; undefined for every other scheme (nothing to read from disk). */
export function diskPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export const pathToUri = (path: string): string => pathToFileURL(path).href;

/** A workspace `.arch` file on disk (the leaderboard reads those that are not open). */
export const isArchFileUri = (uri: string): boolean => diskPath(uri) !== undefined && /\.arch$/i.test(uri);

/**
 * The notebook a cell document belongs to: the cell URI without its fragment (the fragment names
 * the cell); undefined for documents that are not notebook cells.
 */
export function notebookOf(uri: string): string | undefined {
  if (!uri.startsWith(`${NOTEBOOK_CELL_SCHEME}:`)) return undefined;
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}
