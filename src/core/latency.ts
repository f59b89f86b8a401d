/**
 * Per-operator latency model for NAS-Bench-201 cells: latency ≈ bias + Σ_edge w[edge][op],
 * least-squares fitted on the HW-NAS-Bench latencies of all 15,625 cells (CIFAR-10 networks)
 * in the shared data, one table per device. The fitted tables are small and committed in
 * models/latency/nb201.json; `tgnas fit-latency` re-fits them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelsDir } from './paths';
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
  fit: { cells: number; r2: number; maeMs: number; maxErrMs: number };
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

/** Least-squares fit of the additive model (one-hot edge-op features, ridge 1e-6 for the collinear one-hots). */
export function fitLatency(device: string, cells: Nb201Cell[], latencies: number[], ops: readonly string[]): LatencyTable {
  const edges = cells[0].ops.length;
  const dim = 1 + edges * ops.length;
  const feature = (cell: Nb201Cell): number[] => {
    const x = new Array(dim).fill(0);
    x[0] = 1;
    cell.ops.forEach((op, e) => (x[1 + e * ops.length + ops.indexOf(op)] = 1));
    return x;
  };
  const xtx = Array.from({ length: dim }, () => new Array(dim).fill(0));
  const xty = new Array(dim).fill(0);
  cells.forEach((cell, i) => {
    const x = feature(cell);
    for (let a = 0; a < dim; a++) {
      if (!x[a]) continue;
      xty[a] += latencies[i];
      for (let b = 0; b < dim; b++) xtx[a][b] += x[b];
    }
  });
  for (let a = 1; a < dim; a++) xtx[a][a] += 1e-6;
  const beta = solve(xtx, xty);
  const mean = latencies.reduce((s, v) => s + v, 0) / latencies.length;
  let ssRes = 0;
  let ssTot = 0;
  let mae = 0;
  let maxErr = 0;
  cells.forEach((cell, i) => {
    const x = feature(cell);
    const pred = x.reduce((s, v, j) => s + v * beta[j], 0);
    const err = Math.abs(pred - latencies[i]);
    ssRes += err * err;
    ssTot += (latencies[i] - mean) ** 2;
    mae += err;
    maxErr = Math.max(maxErr, err);
  });
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    device,
    description: DEVICE_DESCRIPTIONS[device as LatencyDevice] ?? device,
    unit: 'ms',
    bias: round(beta[0]),
    weights: Array.from({ length: edges }, (_, e) => Object.fromEntries(ops.map((op, o) => [op, round(beta[1 + e * ops.length + o])]))),
    fit: { cells: cells.length, r2: round(1 - ssRes / ssTot), maeMs: round(mae / cells.length), maxErrMs: round(maxErr) },
  };
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
