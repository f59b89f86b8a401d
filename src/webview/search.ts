/**
 * "Search Best Cell" panel: live progress (phase, progress bar, evaluations/s, best and median score
 * per generation), a cancel button, then where the scores come from (evidence, model card), the
 * Pareto front (plot and list) when the search asked for one, and the shortlist. Front points and
 * shortlist cells have the same actions; every action is a typed message; the host does the edit,
 * the clipboard, the export, the graph and the model card.
 */
import type { FrontCell, SearchProgress, SearchResult, SearchResultCell } from '../shared/protocol';
import { axisWords, evidenceWords, percentileWords } from '../shared/score-words';
import { post, saveState, type PersistedState } from './api';
import { h, mount } from './dom';
import { fmt, fmtInt, fmtMillions, fmtPercent } from './format';
import { renderParetoPlot, renderProgressChart } from './search-charts';

type Start = NonNullable<NonNullable<PersistedState['search']>['start']>;

const PHASE_LABEL: Record<SearchProgress['phase'], string> = {
  loading: 'Loading the model', pruning: 'Pruning', evolution: 'Evolution', done: 'Done',
};

export class SearchView {
  private start: Start | undefined;
  private progress: SearchProgress[] = [];
  private result: SearchResult | undefined;
  private error: string | undefined;
  /** When this page saw the search start; evaluations/s is measured from here. */
  private startedAt = performance.now();

  private readonly title = h('h2');
  private readonly phase = h('span', { class: 'phase' });
  private readonly bar = h('div', { class: 'bar-fill' });
  private readonly progressBar = h('div', {
    class: 'bar', role: 'progressbar', 'aria-label': 'Search progress', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0,
  }, this.bar);
  private readonly stats = h('p', { class: 'stats', role: 'status', 'aria-live': 'polite' });
  private readonly chart = h('div', { class: 'chart' });
  private readonly cancel = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Cancel the search' }, 'Cancel');
  private readonly evidence = h('p', { class: 'evidence' });
  private readonly front = h('section', { class: 'front', 'aria-label': 'Pareto front' });
  private readonly shortlist = h('section', { class: 'shortlist', 'aria-label': 'Shortlist' });

  constructor(private readonly root: HTMLElement, private readonly state: PersistedState) {
    this.cancel.addEventListener('click', () => {
      if (!this.start || this.result) return;
      this.cancel.disabled = true;
      this.cancel.textContent = 'Cancelling…';
      post({ type: 'search/cancel', searchId: this.start.searchId });
    });
    mount(root,
      h('header', { class: 'search-head' }, this.title, h('div', { class: 'row' }, this.phase, this.cancel)),
      this.progressBar, this.stats, this.chart, this.evidence, this.front, this.shortlist);
    const saved = state.search;
    if (saved) {
      this.start = saved.start;
      this.progress = saved.progress ?? [];
      this.result = saved.result;
      this.error = saved.error;
      // A search restored without its result was interrupted by the reload; the host re-sends if it still runs.
      this.startedAt = performance.now();
    }
    this.render();
  }

  onStart(m: Start): void {
    this.start = m;
    this.progress = [];
    this.result = undefined;
    this.error = undefined;
    this.startedAt = performance.now();
    this.cancel.disabled = false;
    this.cancel.textContent = 'Cancel';
    this.persist();
    this.render();
  }

  onProgress(p: SearchProgress): void {
    if (this.start && p.searchId !== this.start.searchId) return; // a stale search's late message
    if (!this.start) this.start = { type: 'search/start', searchId: p.searchId, space: '' };
    // One point per (phase, step): the chart wants the last best score of each generation.
    const last = this.progress[this.progress.length - 1];
    if (last && last.phase === p.phase && last.step === p.step) this.progress[this.progress.length - 1] = p;
    else this.progress.push(p);
    this.persist();
    this.render();
  }

  onResult(r: SearchResult): void {
    if (this.start && r.searchId !== this.start.searchId) return;
    this.result = r;
    this.persist(true);
    this.render();
  }

  onError(searchId: string, message: string): void {
    if (this.start && searchId !== this.start.searchId) return;
    this.error = message;
    this.persist(true);
    this.render();
  }

  private persist(immediate = false): void {
    this.state.search = { start: this.start, progress: this.progress, result: this.result, error: this.error };
    saveState(this.state, immediate);
  }

  private render(): void {
    const last = this.progress[this.progress.length - 1];
    const label = this.result?.spaceLabel || this.start?.spaceLabel || this.start?.space || '';
    this.title.textContent = this.start ? `Search best cell${label ? ` — ${label}` : ''}` : 'Search best cell';
    const done = this.result !== undefined || this.error !== undefined;
    this.cancel.hidden = !this.start || done;
    let percent = last?.percent ?? 0;
    if (this.result && !this.result.cancelled) percent = 100;
    this.bar.style.width = `${Math.max(0, Math.min(100, percent))}%`;
    this.progressBar.setAttribute('aria-valuenow', String(Math.round(percent)));
    this.progressBar.hidden = !this.start;

    if (this.error) this.phase.textContent = `Failed: ${this.error}`;
    else if (this.result) this.phase.textContent = this.result.cancelled ? 'Cancelled' : 'Done';
    else if (last) this.phase.textContent = `${PHASE_LABEL[last.phase]}${last.totalSteps ? ` ${last.step}/${last.totalSteps}` : ''}`;
    else this.phase.textContent = this.start ? 'Starting…' : 'No search yet. Run "TG-NAS: Search Best Cell".';
    this.phase.classList.toggle('error', this.error !== undefined);

    const evaluations = this.result?.evaluations ?? last?.evaluations ?? 0;
    const seconds = this.result?.seconds ?? (performance.now() - this.startedAt) / 1000;
    const best = this.result?.results[0]?.score ?? bestOf(this.progress);
    this.stats.textContent = this.start
      ? [
        `${fmtInt(evaluations)} evaluations`,
        seconds > 0 ? `${fmtInt(evaluations / seconds)} evaluations/s` : null,
        best !== undefined ? `best score ${fmt(best, 3)}` : null,
        this.result ? `${seconds.toFixed(1)} s` : null,
      ].filter(Boolean).join(' · ')
      : '';
    const evolution = this.progress.filter((p) => p.phase === 'evolution');
    renderProgressChart(this.chart,
      this.result?.history.length ? this.result.history : evolution.map((p) => p.bestScore),
      this.result?.historyMedian?.length ? this.result.historyMedian : evolution.map((p) => p.medianScore ?? null));
    this.renderEvidence();
    this.renderFront();
    this.renderShortlist();
  }

  /** "Scored by universal · in-space: validated ρ 0.84 on held-out nb201 cells · Model card". */
  private renderEvidence(): void {
    const r = this.result;
    if (!r || r.cancelled || !r.model) {
      mount(this.evidence);
      this.evidence.hidden = true;
      return;
    }
    this.evidence.hidden = false;
    const calibrated = [...r.results, ...(r.front ?? [])].some((c) => c.predictedAccuracy);
    const parts = [
      `Scored by ${r.model}`,
      r.evidence ? evidenceWords(r.evidence) : null,
      !calibrated ? `score and percentile only${r.calibrationNote ? ` (${r.calibrationNote})` : ''}` : null,
    ].filter((x): x is string => x !== null);
    const link = h('button', { type: 'button', class: 'link', title: `Open the model card of ${r.model}` }, 'Model card');
    link.addEventListener('click', () => post({ type: 'openModelCard', model: r.model }));
    mount(this.evidence, parts.join(' · '), ' · ', link);
  }

  private renderFront(): void {
    const r = this.result;
    const axis = r?.pareto?.axis;
    if (!r || !axis || !r.front) {
      // Before the result: say which front is coming.
      const coming = !r && this.start?.pareto && this.start.pareto !== 'none' ? this.start.pareto : undefined;
      mount(this.front, coming ? h('p', { class: 'note' }, `The Pareto front against ${axisWords(coming)} appears when the search ends.`) : null);
      return;
    }
    const device = r.pareto?.device;
    const list = h('ol', { class: 'cells front-cells' }, ...r.front.map((c) => this.item(r, c, 'front')));
    const plot = h('div', { class: 'pareto' });
    renderParetoPlot(plot, r.front, axis, device, (rank) => {
      const li = list.querySelector<HTMLElement>(`li[data-rank="${rank}"]`);
      li?.scrollIntoView({ block: 'nearest' });
      li?.focus();
    });
    mount(this.front,
      h('h3', undefined, `Pareto front (${r.front.length}) — ${r.front.every((c) => c.predictedAccuracy) ? 'predicted accuracy' : 'score'} against ${axisWords(axis, device)}`),
      h('p', { class: 'note' }, 'Cells no other scored cell beats at equal or lower cost, cheapest first.'),
      plot, list);
  }

  private renderShortlist(): void {
    const r = this.result;
    if (!r) {
      mount(this.shortlist);
      return;
    }
    if (r.results.length === 0) {
      mount(this.shortlist, h('p', { class: 'empty' }, r.cancelled ? 'Cancelled before any cell was scored.' : 'No cell met the limits.'));
      return;
    }
    mount(this.shortlist,
      h('h3', undefined, `Shortlist (${r.results.length})`, r.cancelled ? ' — best found before cancelling' : ''),
      h('ol', { class: 'cells' }, ...r.results.map((c) => this.item(r, c, 'shortlist'))));
  }

  /** One cell with its facts and actions (front points and shortlist cells alike). */
  private item(r: SearchResult, c: SearchResultCell | FrontCell, list: 'shortlist' | 'front'): HTMLElement {
    const facts = [
      `score ${fmt(c.score, 3)}`,
      c.predictedAccuracy ? `predicted ${fmtPercent(c.predictedAccuracy.value)} [${fmt(c.predictedAccuracy.low, 1)}–${fmt(c.predictedAccuracy.high, 1)}]` : null,
      c.percentile !== undefined ? percentileWords(c.percentile) : null,
      c.params_M !== undefined ? `${fmtMillions(c.params_M)} M params` : null,
      c.flops_M !== undefined ? `${fmtMillions(c.flops_M)} M FLOPs` : null,
      c.latencyMs !== undefined ? `${fmt(c.latencyMs, 2)} ms` : null,
    ].filter((x): x is string => x !== null);
    const where = list === 'front' ? 'Pareto point ' : '';
    const action = (label: string, aria: string, message: () => void) => {
      const b = h('button', { type: 'button', class: 'secondary', 'aria-label': `${aria} (${where}#${c.rank})` }, label);
      b.addEventListener('click', message);
      return b;
    };
    return h('li', { class: 'cell', 'data-rank': c.rank, ...(list === 'front' ? { tabindex: -1 } : {}) },
      h('div', { class: 'cell-head' }, h('span', { class: 'rank' }, `#${c.rank}`), h('span', { class: 'facts' }, facts.join(' · '))),
      h('code', { class: 'notation' }, c.text),
      h('div', { class: 'actions' },
        action('Insert', 'Insert as a new cell into the .arch file', () => post({ type: 'search/insert', searchId: r.searchId, rank: c.rank, arch: c.arch })),
        action('Copy', 'Copy the notation', () => post({ type: 'search/copy', text: c.text })),
        action('Export PyTorch', 'Export as a PyTorch module', () => post({ type: 'search/export', searchId: r.searchId, rank: c.rank, text: c.text })),
        action('Show graph', 'Show the cell graph', () => post({ type: 'search/showGraph', searchId: r.searchId, rank: c.rank, text: c.text }))));
  }
}

function bestOf(progress: SearchProgress[]): number | undefined {
  let best: number | undefined;
  for (const p of progress) if (typeof p.bestScore === 'number' && Number.isFinite(p.bestScore)) best = best === undefined ? p.bestScore : Math.max(best, p.bestScore);
  return best;
}
