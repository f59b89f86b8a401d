/** tgnas fit-latency: re-fits the committed NB201 per-operator latency tables (non-negative least squares) from HW-NAS-Bench columns. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCsv } from '../core/csv';
import { fitLatencyMeasurements, LATENCY_DEVICES, predictLatency, type LatencyFile } from '../core/latency';
import { dataDir, modelsDir, NO_DATA_MESSAGE } from '../core/paths';
import { NB201_OPS } from '../core/spaces/vocabulary';
import { parseNb201 } from '../core/formats/nb201';
import type { Nb201Cell } from '../core/types';
import { parseArgs, stringFlag } from './args';
import type { Command } from './command';

export const fitLatencyCommand: Command = {
  name: 'fit-latency',
  summary: 'fit the NB201 per-operator latency model from HW-NAS-Bench data',
  usage: 'usage: tgnas fit-latency [--out FILE]   (default models/latency/nb201.json; reads ../shared/data)',
  async run(argv) {
    const args = parseArgs(argv, { out: { value: true } });
    const data = dataDir();
    if (!data) {
      process.stderr.write(`tgnas fit-latency: ${NO_DATA_MESSAGE}\n`);
      return 1;
    }
    const source = 'nasbench201/nb201_all.csv';
    const table = readCsv(join(data, source));
    const archCol = table.col('arch_str');
    const cells: Nb201Cell[] = table.rows.map((r) => {
      const parsed = parseNb201(r[archCol]);
      if (!parsed.cell) throw new Error(`bad arch string in ${source}: ${r[archCol]}`);
      return parsed.cell;
    });
    const ops = NB201_OPS.map((o) => o.name);
    const file: LatencyFile = {
      space: 'nb201',
      dataset: 'cifar10',
      source: `../shared/data/${source} columns hw_c10_<device>_latency (HW-NAS-Bench); non-negative least squares on the measured (>= 0), connected cells`,
      command: 'tgnas fit-latency',
      date: new Date().toISOString().slice(0, 10),
      tables: LATENCY_DEVICES.map((device) => {
        const col = table.col(`hw_c10_${device}_latency`);
        return fitLatencyMeasurements(device, cells, table.rows.map((r) => Number(r[col])), ops);
      }),
    };
    const out = stringFlag(args, 'out') ?? join(modelsDir(), 'latency', 'nb201.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
    // Error of each device's fit on the cells fitted, and its cheapest prediction over all 15,625 (>= 0 by construction).
    process.stdout.write('| device | what | cells fitted | R² | MAE ms | max err ms | MAPE % | min pred. ms |\n|---|---|---|---|---|---|---|---|\n');
    for (const t of file.tables) {
      const minPred = Math.min(...cells.map((c) => predictLatency(t, c) ?? Infinity));
      process.stdout.write(
        `| ${t.device} | ${t.description} | ${t.fit.cells} | ${t.fit.r2.toFixed(4)} | ${t.fit.maeMs.toFixed(4)} | ${t.fit.maxErrMs.toFixed(3)} | ${t.fit.mapePct.toFixed(2)} | ${minPred.toFixed(3)} |\n`,
      );
    }
    process.stdout.write('Not fitted: cells without a valid measurement (-1 in the data) and cells whose output is disconnected from the input.\n');
    process.stdout.write(`wrote ${out}\n`);
    return 0;
  },
};
