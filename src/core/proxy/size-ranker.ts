/**
 * The size-only baseline: a linear ranker over the architecture size inputs alone (z log params,
 * z log FLOPs, z log live params; descriptors/graph.ts), fitted with the same pairwise logistic
 * ranking loss as the GCN on the training spaces' (space, task) groups. A GCN recipe that cannot
 * beat it on spaces left out has learned nothing beyond size that transfers (issue: "the
 * baseline to beat").
 */
import { createRng } from '../random';
import type { ArchSize, SizeReference } from '../descriptors/graph';
import { sizeReference, zSize } from '../descriptors/graph';

export interface SizeGroup {
  /** Raw sizes of the group's architectures (z-scored within the group's space by the fitter). */
  sizes: readonly ArchSize[];
  /** Labels, NaN where missing; higher is better. */
  labels: ArrayLike<number>;
  /** Space id: groups of one space share its z-scoring reference and its weight. */
  space: string;
}

/**
 * Fits weights w (length ARCH_FEATURES) maximising the pairwise logistic likelihood that the
 * better architecture of a pair scores higher, every space weighing the same (its groups share
 * it). Deterministic: pairs are drawn from a fixed seed. Returns w; score = w · z.
 */
export function fitSizeRanker(groups: readonly SizeGroup[], options: { pairsPerGroup?: number; iterations?: number; seed?: number } = {}): number[] {
  const rng = createRng(options.seed ?? 0);
  const refs = new Map<string, SizeReference>();
  for (const g of groups) if (!refs.has(g.space)) refs.set(g.space, sizeReference(groups.filter((x) => x.space === g.space).flatMap((x) => [...x.sizes])));
  const groupsPerSpace = new Map<string, number>();
  for (const g of groups) groupsPerSpace.set(g.space, (groupsPerSpace.get(g.space) ?? 0) + 1);
  // Pair differences d = z_better - z_worse, with weights 1 / (pairs · groups of the space · spaces).
  const diffs: Float64Array[] = [];
  const weights: number[] = [];
  const spaces = groupsPerSpace.size;
  for (const g of groups) {
    const z = g.sizes.map((s) => zSize(s, refs.get(g.space)!));
    const idx = [...Array(g.sizes.length).keys()].filter((i) => Number.isFinite(g.labels[i]));
    if (idx.length < 2) continue;
    const want = options.pairsPerGroup ?? 2000;
    const own: Float64Array[] = [];
    for (let t = 0; t < want * 3 && own.length < want; t++) {
      const a = idx[rng.int(idx.length)];
      const b = idx[rng.int(idx.length)];
      if (g.labels[a] === g.labels[b]) continue;
      const [hi, lo] = g.labels[a] > g.labels[b] ? [a, b] : [b, a];
      own.push(Float64Array.from(z[hi], (v, j) => v - z[lo][j]));
    }
    const w = 1 / (Math.max(1, own.length) * groupsPerSpace.get(g.space)! * spaces);
    for (const d of own) {
      diffs.push(d);
      weights.push(w);
    }
  }
  const k = diffs[0]?.length ?? 3;
  const w = new Array<number>(k).fill(0);
  const lr = 0.5;
  for (let it = 0; it < (options.iterations ?? 300); it++) {
    const grad = new Array<number>(k).fill(0);
    diffs.forEach((d, p) => {
      let m = 0;
      for (let j = 0; j < k; j++) m += w[j] * d[j];
      const s = 1 / (1 + Math.exp(m)); // d/dm of -log σ(m) is -σ(-m)
      for (let j = 0; j < k; j++) grad[j] -= weights[p] * s * d[j];
    });
    for (let j = 0; j < k; j++) w[j] -= lr * (grad[j] + 1e-3 * w[j]);
  }
  return w;
}

/** Scores of architectures of one space under a fitted size ranker (z-scored against `reference`, default: themselves). */
export function sizeRankerScores(w: readonly number[], sizes: readonly ArchSize[], reference?: SizeReference): Float64Array {
  const ref = reference ?? sizeReference(sizes);
  return Float64Array.from(sizes, (s) => {
    const z = zSize(s, ref);
    let v = 0;
    for (let j = 0; j < w.length; j++) v += w[j] * z[j];
    return v;
  });
}
