/** Webview hosts for the client to wire (see each class for its API). */
export { LeaderboardViewProvider } from './leaderboard-view';
export { SearchPanel } from './search-panel';
export { GraphPanel } from './graph-panel';
export { WebviewChannel, localResourceRoots, webviewOptions, type Logger, type MessageHandler } from './channel';
export { buildWebviewHtml, contentSecurityPolicy, makeNonce } from './html';
export { revealRange, copyText } from './actions';
