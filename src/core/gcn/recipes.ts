/**
 * Named training recipes: the candidates compared by nested leave-one-space-out (`tgnas bench loso
 * --recipes`, docs/model.md §4). A recipe is a set of hyper-parameters over DEFAULT_HYPER; the
 * shipped models name theirs in the model card. Every candidate ever compared stays listed here
 * so a result table can be re-measured.
 */
import { ARCH_FEATURES, NODE_FEATURES } from '../descriptors/graph';
import type { GcnHyper } from './model';

export interface Recipe {
  id: string;
  description: string;
  hyper: Partial<GcnHyper>;
  /**
   * The same network as recipe `base`, with only a size prior added after training: benchmarks
   * reuse `base`'s fold models and apply the prior instead of training again.
   */
  base?: string;
}

export const RECIPES: readonly Recipe[] = [
  {
    id: 'sentence-only',
    description: 'the recipe before cost inputs: sentence embeddings only, 15 epochs',
    hyper: { nodeInputs: 0, archInputs: 0, epochs: 15 },
  },
  {
    id: 'cost',
    description: 'sentence embeddings + cost inputs per node + z-scored size inputs at the readout, 15 epochs',
    hyper: { nodeInputs: NODE_FEATURES, archInputs: ARCH_FEATURES, epochs: 15 },
  },
  {
    id: 'cost-prior',
    description: 'cost + the size prior chosen on the nested folds: λ 1 on z log params and z log FLOPs (weights ½, ½)',
    hyper: { nodeInputs: NODE_FEATURES, archInputs: ARCH_FEATURES, epochs: 15, sizePrior: { lambda: 1, weights: [0.5, 0.5, 0] } },
    base: 'cost',
  },
  {
    id: 'cost-e5',
    description: 'as cost, 5 epochs',
    hyper: { nodeInputs: NODE_FEATURES, archInputs: ARCH_FEATURES, epochs: 5 },
  },
  {
    id: 'size-readout',
    description: 'sentence embeddings + size inputs at the readout, no cost inputs per node, 15 epochs',
    hyper: { nodeInputs: 0, archInputs: ARCH_FEATURES, epochs: 15 },
  },
  {
    id: 'cost-nodes',
    description: 'sentence embeddings + cost inputs per node, no size inputs at the readout, 15 epochs',
    hyper: { nodeInputs: NODE_FEATURES, archInputs: 0, epochs: 15 },
  },
];

/** The recipe of an id; throws with the known ids. */
export function recipe(id: string): Recipe {
  const r = RECIPES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown recipe '${id}' (known: ${RECIPES.map((x) => x.id).join(', ')})`);
  return r;
}

/** The recipe of the shipped models (`universal`, `no-nb201`), chosen by nested leave-one-space-out (docs/model.md §4). */
export const SHIPPED_RECIPE = 'cost-prior';

/**
 * The key of a recipe's figures in a `tgnas bench loso` summary: a recipe made of a base network and
 * a size prior is measured as `<base>+prior` (each fold's prior chosen nested on the other folds).
 */
export function losoKey(id: string): string {
  const r = recipe(id);
  return r.base && r.hyper.sizePrior ? `${r.base}+prior` : r.id;
}
