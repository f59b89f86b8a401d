/**
 * `tgnas calibrate`: a model's calibration.json (per (space, dataset) percentile -> accuracy grids with
 * their interval coverage and the task's validated ρ; reference quantiles and size statistics of every
 * built-in space), fitted from the labelled spaces in the data folder. Offline only: the editor and the
 * CLI read the file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getSpace, listSpaces } from '../spaces';
import { CALIBRATION_SOURCES, loadProxy, type GcnProxy } from './index';
import { quantiles, referenceCells } from './reference';
import type { CalibrationFile, SpaceCalibration } from './calibration';

/**
 * Fits calibration.json for a model from the labelled spaces in the data folder. The map is a
 * display aid (percentile -> typical accuracy of cells ranked alike); rank quality is reported
 * by the benchmarks, on held-out spaces.
 */
export async function calibrateModel(model: string, dataDirectory: string, log: (m: string) => void = () => undefined): Promise<CalibrationFile> {
  const { LOADERS } = await import('../data/loaders');
  type LabelledSpace = import('../data/loaders').LabelledSpace;
  const { labelledSizes } = await import('../data/sizes');
  const { fitCalibration, intervalCoverage } = await import('./calibration');
  const proxy = (await loadProxy({ model, log, fresh: true })) as GcnProxy;
  const { validationByTask } = await import('./validation');
  const validation = validationByTask(proxy.predictorOf(), dataDirectory, log);
  const spaces: SpaceCalibration[] = [];
  const loaded = new Map<string, LabelledSpace>();
  for (const src of CALIBRATION_SOURCES) {
    const loader = LOADERS.find((l) => l.id === src.loader);
    const space = getSpace(src.space);
    if (!loader || !space || !existsSync(join(dataDirectory, loader.file))) continue;
    let data = loaded.get(loader.id);
    if (!data) loaded.set(loader.id, (data = loader.load(dataDirectory)));
    const task = data.tasks.find((t) => t.name === src.task);
    if (!task) continue;
    const keep = [...task.labels.keys()].filter((i) => Number.isFinite(task.labels[i]));
    // Size inputs are z-scored against the whole labelled space (its reference population), then the cells of this task kept.
    const all = proxy.scoreLabelled(data.graphs, data.operators, labelledSizes(data));
    const pct = await proxy.percentiles(space, keep.map((i) => all[i]));
    const scale = keep.every((i) => Math.abs(task.labels[i]) <= 1) && src.loader === 'nb101' ? 100 : 1;
    const acc = keep.map((i) => task.labels[i] * scale);
    const cal = fitCalibration(src.space, src.dataset, src.target, `${loader.file} (${task.description})`, pct, acc);
    cal.coverage = intervalCoverage(pct, acc);
    const v = validation.get(src.loader)?.get(src.task);
    if (v) cal.validation = { rho: Math.round(v.rho * 1e4) / 1e4, cells: v.cells };
    spaces.push(cal);
    log(`calibrated ${src.space} / ${src.dataset} on ${keep.length} cells (80 % interval coverage ${(100 * cal.coverage).toFixed(1)} %)`);
  }
  const references: Record<string, number[]> = {};
  const sizes: NonNullable<CalibrationFile['sizes']> = {};
  for (const space of listSpaces()) {
    if (space.topology === 'graph') continue;
    references[space.id] = quantiles(await proxy.scoreRaw(space, referenceCells(space))).map((v) => Math.round(v * 1e6) / 1e6);
    const size = await proxy.sizeReferenceOf(space);
    if (size) sizes[space.id] = { ...size.reference, exact: size.exact };
    log(`reference quantiles for ${space.id}`);
  }
  const name = proxy.info.model;
  proxy.dispose();
  return { model: name, date: new Date().toISOString().slice(0, 10), spaces, references, ...(Object.keys(sizes).length ? { sizes } : {}) };
}
