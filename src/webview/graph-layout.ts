/**
 * Layered (Sugiyama-style) layout of a small operator DAG, without DOM: layer = longest path from a
 * source, order within a layer by a few barycenter sweeps to cut crossings, then coordinates.
 * Cells have tens of nodes, so the quadratic parts are irrelevant.
 */

export interface LayoutNode {
  index: number;
  layer: number;
  /** Position within the layer, from 0. */
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutEdge {
  from: number;
  to: number;
  /** Cubic path from the bottom of `from` to the top of `to`. */
  path: string;
}

export interface Layout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  /** Width of a node label in px (the caller measures or estimates). */
  labelWidth: (index: number) => number;
  nodeHeight?: number;
  layerGap?: number;
  nodeGap?: number;
  margin?: number;
  /** 'TB': layers are rows (default); 'LR': layers are columns, for wide layers (DARTS has 7 ops on one). */
  direction?: 'TB' | 'LR';
}

/** Edges of an adjacency matrix (adj[i][j] !== 0: i feeds j). */
export function edgesOf(adj: readonly (readonly number[])[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  adj.forEach((row, i) => row.forEach((v, j) => v && i !== j && out.push([i, j])));
  return out;
}

/** Longest-path layers; back edges (not expected in a DAG) are ignored rather than looping forever. */
export function assignLayers(n: number, edges: ReadonlyArray<readonly [number, number]>): number[] {
  const preds: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Array<number>(n).fill(0);
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    succ[a].push(b);
    preds[b].push(a);
    indeg[b]++;
  }
  const layer = new Array<number>(n).fill(0);
  const queue = [...Array(n).keys()].filter((i) => indeg[i] === 0);
  const seen = new Array<boolean>(n).fill(false);
  while (queue.length) {
    const i = queue.shift()!;
    seen[i] = true;
    for (const j of succ[i]) {
      layer[j] = Math.max(layer[j], layer[i] + 1);
      if (--indeg[j] === 0) queue.push(j);
    }
  }
  // Nodes on a cycle: put them after their seen predecessors.
  for (let i = 0; i < n; i++) {
    if (!seen[i]) layer[i] = Math.max(0, ...preds[i].filter((p) => seen[p]).map((p) => layer[p] + 1));
  }
  return layer;
}

export function layoutGraph(n: number, edges: ReadonlyArray<readonly [number, number]>, o: LayoutOptions): Layout {
  const nodeHeight = o.nodeHeight ?? 28;
  const layerGap = o.layerGap ?? 44;
  const nodeGap = o.nodeGap ?? 16;
  const margin = o.margin ?? 12;
  const layer = assignLayers(n, edges);
  const depth = n ? Math.max(...layer) + 1 : 0;
  const layers: number[][] = Array.from({ length: depth }, () => []);
  for (let i = 0; i < n; i++) layers[layer[i]].push(i);

  const pos = new Array<number>(n).fill(0);
  const setPos = () => layers.forEach((l) => l.forEach((v, k) => (pos[v] = k)));
  setPos();
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    preds[b].push(a);
    succs[a].push(b);
  }
  const bary = (v: number, nb: number[]) => (nb.length ? nb.reduce((s, u) => s + pos[u], 0) / nb.length : pos[v]);
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? layers.slice(1) : layers.slice(0, -1).reverse();
    for (const l of order) {
      const key = new Map(l.map((v) => [v, bary(v, down ? preds[v] : succs[v])]));
      l.sort((a, b) => key.get(a)! - key.get(b)! || a - b);
      l.forEach((v, k) => (pos[v] = k));
    }
  }

  const widths = Array.from({ length: n }, (_, i) => Math.max(48, Math.ceil(o.labelWidth(i)) + 20));
  const nodes: LayoutNode[] = new Array(n);
  let width: number;
  let height: number;
  if ((o.direction ?? 'TB') === 'TB') {
    const rowWidth = layers.map((l) => l.reduce((s, v) => s + widths[v], 0) + nodeGap * Math.max(0, l.length - 1));
    width = Math.max(0, ...rowWidth) + 2 * margin;
    height = depth ? margin * 2 + depth * nodeHeight + (depth - 1) * layerGap : 0;
    layers.forEach((l, li) => {
      // Centre each layer: DAG drawings read best symmetric.
      let x = margin + (width - 2 * margin - rowWidth[li]) / 2;
      l.forEach((v, k) => {
        nodes[v] = { index: v, layer: li, order: k, x, y: margin + li * (nodeHeight + layerGap), width: widths[v], height: nodeHeight };
        x += widths[v] + nodeGap;
      });
    });
  } else {
    const colWidth = layers.map((l) => Math.max(0, ...l.map((v) => widths[v])));
    const vGap = nodeGap / 2;
    const colHeight = layers.map((l) => l.length * nodeHeight + Math.max(0, l.length - 1) * vGap);
    const gap = layerGap * 1.2;
    width = margin * 2 + colWidth.reduce((a, b) => a + b, 0) + Math.max(0, depth - 1) * gap;
    height = margin * 2 + Math.max(0, ...colHeight);
    let x = margin;
    layers.forEach((l, li) => {
      let y = margin + (height - 2 * margin - colHeight[li]) / 2;
      l.forEach((v, k) => {
        nodes[v] = { index: v, layer: li, order: k, x: x + (colWidth[li] - widths[v]) / 2, y, width: widths[v], height: nodeHeight };
        y += nodeHeight + vGap;
      });
      x += colWidth[li] + gap;
    });
  }
  const lr = o.direction === 'LR';
  const laidEdges = edges.map(([a, b]) => {
    const s = nodes[a];
    const t = nodes[b];
    if (lr) {
      const x1 = s.x + s.width;
      const y1 = s.y + s.height / 2;
      const x2 = t.x;
      const y2 = t.y + t.height / 2;
      const mx = (x1 + x2) / 2;
      return { from: a, to: b, path: `M${r(x1)},${r(y1)} C${r(mx)},${r(y1)} ${r(mx)},${r(y2)} ${r(x2)},${r(y2)}` };
    }
    const x1 = s.x + s.width / 2;
    const y1 = s.y + s.height;
    const x2 = t.x + t.width / 2;
    const y2 = t.y;
    const my = (y1 + y2) / 2;
    return { from: a, to: b, path: `M${r(x1)},${r(y1)} C${r(x1)},${r(my)} ${r(x2)},${r(my)} ${r(x2)},${r(y2)}` };
  });
  return { nodes, edges: laidEdges, width, height };
}

const r = (v: number) => Math.round(v * 10) / 10;
