/**
 * Leaderboard view: toolbar (space filter, text filter, table/plot switch), a virtualised grid of
 * every scored cell, the percentile-vs-params scatter plot, and a line under them saying where the
 * focused row's figure comes from (its evidence and the model card).
 *
 * The grid renders only the rows in sight (a recycled pool of row elements positioned by
 * transform), so 10,000 rows cost the same DOM as 30. Keyboard: the grid is one tab stop;
 * arrows/Page/Home/End move the row focus (aria-activedescendant), Enter reveals the cell.
 * Rows of several spaces rank by percentile (leaderboard-model.ts); rows scored by another model
 * than the current one are shown stale until the host's re-scored rows replace them.
 */
import type { ScoredCell } from '../shared/protocol';
import { evidenceWords, figureWords } from '../shared/score-words';
import { post, saveState, type PersistedState } from './api';
import { h, mount } from './dom';
import { fmt, fmtInt, fmtMillions, fmtPercent } from './format';
import {
  COLUMNS, DEFAULT_SORT, LeaderboardModel, filterRows, sortIndices, type ColumnId, type FilterState, type Row, type SortState,
} from './leaderboard-model';
import { renderScatter } from './scatter';

/** Must match `--row-height` in media/webview.css. */
export const ROW_HEIGHT = 24;
const OVERSCAN = 6;

export class LeaderboardView {
  private readonly model = new LeaderboardModel();
  private sort: SortState = DEFAULT_SORT;
  private filter: FilterState = { space: '', text: '' };
  private tab: 'table' | 'plot' = 'table';
  /** Row indices (into model.rows()) in display order. */
  private order = new Int32Array(0);
  private focus = 0;

  private readonly spaceSelect = h('select', { 'aria-label': 'Filter by search space', class: 'lb-space' });
  private readonly textInput = h('input', {
    type: 'search', placeholder: 'Filter cells', 'aria-label': 'Filter cells by name, space, file or notation', class: 'lb-text',
  });
  private readonly count = h('span', { class: 'lb-count', role: 'status', 'aria-live': 'polite' });
  private readonly tableTab = h('button', { type: 'button', class: 'tab', 'aria-pressed': 'true' }, 'Table');
  private readonly plotTab = h('button', { type: 'button', class: 'tab', 'aria-pressed': 'false' }, 'Plot');
  private readonly headerCells = new Map<ColumnId, HTMLElement>();
  private readonly grid: HTMLElement;
  private readonly canvas = h('div', { class: 'lb-canvas', role: 'rowgroup' });
  private readonly pool: HTMLElement[] = [];
  private readonly empty = h('p', { class: 'empty' }, 'No cells yet. Open or create a .arch file: its cells appear here as they are scored.');
  private readonly plot = h('div', { class: 'lb-plot', hidden: true });
  /** Where the focused row's figure comes from, and its model card. */
  private readonly detail = h('p', { class: 'lb-detail', 'aria-live': 'polite' });
  private frame = 0;

  constructor(private readonly root: HTMLElement, private readonly state: PersistedState) {
    const header = h('div', { class: 'lb-row lb-header', role: 'row', 'aria-rowindex': 1 });
    for (const c of COLUMNS) {
      const button = h('button', { type: 'button', title: c.description }, c.label);
      button.addEventListener('click', () => this.sortBy(c.id));
      const cell = h('div', { role: 'columnheader', class: `lb-cell c-${c.id}${c.numeric ? ' num' : ''}`, 'aria-sort': 'none' }, button);
      this.headerCells.set(c.id, cell);
      header.appendChild(cell);
    }
    this.grid = h('div', {
      class: 'lb-grid', role: 'grid', tabindex: 0, 'aria-label': 'Leaderboard of scored cells', 'aria-colcount': COLUMNS.length,
      'aria-rowcount': 1,
    }, h('div', { role: 'rowgroup', class: 'lb-head' }, header), this.canvas);

    this.spaceSelect.addEventListener('change', () => this.setFilter({ ...this.filter, space: this.spaceSelect.value }));
    this.textInput.addEventListener('input', () => this.setFilter({ ...this.filter, text: this.textInput.value }));
    this.tableTab.addEventListener('click', () => this.setTab('table'));
    this.plotTab.addEventListener('click', () => this.setTab('plot'));
    this.grid.addEventListener('scroll', () => this.schedule());
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.canvas.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('.lb-row[data-pos]');
      if (!row) return;
      this.setFocus(Number(row.dataset.pos));
      this.grid.focus({ preventScroll: true });
      this.reveal(this.focus);
    });
    new ResizeObserver(() => this.schedule()).observe(this.grid);

    mount(root,
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Leaderboard controls' },
        this.spaceSelect, this.textInput, h('span', { class: 'tabs', role: 'group', 'aria-label': 'View' }, this.tableTab, this.plotTab),
        this.count),
      this.empty, this.grid, this.plot, this.detail);

    const saved = state.leaderboard;
    if (saved?.sort && COLUMNS.some((c) => c.id === saved.sort!.column)) this.sort = saved.sort as SortState;
    if (saved?.filter) this.filter = { space: String(saved.filter.space ?? ''), text: String(saved.filter.text ?? '') };
    this.textInput.value = this.filter.text;
    this.tab = saved?.tab === 'plot' ? 'plot' : 'table';
    this.focus = Number.isInteger(saved?.focus) ? saved!.focus! : 0;
    this.refresh();
    this.applyTab();
  }

  setAll(entries: ScoredCell[], model?: string): void {
    this.model.setAll(entries, model);
    this.refresh();
    this.persist();
  }

  upsert(uri: string, entries: ScoredCell[]): void {
    this.model.upsert(uri, entries);
    this.refresh();
    this.persist();
  }

  /** The current model: rows of another are marked stale. */
  setModel(model: string): void {
    if (this.model.model === model) return;
    this.model.model = model;
    this.refresh();
    this.persist();
  }

  private persist(): void {
    this.state.leaderboard = {
      set: { type: 'leaderboard/set', entries: this.model.entries(), model: this.model.model },
      sort: this.sort, filter: this.filter, tab: this.tab, focus: this.focus,
    };
    saveState(this.state);
  }

  sortBy(column: ColumnId): void {
    const col = COLUMNS.find((c) => c.id === column)!;
    this.sort = this.sort.column === column ? { column, descending: !this.sort.descending } : { column, descending: col.defaultDescending };
    this.refresh();
    this.persist();
  }

  private setFilter(f: FilterState): void {
    this.filter = f;
    this.focus = 0;
    this.grid.scrollTop = 0;
    this.refresh();
    this.persist();
  }

  private setTab(tab: 'table' | 'plot'): void {
    this.tab = tab;
    this.applyTab();
    this.persist();
  }

  private applyTab(): void {
    const tab = this.tab;
    this.tableTab.setAttribute('aria-pressed', String(tab === 'table'));
    this.plotTab.setAttribute('aria-pressed', String(tab === 'plot'));
    this.grid.hidden = tab !== 'table' || this.order.length === 0;
    this.plot.hidden = tab !== 'plot' || this.order.length === 0;
    if (tab === 'plot') this.renderPlot();
  }

  /** Re-filters, re-sorts and renders synchronously (the benchmark times exactly this). */
  private refresh(): void {
    const rows = this.model.rows();
    this.syncSpaces();
    this.order = sortIndices(rows, filterRows(rows, this.filter), this.sort);
    this.focus = Math.max(0, Math.min(this.focus, this.order.length - 1));
    for (const [id, cell] of this.headerCells) {
      cell.setAttribute('aria-sort', id === this.sort.column ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
    }
    let stale = 0;
    for (const r of rows) if (this.model.isStale(r)) stale++;
    this.count.textContent = (rows.length === this.order.length
      ? `${fmtInt(rows.length)} cells`
      : `${fmtInt(this.order.length)} of ${fmtInt(rows.length)} cells`) + (stale ? ` · ${fmtInt(stale)} stale, re-scoring` : '');
    this.grid.setAttribute('aria-rowcount', String(this.order.length + 1));
    this.canvas.style.height = `${this.order.length * ROW_HEIGHT}px`;
    // The browser clamps scrollTop only at its next layout; rows are placed from it now, so clamp here.
    const maxScroll = Math.max(0, (this.order.length + 1) * ROW_HEIGHT - this.grid.clientHeight);
    if (this.grid.scrollTop > maxScroll) this.grid.scrollTop = maxScroll;
    this.empty.hidden = rows.length > 0;
    this.empty.textContent = rows.length > 0 || this.model.model === undefined
      ? 'No cells yet. Open or create a .arch file: its cells appear here as they are scored.'
      : 'No cells in the workspace.';
    this.grid.hidden = this.tab !== 'table' || this.order.length === 0;
    this.plot.hidden = this.tab !== 'plot' || this.order.length === 0;
    this.render();
    if (this.tab === 'plot') this.renderPlot();
  }

  private syncSpaces(): void {
    const spaces = this.model.spaces();
    const wanted = ['', ...spaces.map(([id]) => id)].join('\n');
    if (this.spaceSelect.dataset.options !== wanted) {
      mount(this.spaceSelect, h('option', { value: '' }, 'All spaces'), ...spaces.map(([id, label]) => h('option', { value: id }, label)));
      this.spaceSelect.dataset.options = wanted;
    }
    // A filter on a space that has no rows any more would hide everything without saying why.
    if (this.filter.space && !spaces.some(([id]) => id === this.filter.space) && spaces.length > 0) this.filter = { ...this.filter, space: '' };
    this.spaceSelect.value = this.filter.space;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Fills the row pool for the rows in sight. */
  private render(): void {
    const rows = this.model.rows();
    const viewport = this.grid.clientHeight || 600;
    const headerH = ROW_HEIGHT;
    const top = Math.max(0, this.grid.scrollTop - headerH);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.order.length, Math.ceil((top + viewport) / ROW_HEIGHT) + OVERSCAN);
    const need = Math.max(0, last - first);
    while (this.pool.length < need) {
      const row = h('div', { class: 'lb-row', role: 'row' });
      for (const c of COLUMNS) row.appendChild(h('div', { role: 'gridcell', class: `lb-cell c-${c.id}${c.numeric ? ' num' : ''}` }));
      this.pool.push(row);
      this.canvas.appendChild(row);
    }
    for (let k = 0; k < this.pool.length; k++) {
      const el = this.pool[k];
      const pos = first + k;
      if (k >= need) {
        el.hidden = true;
        el.removeAttribute('id');
        continue;
      }
      el.hidden = false;
      this.fillRow(el, rows[this.order[pos]], pos);
    }
    if (this.order.length > 0) this.grid.setAttribute('aria-activedescendant', `lb-r${this.focus}`);
    else this.grid.removeAttribute('aria-activedescendant');
    this.renderDetail();
  }

  /** "best_c10 · NAS-Bench-201 · predicted 93.1 % … · in-space: validated ρ 0.84 … · Model card". */
  private renderDetail(): void {
    const r = this.model.rows()[this.order[this.focus]];
    const key = r ? `${r.entry.uri}\n${r.entry.key}\n${r.name}\n${r.model}\n${r.score}\n${this.model.model}` : '';
    if (this.detail.dataset.key === key) return;
    this.detail.dataset.key = key;
    this.detail.hidden = !r;
    if (!r) return mount(this.detail);
    const sc = r.entry.score;
    const parts = [
      `${r.name} · ${r.space}`,
      sc ? figureWords(sc) : r.entry.error ? `no score: ${r.entry.error}` : 'not scored yet',
      sc && !sc.predictedAccuracy && sc.calibrationNote ? `no accuracy claimed (${sc.calibrationNote})` : null,
      sc?.evidence ? evidenceWords(sc.evidence) : null,
      r.model ? `model ${r.model}${this.model.isStale(r) ? ` (stale: the current model is ${this.model.model}; re-scoring)` : ''}` : null,
    ].filter((x): x is string => x !== null);
    const card = r.model || this.model.model;
    let link: HTMLButtonElement | null = null;
    if (card) {
      link = h('button', { type: 'button', class: 'link', title: `Open the model card of ${card}` }, 'Model card');
      link.addEventListener('click', () => post({ type: 'openModelCard', model: card }));
    }
    mount(this.detail, parts.join(' · '), link ? ' · ' : null, link);
  }

  private fillRow(el: HTMLElement, r: Row, pos: number): void {
    el.id = `lb-r${pos}`;
    el.dataset.pos = String(pos);
    el.setAttribute('aria-rowindex', String(pos + 2));
    el.setAttribute('aria-selected', String(pos === this.focus));
    el.classList.toggle('focused', pos === this.focus);
    el.classList.toggle('error', r.entry.error !== undefined);
    const stale = this.model.isStale(r);
    el.classList.toggle('stale', stale);
    el.style.transform = `translateY(${pos * ROW_HEIGHT}px)`;
    const texts: Record<ColumnId, string> = {
      name: r.name, space: r.space, percentile: fmt(r.percentile, 1), accuracy: fmtPercent(r.accuracy), score: fmt(r.score, 3),
      params: fmtMillions(r.params), flops: fmtMillions(r.flops), file: r.file, model: stale ? `${r.model || '?'} (stale)` : r.model,
    };
    const cells = el.children;
    for (let i = 0; i < COLUMNS.length; i++) {
      const cell = cells[i] as HTMLElement;
      const text = texts[COLUMNS[i].id];
      if (cell.textContent !== text) cell.textContent = text;
    }
    const by = r.model ? ` — scored by ${r.model}${stale ? `, re-scoring with ${this.model.model}` : ''}` : '';
    const tip = r.entry.error ? `${r.name}: ${r.entry.error}` : `${r.name} (${r.entry.notation})${by}`;
    if (el.title !== tip) el.title = tip;
  }

  private setFocus(pos: number): void {
    if (this.order.length === 0) return;
    this.focus = Math.max(0, Math.min(pos, this.order.length - 1));
    // Keep the focused row in sight below the sticky header.
    const y = this.focus * ROW_HEIGHT;
    const view = this.grid.clientHeight - ROW_HEIGHT;
    if (y < this.grid.scrollTop) this.grid.scrollTop = y;
    else if (y + ROW_HEIGHT > this.grid.scrollTop + view) this.grid.scrollTop = y + ROW_HEIGHT - view;
    this.render();
    this.persist();
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.grid.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) this.setFocus(this.focus + moves[e.key]);
    else if (e.key === 'Home') this.setFocus(0);
    else if (e.key === 'End') this.setFocus(this.order.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') this.reveal(this.focus);
    else return;
    e.preventDefault();
  }

  private reveal(pos: number): void {
    const r = this.model.rows()[this.order[pos]];
    if (r) post({ type: 'reveal', uri: r.entry.uri, range: r.entry.range });
  }

  private renderPlot(): void {
    const rows = this.model.rows();
    const points = Array.from(this.order, (i) => rows[i]);
    const spaces = this.model.spaces().map(([id]) => id);
    renderScatter(this.plot, points, spaces, (r) => post({ type: 'reveal', uri: r.entry.uri, range: r.entry.range }));
  }
}
