/**
 * The search panel's two SVG charts, themed only by VS Code's CSS variables (media/webview.css):
 * the progress chart (best and median score per evolution generation) and the Pareto front (predicted
 * accuracy, or score where the space is not calibrated, against params, FLOPs or latency).
 */
import type { FrontCell, ParetoAxis } from '../shared/protocol';
import { axisLabel, axisWords } from '../shared/score-words';
import { h, mount, s } from './dom';
import { fmt, fmtMillions } from './format';
import { ticks } from './scatter';

const finiteOrNaN = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/**
 * Best and median score per generation as two lines on one scale (the median shows whether the
 * population as a whole improves, not only its luckiest cell). Empty below two generations.
 */
export function renderProgressChart(root: HTMLElement, best: ReadonlyArray<number | null>, median: ReadonlyArray<number | null>): void {
  const b = best.map(finiteOrNaN);
  const m = median.map(finiteOrNaN);
  const finite = [...b, ...m].filter((v) => !Number.isNaN(v));
  if (b.filter((v) => !Number.isNaN(v)).length < 2) {
    mount(root);
    return;
  }
  const W = 560;
  const H = 150;
  const M = { l: 48, r: 8, t: 8, b: 22 };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const n = Math.max(b.length, m.length);
  const X = (i: number) => M.l + (i / Math.max(1, n - 1)) * (W - M.l - M.r);
  const Y = (v: number) => H - M.b - ((v - lo) / (hi - lo)) * (H - M.t - M.b);
  const points = (vs: number[]) => vs.map((v, i) => (Number.isNaN(v) ? null : `${X(i).toFixed(1)},${Y(v).toFixed(1)}`)).filter(Boolean).join(' ');
  const bf = b.filter((v) => !Number.isNaN(v));
  const mf = m.filter((v) => !Number.isNaN(v));
  const label = `Best score per generation, from ${fmt(bf[0], 3)} to ${fmt(bf[bf.length - 1], 3)} over ${n} generations`
    + (mf.length ? `; population median from ${fmt(mf[0], 3)} to ${fmt(mf[mf.length - 1], 3)}` : '');
  mount(root,
    s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'progress-chart', role: 'img', 'aria-label': label },
      s('line', { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b, class: 'axis' }),
      s('line', { x1: M.l, x2: M.l, y1: M.t, y2: H - M.b, class: 'axis' }),
      s('text', { x: M.l - 4, y: Y(hi) + 4, 'text-anchor': 'end' }, fmt(hi, 3)),
      s('text', { x: M.l - 4, y: Y(lo) + 4, 'text-anchor': 'end' }, fmt(lo, 3)),
      s('text', { x: (M.l + W - M.r) / 2, y: H - 4, 'text-anchor': 'middle' }, 'generation'),
      mf.length >= 2 ? s('polyline', { points: points(m), class: 'line median' }) : null,
      s('polyline', { points: points(b), class: 'line best' })),
    h('ul', { class: 'legend', 'aria-hidden': 'true' },
      h('li', undefined, h('span', { class: 'swatch line-best' }), 'best'),
      mf.length >= 2 ? h('li', undefined, h('span', { class: 'swatch line-median' }), 'population median') : null));
}

/** A figure on the Pareto axis: "0.52 M params", "217 M FLOPs", "3.41 ms". */
export function objectiveWords(axis: ParetoAxis, v: number): string {
  return axis === 'latency' ? `${fmt(v, 2)} ms` : `${fmtMillions(v)} M ${axis === 'params' ? 'params' : 'FLOPs'}`;
}

/**
 * The Pareto front as points joined by a staircase (a cell is on the front when no cheaper one scores
 * as high). y: predicted accuracy where every point has one (a calibrated space), else the raw score,
 * which is then labelled as such: an uncalibrated space never gets an invented accuracy.
 * A click on a point calls `onPick` with its rank in the front.
 */
export function renderParetoPlot(
  root: HTMLElement, front: readonly FrontCell[], axis: ParetoAxis, device: string | undefined, onPick: (rank: number) => void,
): void {
  if (front.length === 0) {
    mount(root, h('p', { class: 'empty' }, `No feasible cell has a value for ${axisWords(axis, device)}.`));
    return;
  }
  const accuracy = front.every((c) => c.predictedAccuracy);
  const yOf = (c: FrontCell) => (accuracy ? c.predictedAccuracy!.value : c.score);
  // A long calibration target does not fit beside the plot's height: the caption names it instead.
  const target = accuracy ? front[0].predictedAccuracy!.target : '';
  const yLabel = !accuracy ? 'Score (within this space; not calibrated to accuracy)' : target.length <= 32 ? `Predicted ${target}, %` : 'Predicted accuracy, %';
  const W = 560;
  const H = 300;
  const M = { left: 56, right: 16, top: 12, bottom: 40 };
  const xs = front.map((c) => c.objective);
  const ys = front.map(yOf);
  const positive = xs.every((x) => x > 0);
  const log = positive && Math.max(...xs) / Math.min(...xs) > 10;
  const tx = (v: number) => (log ? Math.log10(v) : v);
  let xlo = tx(Math.min(...xs));
  let xhi = tx(Math.max(...xs));
  if (xhi === xlo) [xlo, xhi] = [xlo - 0.5, xhi + 0.5];
  const padX = (xhi - xlo) * 0.05;
  xlo -= padX;
  xhi += padX;
  let ylo = Math.min(...ys);
  let yhi = Math.max(...ys);
  if (yhi === ylo) [ylo, yhi] = [ylo - 0.5, yhi + 0.5];
  const padY = (yhi - ylo) * 0.08;
  ylo -= padY;
  yhi += padY;
  const X = (v: number) => M.left + ((tx(v) - xlo) / (xhi - xlo)) * (W - M.left - M.right);
  const Y = (v: number) => H - M.bottom - ((v - ylo) / (yhi - ylo)) * (H - M.top - M.bottom);

  const xLabel = axisLabel(axis, device) + (log ? ' (log scale)' : '');
  const svg = s('svg', {
    class: 'pareto-plot', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `Pareto front: ${front.length} cells, ${accuracy ? 'predicted accuracy' : 'score'} against ${axisWords(axis, device)}`,
  });
  const axes = s('g', { class: 'axes' });
  const xt = log ? logTicks(xlo, xhi) : ticks(xlo, xhi, 5);
  for (const t of xt) {
    const x = M.left + ((t - xlo) / (xhi - xlo)) * (W - M.left - M.right);
    const v = log ? 10 ** t : t;
    axes.append(s('line', { x1: x, x2: x, y1: M.top, y2: H - M.bottom, class: 'grid' }),
      s('text', { x, y: H - M.bottom + 14, 'text-anchor': 'middle' }, axis === 'latency' ? fmt(v, v < 10 ? 2 : 1) : fmtMillions(v)));
  }
  for (const t of ticks(ylo, yhi, 5)) {
    const y = Y(t);
    axes.append(s('line', { x1: M.left, x2: W - M.right, y1: y, y2: y, class: 'grid' }),
      s('text', { x: M.left - 6, y: y + 4, 'text-anchor': 'end' }, fmt(t, accuracy ? 1 : 2)));
  }
  const midY = (M.top + H - M.bottom) / 2;
  axes.append(
    s('text', { x: (M.left + W - M.right) / 2, y: H - 6, 'text-anchor': 'middle', class: 'label x-label' }, xLabel),
    s('text', { x: 12, y: midY, 'text-anchor': 'middle', class: 'label y-label', transform: `rotate(-90 12 ${midY})` }, yLabel),
  );
  svg.appendChild(axes);
  // Staircase: from each point, right at its height to the next point's cost, then up.
  const steps: string[] = [];
  front.forEach((c, i) => {
    const x = X(c.objective).toFixed(1);
    const y = Y(yOf(c)).toFixed(1);
    steps.push(i === 0 ? `M${x},${y}` : `H${x}V${y}`);
  });
  svg.appendChild(s('path', { d: steps.join(''), class: 'front-line' }));
  const dots = s('g', { class: 'points' });
  for (const c of front) {
    dots.appendChild(s('circle', {
      cx: X(c.objective).toFixed(1), cy: Y(yOf(c)).toFixed(1), r: 4.5, class: 'front-pt', 'data-rank': c.rank, tabindex: 0,
      'aria-label': `#${c.rank}: ${objectiveWords(axis, c.objective)}, ${accuracy ? `${fmt(yOf(c), 1)} %` : `score ${fmt(c.score, 3)}`}`,
    }, s('title', undefined, `#${c.rank} ${c.text}\n${objectiveWords(axis, c.objective)} · ${accuracy ? `predicted ${fmt(yOf(c), 1)} %` : `score ${fmt(c.score, 3)}`}`)));
  }
  const pick = (e: Event) => {
    const rank = (e.target as Element).getAttribute('data-rank');
    if (rank !== null) onPick(Number(rank));
  };
  dots.addEventListener('click', pick);
  dots.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && pick(e));
  svg.appendChild(dots);
  mount(root, svg, yLabel.includes(target) ? null : h('p', { class: 'note caption' }, `Predicted accuracy: ${target}.`));
}

/** Ticks of a log axis (exponents lo..hi): 1, 2 and 5 of each decade over up to two decades, powers of ten beyond. */
function logTicks(lo: number, hi: number): number[] {
  const steps = hi - lo <= 2 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
    for (const m of steps) {
      const t = k + Math.log10(m);
      if (t >= lo && t <= hi) out.push(t);
    }
  }
  return out;
}
