/**
 * The one list of TG-NAS messages between the extension client, the language server and the
 * webview (anchors: vscode-eslint `customMessages.ts`, rust-analyzer `lsp_ext.ts`).
 *
 * Plain method names and payload types only, no runtime imports: the webview bundle and the
 * CLI include this file too. Each side builds its typed request from `method`.
 */

/** Language id contributed in package.json; documents of this language are served. */
export const LANGUAGE_ID = 'nas-arch';

/** Command ids contributed in package.json. */
export const Commands = {
  showOutput: 'tgnas.showOutput',
} as const;

/** `tgnas/status`: server health, asked by the client (status item, tests). */
export namespace StatusRequest {
  export const method = 'tgnas/status';
}
export interface StatusResult {
  /** Server package version. */
  version: string;
  /** Number of open documents the server tracks. */
  documents: number;
  /** What answers hovers and diagnostics: the real proxy model or a placeholder. */
  scorer: 'placeholder' | 'model';
}

/** `tgnas/predict`: scores for the cells of one document (to be filled by the proxy). */
export namespace PredictRequest {
  export const method = 'tgnas/predict';
}
export interface PredictParams {
  uri: string;
}

/** `tgnas/search`: start a search, progress reported through `$/progress` (to be filled). */
export namespace SearchRequest {
  export const method = 'tgnas/search';
}
