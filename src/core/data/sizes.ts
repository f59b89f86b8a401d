/**
 * Exact network sizes of a labelled space, from its data columns, for the proxy's size inputs.
 * A space uses its data's params and FLOPs (or MACs) only when every architecture has them;
 * otherwise all of its architectures use the descriptor estimate, so one space never mixes units.
 */
import type { ExactSize } from '../descriptors/graph';
import type { LabelledSpace } from './loaders';

function complete(c: Float64Array | undefined): Float64Array | undefined {
  return c && c.length > 0 && c.every((v) => Number.isFinite(v) && v > 0) ? c : undefined;
}

function pick(space: LabelledSpace, names: readonly string[]): Float64Array | undefined {
  const cols = space.columns ?? {};
  for (const n of names) {
    const c = complete(cols[n]);
    if (c) return c;
    // Task-specific columns (`params:c10`): any complete one; they differ only in the classifier.
    for (const [k, v] of Object.entries(cols)) if (k.startsWith(`${n}:`) && complete(v)) return v;
  }
  return undefined;
}

/**
 * Params and FLOPs per architecture from the data (units as stored; either may be missing, and is
 * then estimated), or undefined when the space has neither. Estimated columns (`params_est`, `flops_est`) count as data:
 * their loaders compute them from the benchmark's own skeleton.
 */
export function labelledSizes(space: LabelledSpace): ExactSize[] | undefined {
  // Effective sizes (dead branches pruned; NB201) are what the proxy uses for such spaces.
  const pe = pick(space, ['params_eff']);
  const fe = pick(space, ['flops_eff']);
  if (pe && fe) return space.graphs.map((_, i) => ({ params: pe[i], flops: fe[i], effective: true }));
  const params = pick(space, ['params', 'params_est']);
  const flops = pick(space, ['flops', 'macs', 'flops_est']);
  if (!params && !flops) return undefined;
  return space.graphs.map((_, i) => ({ params: params?.[i], flops: flops?.[i] }));
}
