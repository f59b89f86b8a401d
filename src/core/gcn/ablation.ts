/**
 * Ablation harness: trains one model per variant on the same data, seed and time budget, and
 * reports validation Spearman (training spaces) and Spearman on held-out spaces. Selection is
 * never done on the held-out spaces; they are scored once per variant after training.
 */
import { loadSelection, parseDataSpec } from '../data/spec';
import type { LabelledSpace } from '../data/loaders';
import { createEncoder, encoderMeta, type OperatorEncoder } from '../encoder';
import { dataDir as defaultDataDir, NO_DATA_MESSAGE } from '../paths';
import { builtinOperators } from '../spaces/vocabulary';
import { DEFAULT_HYPER, REFERENCE_HYPER, type GcnHyper } from './model';
import { trainGcn, type TrainProgress } from './train';

export interface AblationVariant {
  name: string;
  hyper: Partial<GcnHyper>;
}

/** The standard table of docs/model.md: the reference model, the default, and one change at a time. */
export const STANDARD_VARIANTS: readonly AblationVariant[] = [
  { name: 'reference ([ref] BN, no degree norm, global readout, no residual; z-MSE)', hyper: { ...REFERENCE_HYPER, loss: 'zmse' } },
  { name: 'default', hyper: {} },
  { name: 'loss z-MSE instead of pairwise', hyper: { loss: 'zmse' } },
  { name: 'BatchNorm instead of LayerNorm', hyper: { norm: 'batch' } },
  { name: 'no normalisation layer', hyper: { norm: 'none' } },
  { name: 'no degree normalisation', hyper: { adjNorm: 'none' } },
  { name: 'readout global node only', hyper: { readout: 'global' } },
  { name: 'no residuals', hyper: { residual: false } },
];

export interface AblationRow {
  variant: string;
  hyper: GcnHyper;
  validation: number;
  validationBySpace: Record<string, number>;
  heldOut: Record<string, number>;
  steps: number;
  seconds: number;
}

export interface AblationOptions {
  dataSpec: string;
  heldOutSpec: string;
  seed?: number;
  /** Training seconds per variant. */
  seconds: number;
  base?: Partial<GcnHyper>;
  variants?: readonly AblationVariant[];
  dataDir?: string;
  encoder?: OperatorEncoder;
}

export async function runAblation(
  options: AblationOptions,
  onRow: (row: AblationRow) => void = () => undefined,
  onProgress: (variant: string, p: TrainProgress) => void = () => undefined,
): Promise<AblationRow[]> {
  const dir = options.dataDir ?? defaultDataDir();
  if (!dir) throw new Error(NO_DATA_MESSAGE);
  const seed = options.seed ?? 0;
  const base = { ...DEFAULT_HYPER, ...options.base };
  const spaces = loadSelection(parseDataSpec(options.dataSpec), { dataDir: dir, maxArchsPerSpace: base.maxArchsPerSpace, seed });
  const heldOut = loadSelection(parseDataSpec(options.heldOutSpec), { dataDir: dir });
  const encoder = options.encoder ?? (await createEncoder({ kind: 'use-lite' }));
  const all: LabelledSpace[] = [...spaces, ...heldOut];
  const sentences = [...new Set([...all.flatMap((s) => [...s.operators.values()]), ...builtinOperators().values()].map((o) => o.description))].sort();
  const vectors = await encoder.embed(sentences);
  const embeddings = new Map(sentences.map((s, i) => [s, vectors[i]]));
  const rows: AblationRow[] = [];
  for (const v of options.variants ?? STANDARD_VARIANTS) {
    const hyper = { ...base, ...v.hyper };
    const r = await trainGcn(spaces, embeddings, encoderMeta(encoder), { hyper, seed, maxSeconds: options.seconds, heldOut }, (p) => onProgress(v.name, p));
    r.predictor.dispose();
    const row: AblationRow = {
      variant: v.name,
      hyper,
      validation: r.validation.mean,
      validationBySpace: r.validation.bySpace,
      heldOut: Object.fromEntries(r.heldOut.map((h) => [`${h.space}:${h.task}`, h.spearman])),
      steps: r.steps,
      seconds: r.seconds,
    };
    rows.push(row);
    onRow(row);
  }
  return rows;
}
