/** file: URIs <-> paths without pulling vscode-uri into the bundle. */
import { fileURLToPath, pathToFileURL } from 'node:url';

export function URI_PATH(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export const pathToUri = (path: string): string => pathToFileURL(path).href;
