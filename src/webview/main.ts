/**
 * Entry of the one webview bundle (dist/webview.js). The page says which view it is with
 * `<body data-view="leaderboard|search|graph">`; messages are validated before any view sees them,
 * and the persisted state is replayed through the same views after a reload.
 */
import { validateHostMessage, WEBVIEW_KINDS, type HostToWebview, type WebviewKind } from '../shared/webview-protocol';
import { flushState, loadState, log, post, saveState } from './api';
import { renderGraph } from './graph';
import { LeaderboardView } from './leaderboard';
import { SearchView } from './search';

function start(): void {
  const root = document.getElementById('app');
  const requested = document.body.dataset.view as WebviewKind | undefined;
  if (!root || !requested || !WEBVIEW_KINDS.includes(requested)) {
    throw new Error(`webview page without #app or a known data-view (${String(requested)})`);
  }
  const view = requested;
  const state = loadState();
  let leaderboard: LeaderboardView | undefined;
  let search: SearchView | undefined;

  if (view === 'leaderboard') {
    const saved = state.leaderboard?.set;
    leaderboard = new LeaderboardView(root, state);
    // Replayed through the validator: the state is data like any message, and may predate this build.
    if (saved) {
      const checked = validateHostMessage(saved);
      if (checked.ok) apply(checked.value);
      else log('warn', `discarded saved leaderboard: ${checked.error}`);
    }
  } else if (view === 'search') {
    search = new SearchView(root, state);
  } else if (state.graph) {
    const checked = validateHostMessage(state.graph);
    if (checked.ok) apply(checked.value);
  } else {
    root.textContent = 'No cell selected. Use "TG-NAS: Show Cell Graph" on a cell.';
  }

  function apply(m: HostToWebview): void {
    switch (m.type) {
      case 'leaderboard/set':
        leaderboard?.setAll(m.entries, m.model);
        break;
      case 'leaderboard/upsert':
        leaderboard?.upsert(m.uri, m.entries);
        break;
      case 'leaderboard/model':
        leaderboard?.setModel(m.model);
        break;
      case 'search/start':
        search?.onStart(m);
        break;
      case 'search/progress':
        search?.onProgress(m.progress);
        break;
      case 'search/result':
        search?.onResult(m.result);
        break;
      case 'search/error':
        search?.onError(m.searchId, m.message);
        break;
      case 'graph/show':
        if (view !== 'graph') break;
        renderGraph(root!, m.graph);
        state.graph = m;
        saveState(state, true);
        break;
    }
    // A message for another view is a host bug worth seeing, not a reason to fail.
    if (!m.type.startsWith(view === 'leaderboard' ? 'leaderboard/' : view === 'search' ? 'search/' : 'graph/')) {
      log('warn', `${view} view ignored a ${m.type} message`);
    }
  }

  window.addEventListener('message', (event: MessageEvent) => {
    const checked = validateHostMessage(event.data);
    if (!checked.ok) {
      log('warn', `rejected message: ${checked.error}`);
      return;
    }
    try {
      apply(checked.value);
    } catch (e) {
      log('error', `failed to apply ${checked.value.type}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  });
  // The page may be torn down right after a change (view hidden); do not lose a pending state save.
  window.addEventListener('pagehide', flushState);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flushState());
  post({ type: 'ready', view });
}

try {
  start();
} catch (e) {
  log('error', e instanceof Error ? e.stack ?? e.message : String(e));
}
