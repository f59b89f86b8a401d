/**
 * Where the server (and its search worker) get a Proxy: the trained model through `loadProxy`,
 * falling back to the baseline only when no trained model can be loaded.
 *
 * The baseline is a documented structural stand-in, not a fake model: it ranks cells by a
 * kind-weighted operator count (counting conv edges alone reaches Spearman 0.64 on NB201-C10,
 * docs anchors §1.1), gives percentiles within the space and never claims an accuracy. The hover
 * and the status item say so whenever it answers.
 */
import { builtinOperators } from '../core/spaces';
import type { SearchSpace } from '../core/spaces';
import { loadProxy } from '../core/proxy';
import { referenceCells, ReferenceDistribution } from '../core/proxy/reference';
import type { ArchScore, NearestOperator, Proxy, ProxyInfo } from '../core/proxy/types';
import type { EncoderConfig, OperatorEncoder } from '../core/encoder/types';
import type { Cell, Operator, OperatorKind } from '../core/types';

export interface OpenProxyOptions {
  /** Model name under models/ or a folder; undefined = shipped default. */
  model?: string;
  encoder?: EncoderConfig;
  log: (message: string) => void;
}

export interface OpenedProxy {
  proxy: Proxy;
  kind: 'model' | 'baseline';
}

export async function openProxy(options: OpenProxyOptions): Promise<OpenedProxy> {
  try {
    return { proxy: await loadProxy({ model: options.model, encoder: options.encoder, log: options.log }), kind: 'model' };
  } catch (e) {
    // No trained model on disk (or it failed to load): keep the editor useful, and say so everywhere.
    options.log(`[scoring] ${e instanceof Error ? e.message : e}; using the structural baseline`);
    return { proxy: new BaselineProxy(options.encoder, options.log), kind: 'baseline' };
  }
}

const KIND_WEIGHT: Record<OperatorKind, number> = { conv: 1, other: 0.6, pool: 0.3, skip: 0.2, none: 0, io: 0 };
const BUILTIN_SENTENCES = new Set([...builtinOperators().values()].map((o) => o.description));

export const BASELINE_MODEL = 'baseline (kind-weighted operator count)';

export class BaselineProxy implements Proxy {
  readonly info: ProxyInfo = {
    model: BASELINE_MODEL,
    modelPath: '',
    encoder: { id: 'none', dimension: 0, weightsHash: '' },
    backend: 'none',
    calibrated: [],
  };
  private readonly references = new WeakMap<SearchSpace, ReferenceDistribution>();
  private encoder?: Promise<OperatorEncoder | undefined>;

  constructor(private readonly encoderConfig: EncoderConfig | undefined, private readonly log: (m: string) => void) {}

  async scoreRaw<C extends Cell>(space: SearchSpace<C>, cells: C[]): Promise<Float32Array> {
    return Float32Array.from(cells, (c) => this.raw(space, c));
  }

  async score<C extends Cell>(space: SearchSpace<C>, cells: C[]): Promise<ArchScore[]> {
    const ref = this.reference(space);
    return cells.map((c) => {
      const score = this.raw(space, c);
      return {
        score,
        percentile: ref.percentile(score),
        calibrationNote: 'no trained model: structural baseline, score and percentile only',
        evidence: { kind: 'unseen-space' as const, estimated: [], unseenOperators: this.unseenOperators(space).map((o) => o.name) },
      };
    });
  }

  datasets(): string[] {
    return [];
  }

  unseenOperators(space: SearchSpace): Operator[] {
    return space.operators.filter((o) => !BUILTIN_SENTENCES.has(o.description));
  }

  async nearestOperators(description: string, k = 3): Promise<NearestOperator[]> {
    const known = [...builtinOperators().values()].filter((o) => o.kind !== 'io');
    const encoder = await this.loadEncoder();
    if (encoder) {
      try {
        const sentences = [...new Set(known.map((o) => o.description))];
        const vectors = await encoder.embed([description, ...sentences]);
        const sim = new Map(sentences.map((s, i) => [s, cosine(vectors[0], vectors[i + 1])]));
        return rank(known.map((o) => ({ name: o.name, description: o.description, similarity: sim.get(o.description)! })), k);
      } catch (e) {
        this.log(`[scoring] embedding failed, using word overlap: ${e instanceof Error ? e.message : e}`);
      }
    }
    // No encoder: word overlap (Jaccard), so the hover still points somewhere sensible.
    const words = (s: string) => new Set(s.toLowerCase().match(/[a-z0-9]+/g) ?? []);
    const q = words(description);
    return rank(known.map((o) => {
      const w = words(o.description);
      const inter = [...q].filter((x) => w.has(x)).length;
      return { name: o.name, description: o.description, similarity: inter / (q.size + w.size - inter || 1) };
    }), k);
  }

  dispose(): void {
    void this.encoder?.then((e) => e?.dispose());
  }

  private raw(space: SearchSpace, cell: Cell): number {
    let s = 0;
    for (const g of space.toGraphs(cell as never)) {
      for (const op of g.ops) s += KIND_WEIGHT[space.operator(op)?.kind ?? 'other'];
    }
    return s;
  }

  private reference(space: SearchSpace): ReferenceDistribution {
    let ref = this.references.get(space);
    if (!ref) {
      ref = new ReferenceDistribution(referenceCells(space).map((c) => this.raw(space, c)));
      this.references.set(space, ref);
    }
    return ref;
  }

  private loadEncoder(): Promise<OperatorEncoder | undefined> {
    this.encoder ??= (async () => {
      try {
        const { createEncoder } = await import('../core/encoder');
        const { initBackend } = await import('../core/backend');
        await initBackend(undefined, this.log);
        return await createEncoder(this.encoderConfig ?? { kind: 'use-lite' }, { log: this.log });
      } catch (e) {
        this.log(`[scoring] encoder unavailable: ${e instanceof Error ? e.message : e}`);
        return undefined;
      }
    })();
    return this.encoder;
  }
}

function rank(list: NearestOperator[], k: number): NearestOperator[] {
  // Equal sentences (nor_conv_3x3 / conv3x3-bn-relu) are one neighbour: keep the first name.
  const seen = new Set<string>();
  return list.sort((a, b) => b.similarity - a.similarity)
    .filter((o) => (seen.has(o.description) ? false : (seen.add(o.description), true)))
    .slice(0, k);
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
