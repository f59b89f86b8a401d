/**
 * Percentile-against-params scatter plot of the (filtered) leaderboard, in SVG. Points are coloured by
 * space, carry a <title> tooltip and reveal their cell on click. The y axis is each cell's percentile
 * within its own space: raw scores do not compare across spaces. Params use a log axis when they span
 * more than a decade, which they do across spaces.
 */
import { h, mount, s } from './dom';
import { fmt, fmtMillions } from './format';
import type { Row } from './leaderboard-model';

const WIDTH = 560;
const HEIGHT = 320;
const M = { left: 52, right: 12, top: 12, bottom: 40 };

/** Round tick values between lo and hi, about `count` of them. */
export function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((v) => v >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function renderScatter(root: HTMLElement, rows: readonly Row[], spaces: readonly string[], onPick: (r: Row) => void): void {
  const pts = rows.filter((r) => r.params !== undefined && r.params > 0 && r.percentile !== undefined && Number.isFinite(r.percentile));
  const missing = rows.length - pts.length;
  if (pts.length === 0) {
    mount(root, h('p', { class: 'empty' }, 'No cell has both a percentile and a parameter count to plot.'));
    return;
  }
  const px = pts.map((r) => r.params!);
  const py = pts.map((r) => r.percentile!);
  let xlo = Math.min(...px);
  let xhi = Math.max(...px);
  const log = xhi / xlo > 10;
  const tx = (v: number) => (log ? Math.log10(v) : v);
  xlo = tx(xlo);
  xhi = tx(xhi);
  if (xhi === xlo) [xlo, xhi] = [xlo - 0.5, xhi + 0.5];
  // Percentiles: the whole 0-100 range, so spaces and filters keep one scale.
  const ylo = Math.min(0, ...py);
  const yhi = Math.max(100, ...py);
  const X = (v: number) => M.left + ((tx(v) - xlo) / (xhi - xlo)) * (WIDTH - M.left - M.right);
  const Y = (v: number) => HEIGHT - M.bottom - ((v - ylo) / (yhi - ylo)) * (HEIGHT - M.top - M.bottom);

  const svg = s('svg', {
    class: 'scatter', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-label': `Scatter plot of percentile within each space against parameters, ${pts.length} cells`,
  });
  const axes = s('g', { class: 'axes' });
  const xt = log ? ticks(Math.floor(xlo), Math.ceil(xhi), Math.min(6, Math.ceil(xhi) - Math.floor(xlo))).filter((t) => t >= xlo && t <= xhi) : ticks(xlo, xhi, 5);
  for (const t of xt) {
    const x = M.left + ((t - xlo) / (xhi - xlo)) * (WIDTH - M.left - M.right);
    axes.append(s('line', { x1: x, x2: x, y1: M.top, y2: HEIGHT - M.bottom, class: 'grid' }),
      s('text', { x, y: HEIGHT - M.bottom + 14, 'text-anchor': 'middle' }, fmtMillions(log ? 10 ** t : t)));
  }
  for (const t of ticks(ylo, yhi, 4)) {
    const y = Y(t);
    axes.append(s('line', { x1: M.left, x2: WIDTH - M.right, y1: y, y2: y, class: 'grid' }),
      s('text', { x: M.left - 6, y: y + 4, 'text-anchor': 'end' }, fmt(t, 0)));
  }
  axes.append(
    s('text', { x: (M.left + WIDTH - M.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'label' },
      `Params, millions${log ? ' (log scale)' : ''}`),
    s('text', { x: 12, y: (M.top + HEIGHT - M.bottom) / 2, 'text-anchor': 'middle', class: 'label', transform: `rotate(-90 12 ${(M.top + HEIGHT - M.bottom) / 2})` }, 'Percentile in its space'),
  );
  svg.appendChild(axes);

  const dots = s('g', { class: 'points' });
  pts.forEach((r, i) => {
    const c = s('circle', {
      cx: X(r.params!).toFixed(1), cy: Y(r.percentile!).toFixed(1), r: 3.5, class: `pt s${Math.max(0, spaces.indexOf(r.entry.space)) % 8}`,
      'data-i': i,
    }, s('title', undefined, `${r.name} (${r.space}): ${fmt(r.percentile, 1)} percentile, score ${fmt(r.score, 3)}, ${fmtMillions(r.params)} M params`));
    dots.appendChild(c);
  });
  // One listener for all points: 10,000 closures would cost more than the drawing.
  dots.addEventListener('click', (e) => {
    const i = (e.target as Element).getAttribute('data-i');
    if (i !== null) onPick(pts[Number(i)]);
  });
  svg.appendChild(dots);

  const present = spaces.filter((id) => pts.some((r) => r.entry.space === id));
  const legend = h('ul', { class: 'legend', 'aria-label': 'Spaces' }, ...present.map((id) => {
    const label = pts.find((r) => r.entry.space === id)!.space;
    return h('li', undefined, h('span', { class: `swatch s${spaces.indexOf(id) % 8}`, 'aria-hidden': 'true' }), label);
  }));
  mount(root, svg, legend,
    missing > 0 ? h('p', { class: 'note' }, `${missing} cell${missing === 1 ? '' : 's'} without score or params not plotted.`) : null);
}
