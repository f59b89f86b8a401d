/**
 * Cell-graph drawing: one SVG per operator DAG (DARTS: normal and reduction side by side), nodes
 * coloured by operator kind, unseen ("NEW") operators outlined and badged, and a legend of what
 * is drawn.
 */
import type { GraphResult } from '../shared/protocol';
import { evidenceWords, percentileWords } from '../shared/score-words';
import { h, mount, s } from './dom';
import { fmt, fmtMillions, fmtPercent } from './format';
import { assignLayers, edgesOf, layoutGraph } from './graph-layout';

const KIND_LABEL: Record<string, string> = {
  io: 'input / output', none: 'none (no connection)', skip: 'skip connection', conv: 'convolution', pool: 'pooling', other: 'other',
};
const GRAPH_LABEL: Record<string, string> = { normal: 'Normal cell', reduce: 'Reduction cell', cell: 'Cell' };

/** Monospace estimate: the layout runs before the SVG is in the document, where nothing can be measured. */
const CHAR_WIDTH = 7.2;

let graphCounter = 0;

export function renderGraph(root: HTMLElement, g: GraphResult): void {
  const title = g.name ? `${g.name} — ${g.spaceLabel}` : g.spaceLabel;
  const facts = [
    g.score?.predictedAccuracy ? `predicted ${fmtPercent(g.score.predictedAccuracy.value)} (${g.score.predictedAccuracy.target})` : null,
    g.score ? `score ${fmt(g.score.score, 3)}, ${percentileWords(g.score.percentile)}` : null,
    g.params_M !== undefined ? `${fmtMillions(g.params_M)} M params` : null,
    g.flops_M !== undefined ? `${fmtMillions(g.flops_M)} M FLOPs` : null,
    // Where the figure comes from, worded as in the hover (score-words.ts).
    g.score?.evidence ? evidenceWords(g.score.evidence) : null,
  ].filter((x): x is string => x !== null);

  const kinds = new Set<string>();
  let unseen = 0;
  const figures = g.graphs.map((graph) => {
    const edges = edgesOf(graph.adj);
    const labelWidth = (i: number) => graph.nodes[i].op.length * CHAR_WIDTH + (graph.nodes[i].unseen ? 34 : 0);
    // Wide layers (DARTS: up to 7 ops fed by the cell inputs) read better as columns, and then two cells fit side by side.
    const widest = Math.max(0, ...countPerLayer(graph.nodes.length, edges));
    const layout = layoutGraph(graph.nodes.length, edges, { labelWidth, direction: widest > 4 ? 'LR' : 'TB' });
    const id = `arrow${++graphCounter}`;
    const label = GRAPH_LABEL[graph.label] ?? graph.label;
    const svg = s('svg', {
      class: 'cell-graph', width: Math.ceil(layout.width), height: Math.ceil(layout.height), viewBox: `0 0 ${layout.width} ${layout.height}`,
      role: 'img', 'aria-label': `${label}: ${graph.nodes.length} operators, ${edges.length} connections`, 'data-label': graph.label,
    });
    svg.appendChild(s('defs', undefined,
      s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))));
    const edgeGroup = s('g', { class: 'edges' });
    for (const e of layout.edges) edgeGroup.appendChild(s('path', { d: e.path, class: 'edge', 'marker-end': `url(#${id})` }));
    svg.appendChild(edgeGroup);
    const nodeGroup = s('g', { class: 'nodes' });
    graph.nodes.forEach((node, i) => {
      const p = layout.nodes[i];
      kinds.add(node.kind);
      if (node.unseen) unseen++;
      const group = s('g', {
        class: `node k-${node.kind}${node.unseen ? ' unseen' : ''}`, transform: `translate(${p.x},${p.y})`, 'data-op': node.op,
      },
      s('title', undefined, `${node.op}: ${node.description}${node.unseen ? ' (new operator, scored from its description)' : ''}`),
      s('rect', { width: p.width, height: p.height, rx: 5 }),
      s('text', { x: node.unseen ? (p.width - 34) / 2 + 2 : p.width / 2, y: p.height / 2 + 4, 'text-anchor': 'middle' }, node.op));
      if (node.unseen) {
        group.appendChild(s('text', { x: p.width - 8, y: p.height / 2 + 4, 'text-anchor': 'end', class: 'badge' }, 'NEW'));
      }
      nodeGroup.appendChild(group);
    });
    svg.appendChild(nodeGroup);
    return h('figure', { class: 'graph' }, h('figcaption', undefined, label), svg);
  });

  const legend = h('ul', { class: 'legend', 'aria-label': 'Operator kinds' },
    ...['io', 'conv', 'pool', 'skip', 'none', 'other'].filter((k) => kinds.has(k)).map((k) =>
      h('li', undefined, h('span', { class: `swatch k-${k}`, 'aria-hidden': 'true' }), KIND_LABEL[k])),
    unseen > 0 ? h('li', undefined, h('span', { class: 'swatch unseen', 'aria-hidden': 'true' }), 'NEW: not in the built-in vocabularies') : null);

  mount(root,
    h('header', { class: 'graph-head' }, h('h2', undefined, title), facts.length ? h('p', { class: 'facts' }, facts.join(' · ')) : null),
    h('div', { class: 'graphs' }, ...figures),
    legend);
}

function countPerLayer(n: number, edges: Array<[number, number]>): number[] {
  const counts: number[] = [];
  for (const l of assignLayers(n, edges)) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}
