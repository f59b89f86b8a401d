/**
 * Per-operator latency model for NAS-Bench-201 cells: latency ≈ bias + Σ_edge w[edge][op],
 * fitted by non-negative least squares (bias >= 0, every w >= 0, so no cell is ever predicted
 * below zero) on the HW-NAS-Bench latencies of all 15,625 cells (CIFAR-10 networks) in the
 * shared data, one table per device. The fitted tables are small and committed in
 * models/latency/nb201.json; `tgnas fit-latency` re-fits them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelsDir } from './paths';
import { nb201WithoutUnreachable } from './spaces/nb201';
import type { Nb201Cell } from './types';

export const LATENCY_DEVICES = ['edgegpu', 'raspi4', 'edgetpu', 'pixel3', 'eyeriss', 'fpga'] as const;
export type LatencyDevice = (typeof LATENCY_DEVICES)[number];

export interface LatencyTable {
  device: string;
  /** What the device is, as HW-NAS-Bench describes it. */
  description: string;
  unit: 'ms';
  bias: number;
  /** weights[edge][op] in ms, edges in arch-string order. */
  weights: Array<Record<string, number>>;
  /**
   * The fit's error on the `cells` it was fitted to: R², mean / largest absolute error, mean absolute
   * percentage error; `excluded`: cells left out of the fit (see fitLatencyMeasurements).
   */
  fit: { cells: number; r2: number; maeMs: number; maxErrMs: number; mapePct: number; excluded?: { unmeasured: number; disconnected: number } };
}

export interface LatencyFile {
  space: 'nb201';
  dataset: 'cifar10';
  source: string;
  command: string;
  date: string;
  tables: LatencyTable[];
}

export const DEVICE_DESCRIPTIONS: Record<LatencyDevice, string> = {
  edgegpu: 'NVIDIA Jetson TX2 (edge GPU)',
  raspi4: 'Raspberry Pi 4 (ARM CPU)',
  edgetpu: 'Google Coral Edge TPU',
  pixel3: 'Google Pixel 3 phone (CPU)',
  eyeriss: 'Eyeriss ASIC accelerator (simulated)',
  fpga: 'Xilinx ZC706 FPGA (simulated)',
};

let cached: LatencyFile | undefined;

export function latencyFile(path = join(modelsDir(), 'latency', 'nb201.json')): LatencyFile {
  if (!cached) cached = JSON.parse(readFileSync(path, 'utf8')) as LatencyFile;
  return cached;
}

export function latencyTable(device: string): LatencyTable {
  const table = latencyFile().tables.find((t) => t.device === device);
  if (!table) {
    throw new Error(`no latency model for device '${device}' (known: ${latencyFile().tables.map((t) => t.device).join(', ')})`);
  }
  return table;
}

/** Predicted latency in ms; undefined when an op has no weight (e.g. a custom operator). */
export function predictLatency(table: LatencyTable, cell: Nb201Cell): number | undefined {
  let sum = table.bias;
  for (let e = 0; e < cell.ops.length; e++) {
    const w = table.weights[e]?.[cell.ops[e]];
    if (w === undefined) return undefined;
    sum += w;
  }
  return sum;
}

/** No path from the cell's input to its output: the cell computes nothing (341 of the 15,625). */
export function nb201Disconnected(cell: Nb201Cell): boolean {
  return nb201WithoutUnreachable(cell.ops).every((op) => op === 'none');
}

/**
 * fitLatency on the measurements an additive model can describe. Left out: cells without a valid
 * measurement (HW-NAS-Bench writes -1 for failed runs: 4,699 Edge TPU cells) and disconnected
 * cells, which the compiled networks of the edge GPU and CPUs run in almost no time (0.003-0.6 ms)
 * because they compute nothing; their predictions stay additive (and >= 0), above their measured
 * latency, which keeps a latency limit on the safe side.
 */
export function fitLatencyMeasurements(device: string, cells: Nb201Cell[], latencies: number[], ops: readonly string[]): LatencyTable {
  const keep: number[] = [];
  let unmeasured = 0;
  let disconnected = 0;
  cells.forEach((cell, i) => {
    if (!(Number.isFinite(latencies[i]) && latencies[i] >= 0)) unmeasured++;
    else if (nb201Disconnected(cell)) disconnected++;
    else keep.push(i);
  });
  const table = fitLatency(device, keep.map((i) => cells[i]), keep.map((i) => latencies[i]), ops);
  return { ...table, fit: { ...table.fit, excluded: { unmeasured, disconnected } } };
}

/**
 * Non-negative least-squares fit of the additive model (one-hot edge-op features plus a bias, all
 * coefficients >= 0). Each edge's one-hots sum to the bias column, so any additive model whose
 * cheapest cell is predicted >= 0 can be written with non-negative coefficients: the constraint
 * removes exactly the models that predict negative latencies. A ridge of 1e-6 on the one-hot
 * diagonal keeps the collinear normal equations solvable.
 */
export function fitLatency(device: string, cells: Nb201Cell[], latencies: number[], ops: readonly string[]): LatencyTable {
  const edges = cells[0].ops.length;
  const dim = 1 + edges * ops.length;
  const columns = (cell: Nb201Cell): number[] => [0, ...cell.ops.map((op, e) => 1 + e * ops.length + ops.indexOf(op))];
  const xtx = Array.from({ length: dim }, () => new Array(dim).fill(0));
  const xty = new Array(dim).fill(0);
  cells.forEach((cell, i) => {
    const cols = columns(cell);
    for (const a of cols) {
      xty[a] += latencies[i];
      for (const b of cols) xtx[a][b] += 1;
    }
  });
  for (let a = 1; a < dim; a++) xtx[a][a] += 1e-6;
  const beta = nnls(xtx, xty);
  const mean = latencies.reduce((s, v) => s + v, 0) / latencies.length;
  let ssRes = 0;
  let ssTot = 0;
  let mae = 0;
  let maxErr = 0;
  let ape = 0;
  cells.forEach((cell, i) => {
    const pred = columns(cell).reduce((s, j) => s + beta[j], 0);
    const err = Math.abs(pred - latencies[i]);
    ssRes += err * err;
    ssTot += (latencies[i] - mean) ** 2;
    mae += err;
    maxErr = Math.max(maxErr, err);
    ape += latencies[i] !== 0 ? err / Math.abs(latencies[i]) : 0;
  });
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  // Rounding to 1e-6 ms must not turn a zero coefficient negative.
  const weight = (v: number) => Math.max(0, round(v));
  return {
    device,
    description: DEVICE_DESCRIPTIONS[device as LatencyDevice] ?? device,
    unit: 'ms',
    bias: weight(beta[0]),
    weights: Array.from({ length: edges }, (_, e) => Object.fromEntries(ops.map((op, o) => [op, weight(beta[1 + e * ops.length + o])]))),
    fit: {
      cells: cells.length, r2: round(1 - ssRes / ssTot), maeMs: round(mae / cells.length), maxErrMs: round(maxErr),
      mapePct: round((100 * ape) / cells.length),
    },
  };
}

/**
 * Lawson-Hanson active-set NNLS on the normal equations: argmin ½xᵀAx - bᵀx subject to x >= 0,
 * with A = XᵀX positive definite (dim ≈ 31).
 */
export function nnls(a: number[][], b: number[]): number[] {
  const n = b.length;
  const tol = 1e-10 * Math.max(1, ...b.map(Math.abs)) * Math.max(1, ...a.map((row) => Math.max(...row.map(Math.abs))));
  const x = new Array(n).fill(0);
  const passive = new Array<boolean>(n).fill(false);
  const gradient = () => b.map((bi, i) => bi - a[i].reduce((s, aij, j) => s + aij * x[j], 0));
  /** Unconstrained solution on the passive set, zero elsewhere. */
  const solvePassive = (): number[] => {
    const idx = passive.flatMap((p, i) => (p ? [i] : []));
    const sub = solve(idx.map((i) => idx.map((j) => a[i][j])), idx.map((i) => b[i]));
    const z = new Array(n).fill(0);
    idx.forEach((i, k) => (z[i] = sub[k]));
    return z;
  };
  for (let outer = 0; outer < 10 * n; outer++) {
    const w = gradient();
    let j = -1;
    for (let i = 0; i < n; i++) if (!passive[i] && w[i] > tol && (j < 0 || w[i] > w[j])) j = i;
    if (j < 0) break;
    passive[j] = true;
    for (let inner = 0; inner < 10 * n; inner++) {
      const z = solvePassive();
      let alpha = Infinity;
      for (let i = 0; i < n; i++) if (passive[i] && z[i] <= 0) alpha = Math.min(alpha, x[i] / (x[i] - z[i]));
      if (alpha === Infinity) {
        for (let i = 0; i < n; i++) x[i] = z[i];
        break;
      }
      for (let i = 0; i < n; i++) {
        x[i] += alpha * (z[i] - x[i]);
        if (passive[i] && x[i] <= 1e-12) {
          passive[i] = false;
          x[i] = 0;
        }
      }
    }
  }
  return x.map((v) => Math.max(0, v));
}

/** Gaussian elimination with partial pivoting (dim ≈ 31). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c][c] === 0) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => (row[i] === 0 ? 0 : row[n] / row[i]));
}
