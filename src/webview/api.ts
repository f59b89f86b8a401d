/**
 * The one handle on the host: `acquireVsCodeApi()` may be called once per page, so every view
 * goes through this module. Outgoing messages are typed by the shared protocol.
 */
import type { HostToWebview, WebviewToHost } from '../shared/webview-protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

function get(): VsCodeApi {
  if (!api) api = acquireVsCodeApi();
  return api;
}

export function post(message: WebviewToHost): void {
  get().postMessage(message);
}

/** What the page persists across reloads (webview hidden and shown again, window reload). */
export interface PersistedState {
  version: 1;
  leaderboard?: {
    set?: Extract<HostToWebview, { type: 'leaderboard/set' }>;
    sort?: { column: string; descending: boolean };
    filter?: { space: string; text: string };
    tab?: 'table' | 'plot';
    focus?: number;
  };
  search?: {
    start?: Extract<HostToWebview, { type: 'search/start' }>;
    progress?: Array<Extract<HostToWebview, { type: 'search/progress' }>['progress']>;
    result?: Extract<HostToWebview, { type: 'search/result' }>['result'];
    error?: string;
  };
  graph?: Extract<HostToWebview, { type: 'graph/show' }>;
}

export function loadState(): PersistedState {
  const s = get().getState() as Partial<PersistedState> | undefined;
  return s && s.version === 1 ? (s as PersistedState) : { version: 1 };
}

let pending: PersistedState | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * setState structured-clones the whole state: with 10,000 leaderboard rows that is milliseconds,
 * so bursts of updates (progress, typing in the filter) are coalesced.
 */
export function saveState(state: PersistedState, immediate = false): void {
  pending = state;
  if (immediate) return flushState();
  if (timer === undefined) timer = setTimeout(flushState, 500);
}

export function flushState(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (pending) get().setState(pending);
  pending = undefined;
}

export function log(level: 'info' | 'warn' | 'error', message: string): void {
  // The console is the webview developer tools; the host copies it to the output channel.
  (level === 'error' ? console.error : level === 'warn' ? console.warn : console.info)(`[tgnas webview] ${message}`);
  post({ type: 'log', level, message: message.slice(0, 2000) });
}
