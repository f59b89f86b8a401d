/**
 * Loaders of the network-level labelled spaces (NAS-Bench-Macro, Accel-NASBench, MetaQNN chains, deep
 * ResNets, NAAP-440, NAS-Bench-Graph): whole networks as operator chains or small graphs. Registered in
 * loaders.ts `LOADERS`; this file imports only types from there, so there is no import cycle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../csv';
import type { OpGraph } from '../types';
import type { LabelledSpace, LabelledTask } from './loaders';
import { DROPOUT, GLOBAL_AVG_POOL, IDENTITY, NBGRAPH_OPS, OperatorSet, convOp, downsampleOp, fcOp, maxPoolOp, mbconvOp, resBlockOp } from './operators';
import { chain, numbers } from './loaders-extra';

// --- NAS-Bench-Macro -------------------------------------------------------------------------

/** First layer of each stage (2/3/3 layers) has stride 2 and changes the channel count. */
const MACRO_STRIDE2 = new Set([0, 2, 5]);

function loadMacro(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'nasbenchmacro', 'nbmacro_all.csv'));
  const set = new OperatorSet();
  const rows = t.rows.filter((r) => r[t.col('is_trained_arch')] === '1');
  const graphs = rows.map((r) => {
    const ops = Array.from({ length: 8 }, (_, i) => {
      const name = r[t.col(`layer${i + 1}_op`)];
      const s2 = MACRO_STRIDE2.has(i);
      if (name === 'identity') return set.add(s2 ? downsampleOp(2) : IDENTITY);
      const [e, k] = name === 'mb3_k3' ? [3, 3] : name === 'mb6_k5' ? [6, 5] : [NaN, NaN];
      if (!Number.isFinite(e)) throw new Error(`nbmacro: unknown layer op '${name}'`);
      return set.add(mbconvOp({ expansion: e, kernel: k, stride: s2 ? 2 : 1, se: false, residual: !s2 }));
    });
    return [chain(ops)];
  });
  return {
    space: 'nbmacro',
    label: 'NAS-Bench-Macro',
    operators: set.byName,
    graphs,
    ids: rows.map((r) => r[t.col('arch')]),
    columns: { params: numbers(rows.map((r) => r[t.col('params')])), flops: numbers(rows.map((r) => r[t.col('flops')])) },
    tasks: [{ name: 'c10', description: 'CIFAR-10 test accuracy (%), mean of 3 seeds', labels: numbers(rows.map((r) => r[t.col('c10_test_mean')])) }],
  };
}

// --- Accel-NASBench --------------------------------------------------------------------------

const ANB_STRIDES = [1, 2, 2, 2, 1, 2, 1];

function loadAnb(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'accelnasbench', 'anb_all.csv'));
  const set = new OperatorSet();
  const graphs = t.rows.map((r) => {
    const ops: string[] = [];
    for (let b = 0; b < 7; b++) {
      const get = (f: string) => Number(r[t.col(`block${b}_${f}`)]);
      const [e, k, l, se] = [get('e'), get('k'), get('l'), get('se') === 1];
      // Layer 1 of a block changes channels (and maybe stride): no residual; the others keep shape.
      for (let i = 0; i < l; i++) {
        ops.push(set.add(mbconvOp({ expansion: e, kernel: k, stride: i === 0 ? ANB_STRIDES[b] : 1, se, residual: i > 0 })));
      }
    }
    return [chain(ops)];
  });
  return {
    space: 'anb',
    label: 'Accel-NASBench',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('result_id')]),
    columns: { params: numbers(t.rows.map((r) => r[t.col('params_M')])), macs: numbers(t.rows.map((r) => r[t.col('macs_M')])) },
    tasks: [{ name: 'in1k', description: 'ImageNet top-1 (%), 16-epoch proxy training', labels: numbers(t.rows.map((r) => r[t.col('val_top1')])) }],
  };
}

// --- MetaQNN chains --------------------------------------------------------------------------

interface MetaqnnLayer {
  op: string;
  filters?: number;
  kernel?: number;
  stride?: number;
  units?: number;
}

function loadMetaqnn(dir: string): LabelledSpace {
  const data = JSON.parse(readFileSync(join(dir, 'accelerating_nas', 'metaqnn_layers.json'), 'utf8')) as {
    archs: Array<{ dataset: string; lr: number; layers: MetaqnnLayer[]; val_acc_by_epoch: number[]; num_params?: number }>;
  };
  const set = new OperatorSet();
  const graphs = data.archs.map((a) => {
    const ops: string[] = [];
    for (const l of a.layers) {
      if (l.op === 'conv') ops.push(set.add(convOp({ kernel: l.kernel!, filters: l.filters!, stride: l.stride, bn: false })));
      else if (l.op === 'pool') ops.push(set.add(maxPoolOp(l.kernel!, l.stride!)));
      else if (l.op === 'dropout') ops.push(set.add(DROPOUT));
      else if (l.op === 'fc') ops.push(set.add(fcOp(l.units)));
      else if (l.op === 'gap') ops.push(set.add(GLOBAL_AVG_POOL));
      else if (l.op === 'softmax') continue; // every net ends in one: the output node stands for it
      else throw new Error(`metaqnn: unknown layer '${l.op}'`);
    }
    return [chain(ops)];
  });
  // The learning rate differs per row and shifts accuracy: rank within (dataset, lr) groups
  // with enough members, as separate tasks (NaN outside the group).
  const groups = new Map<string, number[]>();
  data.archs.forEach((a, i) => {
    const key = `${a.dataset}@lr${a.lr}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const tasks: LabelledTask[] = [];
  for (const [key, members] of [...groups].sort()) {
    if (members.length < 40) continue;
    const labels = new Float64Array(data.archs.length).fill(NaN);
    for (const i of members) labels[i] = data.archs[i].val_acc_by_epoch[data.archs[i].val_acc_by_epoch.length - 1];
    tasks.push({ name: key, description: `validation accuracy (fraction) after 20 epochs, ${key}`, labels });
  }
  const columns = { params: Float64Array.from(data.archs, (a) => a.num_params ?? NaN) };
  return { space: 'metaqnn', label: 'MetaQNN chains', operators: set.byName, graphs, tasks, columns };
}

// --- Deep ResNets (Tiny ImageNet) ------------------------------------------------------------

function loadResnets(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'accelerating_nas', 'raw', 'deep_resnets_tinyimagenet.csv'));
  const set = new OperatorSet();
  const last = t.header.filter((h) => /^acc_\d+$/.test(h)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).pop()!;
  // 14 runs diverged (final accuracy <= 0.01): their label says nothing about the architecture.
  const rows = t.rows.filter((r) => Number(r[t.col(last)]) > 0.01);
  const graphs = rows.map((r) => {
    const n = Number(r[t.col('num_blocks')]);
    const op = set.add(resBlockOp({ kernel: Number(r[t.col('filter_size')]), filters: Number(r[t.col('num_filters')]) }));
    return [chain(new Array<string>(n).fill(op))];
  });
  // No params column in the data. params_est = 3 · num_blocks · k² · F²: the weights of the
  // residual blocks' convolutions (3 per block, each F -> F channels with a k×k kernel: "each block
  // 3 conv layers", num_filters "in each convolutional layer", filter_size "used by every conv",
  // PROVENANCE.md / the repository README). Stem, BN, shortcuts and classifier are not described
  // there and are left out, so this is the leading term only.
  const num = (r: string[], h: string) => Number(r[t.col(h)]);
  const paramsEst = Float64Array.from(rows, (r) => 3 * num(r, 'num_blocks') * num(r, 'filter_size') ** 2 * num(r, 'num_filters') ** 2);
  return {
    space: 'resnets',
    label: 'Deep ResNets (Tiny ImageNet)',
    operators: set.byName,
    graphs,
    columns: { params_est: paramsEst },
    tasks: [{ name: 'tinyimagenet', description: `validation accuracy (fraction) at ${last}`, labels: numbers(rows.map((r) => r[t.col(last)])) }],
  };
}

// --- NAAP-440 --------------------------------------------------------------------------------

function loadNaap(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'naap440', 'naap440_compact.csv'));
  const set = new OperatorSet();
  const graphs = t.rows.map((r) => {
    const ops = r[t.col('layers')].split('|').map((s) => {
      const m = /^k(\d+)w(\d+)s(\d+)(r?)$/.exec(s);
      if (!m) throw new Error(`naap440: bad layer '${s}'`);
      return set.add(convOp({ kernel: Number(m[1]), filters: Number(m[2]), stride: Number(m[3]), residual: m[4] === 'r' }));
    });
    return [chain(ops)];
  });
  return {
    space: 'naap440',
    label: 'NAAP-440',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('ModelId')]),
    columns: { params: numbers(t.rows.map((r) => r[t.col('NumParams')])), macs: numbers(t.rows.map((r) => r[t.col('NumMACs')])) },
    tasks: [{ name: 'c10', description: 'CIFAR-10 test accuracy (fraction), max over 90 epochs', labels: numbers(t.rows.map((r) => r[t.col('MaxAccuracy')])) }],
  };
}

// --- NAS-Bench-Graph -------------------------------------------------------------------------

const NBGRAPH_DATASETS = ['cora', 'citeseer', 'pubmed', 'cs', 'physics', 'photo', 'computers', 'arxiv', 'proteins'];

/** input(0) -> computing nodes 1..4 (inputs from `link`) -> output fed by the nodes without successor. */
export function nbgraphGraph(link: number[], ops: string[]): OpGraph {
  const n = 6;
  const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  link.forEach((src, i) => (adj[src][i + 1] = 1));
  for (let v = 1; v <= 4; v++) if (!link.includes(v)) adj[v][5] = 1;
  return { ops: ['input', ...ops, 'output'], adj };
}

function loadNbgraph(dir: string): LabelledSpace {
  const t = readCsv(join(dir, 'nasbenchgraph', 'nbgraph_light_all.csv'));
  const set = new OperatorSet();
  const graphs = t.rows.map((r) => {
    const ops = [1, 2, 3, 4].map((i) => {
      const op = NBGRAPH_OPS[r[t.col(`op${i}`)]];
      if (!op) throw new Error(`nbgraph: unknown op '${r[t.col(`op${i}`)]}'`);
      return set.add(op);
    });
    return [nbgraphGraph(r[t.col('link')].split('-').map(Number), ops)];
  });
  return {
    space: 'nbgraph',
    label: 'NAS-Bench-Graph',
    operators: set.byName,
    graphs,
    ids: t.rows.map((r) => r[t.col('hash')]),
    columns: Object.fromEntries(NBGRAPH_DATASETS.map((ds) => [`params:${ds}`, numbers(t.rows.map((r) => r[t.col(`${ds}_params`)]))])),
    tasks: NBGRAPH_DATASETS.map((ds) => ({
      name: ds,
      description: `${ds} validation ${ds === 'proteins' ? 'ROC-AUC' : 'accuracy'} (fraction)`,
      labels: numbers(t.rows.map((r) => r[t.col(`${ds}_valid`)])),
    })),
  };
}

/** The loaders of this file, by data-spec id (registered in loaders.ts `LOADERS`). */
export const NETWORK_LOADERS = {
  nbmacro: loadMacro, anb: loadAnb, metaqnn: loadMetaqnn, resnets: loadResnets, naap440: loadNaap, nbgraph: loadNbgraph,
} as const;
