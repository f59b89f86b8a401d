/**
 * In-space evidence per task: the model's Spearman ρ on the validation cells it held out in training,
 * for each labelled task of each space it trained on. The split is rebuilt exactly as training drew it
 * (the same data spec, data seed, subsample and `validationSplit`), so no cell it fitted on counts.
 * Used by `calibrateModel`, which stores the figure with each (space, dataset) calibration.
 */
import type { GcnPredictor } from '../gcn/predictor';
import { DEFAULT_HYPER } from '../gcn/model';
import { validationSplit } from '../gcn/train';
import { loadSelection, parseDataSpec } from '../data/spec';
import { labelledSizes } from '../data/sizes';
import { spearman } from '../metrics';

/** loader id -> task name -> { rho, cells }; empty when the model has no training record. */
export type TaskValidation = Map<string, Map<string, { rho: number; cells: number }>>;

export function validationByTask(predictor: GcnPredictor, dataDir: string, log: (m: string) => void = () => undefined): TaskValidation {
  const out: TaskValidation = new Map();
  const t = predictor.meta.training;
  if (!t?.dataSpec) return out;
  const hyper = { ...DEFAULT_HYPER, ...predictor.meta.hyper };
  const dataSeed = t.dataSeed ?? 0;
  const spaces = loadSelection(parseDataSpec(t.dataSpec), { dataDir, maxArchsPerSpace: hyper.maxArchsPerSpace, seed: dataSeed });
  spaces.forEach((space, si) => {
    const val = [...validationSplit(space, si, dataSeed, hyper.valFraction).valSet].sort((a, b) => a - b);
    // Size inputs z-scored against the (subsampled) training space, as in training.
    const scores = predictor.scoreGraphs(space.graphs, (op) => space.operators.get(op)?.description, { exact: labelledSizes(space) });
    const byTask = new Map<string, { rho: number; cells: number }>();
    for (const task of space.tasks) {
      const keep = val.filter((i) => Number.isFinite(task.labels[i]));
      if (keep.length < 10) continue;
      byTask.set(task.name, { rho: spearman(keep.map((i) => scores[i]), keep.map((i) => task.labels[i])), cells: keep.length });
    }
    out.set(space.space, byTask);
    log(`validation ρ per task on ${space.space}: ${[...byTask].map(([k, v]) => `${k} ${v.rho.toFixed(3)}`).join(', ')}`);
  });
  return out;
}
