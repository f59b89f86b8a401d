/**
 * The size-prior table of `tgnas bench loso`: for each fold model of a recipe with size inputs,
 * its held-out Spearman when the prior λ·σ·(w·z) is added (gcn/size-prior.ts; σ as recorded at
 * training, else re-measured), over a small grid
 * of (w, λ). The choice is nested: for each left-out space, the (w, λ) with the best mean over the
 * *other* folds is applied to it, so the reported mean never saw the fold it is measured on. The
 * (w, λ) best over all folds is what a shipped model uses (docs/model.md §4.1).
 */
import type { LabelledSpace } from '../core/data/loaders';
import { labelledSizes } from '../core/data/sizes';
import { sizeReference, zSize } from '../core/descriptors';
import { GcnPredictor } from '../core/gcn/predictor';
import { modelSpread } from '../core/gcn/size-prior';
import { spearman } from '../core/metrics';
import type { ArchSize } from '../core/descriptors';

export const PRIOR_WEIGHTS: ReadonlyArray<{ id: string; weights: number[] }> = [
  { id: 'params+FLOPs', weights: [0.5, 0.5, 0] },
  { id: 'params+FLOPs+live', weights: [1 / 3, 1 / 3, 1 / 3] },
];
export const PRIOR_LAMBDAS: readonly number[] = [0, 0.5, 1, 2, 4];

export interface PriorOption {
  weights: string;
  lambda: number;
}

export interface PriorResult {
  options: PriorOption[];
  /** [fold][option] task-averaged Spearman on the left-out space. */
  rho: number[][];
  spaces: string[];
  /** Nested: per fold, the option chosen on the other folds and its value there. */
  nested: Array<{ space: string; option: number; rho: number }>;
  /** Best option over all folds (what a shipped model uses). */
  best: number;
}

function mean(v: readonly number[]): number {
  const f = v.filter(Number.isFinite);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
}

/** Held-out rho of fold models under every prior option. `models` maps a left-out space to its model folder. */
export async function priorTable(models: ReadonlyMap<string, string>, heldOut: ReadonlyMap<string, LabelledSpace>, sizes: ReadonlyMap<string, ArchSize[]>, dataDir: string, log: (m: string) => void): Promise<PriorResult> {
  const options: PriorOption[] = PRIOR_WEIGHTS.flatMap((w) => PRIOR_LAMBDAS.map((lambda) => ({ weights: w.id, lambda })));
  const spaces = [...models.keys()];
  const rho: number[][] = [];
  for (const sp of spaces) {
    const p = await GcnPredictor.load(models.get(sp)!);
    try {
      const spread = modelSpread(p, dataDir);
      const held = heldOut.get(sp)!;
      const raw = p.scoreGraphs(held.graphs, (op) => held.operators.get(op)?.description, { exact: labelledSizes(held) });
      const sz = sizes.get(sp)!;
      const ref = sizeReference(sz);
      const z = sz.map((s) => zSize(s, ref));
      rho.push(options.map((o) => {
        const w = PRIOR_WEIGHTS.find((x) => x.id === o.weights)!.weights;
        const score = Array.from(raw, (r, i) => r + o.lambda * spread * (w[0] * z[i][0] + w[1] * z[i][1] + w[2] * z[i][2]));
        return mean(held.tasks.map((task) => {
          const k = [...task.labels.keys()].filter((i) => Number.isFinite(task.labels[i]));
          return spearman(k.map((i) => score[i]), k.map((i) => task.labels[i]));
        }));
      }));
      log(`prior table: ${sp} (spread ${spread.toFixed(3)})`);
    } finally {
      p.dispose();
    }
  }
  const colMean = (j: number, skip?: number) => mean(rho.filter((_, f) => f !== skip).map((r) => r[j]));
  const argBest = (skip?: number) => options.reduce((b, _, j) => (colMean(j, skip) > colMean(b, skip) ? j : b), 0);
  const nested = spaces.map((space, f) => {
    const option = argBest(f);
    return { space, option, rho: rho[f][option] };
  });
  return { options, rho, spaces, nested, best: argBest() };
}

/** Markdown lines of a prior table. */
export function priorLines(recipe: string, r: PriorResult): string[] {
  const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
  const name = (o: PriorOption) => `${o.weights}, λ ${o.lambda}`;
  const out = [
    `### Size prior on \`${recipe}\` (score + λ·σ·(w·z), σ = the fold model's validation spread)`,
    '',
    `| left-out space | ${r.options.map(name).join(' | ')} | nested choice |`,
    `| --- | ${r.options.map(() => '---').join(' | ')} | --- |`,
    ...r.spaces.map((sp, f) => `| ${sp} | ${r.rho[f].map(fmt).join(' | ')} | ${fmt(r.nested[f].rho)} (${name(r.options[r.nested[f].option])}) |`),
    `| **mean** | ${r.options.map((_, j) => `**${fmt(mean(r.rho.map((x) => x[j])))}**`).join(' | ')} | **${fmt(mean(r.nested.map((n) => n.rho)))}** |`,
    '',
    `Nested mean (each fold's (w, λ) chosen on the other folds): **${fmt(mean(r.nested.map((n) => n.rho)))}**. Chosen on all folds (for shipping): ${name(r.options[r.best])}.`,
    '',
  ];
  return out;
}
