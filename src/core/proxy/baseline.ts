/**
 * The structural baseline: the Proxy the editor falls back to when no trained model can be loaded.
 * A documented stand-in, not a fake model: it ranks cells by a kind-weighted operator count
 * (counting conv edges alone reaches Spearman 0.64 on NB201-C10, docs anchors §1.1), gives
 * percentiles within the space's reference sample and never claims an accuracy. Hovers and the
 * status item say so whenever it answers (they compare the model name with BASELINE_MODEL).
 */
import { encoderMeta, type EncoderConfig, type OperatorEncoder } from '../encoder/types';
import { nearest, rankNeighbours, type EmbeddingTable } from '../encoder/table';
import type { SearchSpace } from '../spaces/space';
import type { Cell, Operator, OperatorKind } from '../types';
import { knownOperatorsBySentence, toNearestOperators } from './nearest';
import { referenceCells, ReferenceDistribution } from './reference';
import type { ArchScore, NearestOperator, Proxy, ProxyInfo } from './types';

/** How much one operator of each kind adds to the score: parametric operators most, as trained networks show. */
const KIND_WEIGHT: Record<OperatorKind, number> = { conv: 1, other: 0.6, pool: 0.3, skip: 0.2, none: 0, io: 0 };

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
  private readonly known = knownOperatorsBySentence();
  private encoder?: Promise<OperatorEncoder | undefined>;

  /**
   * `encoderConfig`: the sentence encoder for nearestOperators (loaded on first need; without one,
   * word overlap ranks the neighbours).
   */
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

  /** Operators whose sentence is not a built-in one: the baseline knows nothing else. */
  unseenOperators(space: SearchSpace): Operator[] {
    return space.operators.filter((o) => !this.known.has(o.description));
  }

  /** Same neighbours and order as the GCN proxy (./nearest) when the encoder loads; word overlap (Jaccard) otherwise. */
  async nearestOperators(description: string, k = 3): Promise<NearestOperator[]> {
    const sentences = [...this.known.keys()];
    const encoder = await this.loadEncoder();
    if (encoder) {
      try {
        const [query, ...vectors] = await encoder.embed([description, ...sentences]);
        const table: EmbeddingTable = { encoder: encoderMeta(encoder), sentences: Object.fromEntries(sentences.map((s, i) => [s, Array.from(vectors[i])])) };
        return toNearestOperators(nearest(query, table, k, [description]), this.known);
      } catch (e) {
        this.log(`[baseline] embedding failed, using word overlap: ${e instanceof Error ? e.message : e}`);
      }
    }
    // No encoder: word overlap, so the hover still points somewhere sensible.
    const words = (s: string) => new Set(s.toLowerCase().match(/[a-z0-9]+/g) ?? []);
    const q = words(description);
    const scored = sentences.filter((s) => s !== description).map((sentence) => {
      const w = words(sentence);
      const inter = [...q].filter((x) => w.has(x)).length;
      return { sentence, similarity: inter / (q.size + w.size - inter || 1) };
    });
    return toNearestOperators(rankNeighbours(scored, k), this.known);
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
    // Loaded lazily: only an `op` hover needs it, and the tfjs backend costs a second to start.
    this.encoder ??= (async () => {
      try {
        const { createEncoder } = await import('../encoder');
        const { initBackend } = await import('../backend');
        await initBackend(undefined, this.log);
        return await createEncoder(this.encoderConfig ?? { kind: 'use-lite' }, { log: this.log });
      } catch (e) {
        this.log(`[baseline] encoder unavailable: ${e instanceof Error ? e.message : e}`);
        return undefined;
      }
    })();
    return this.encoder;
  }
}
