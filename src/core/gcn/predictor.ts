/**
 * A trained GCN ready to score: batched inference, the sentence table it knows, and the
 * `models/<name>/` folder format.
 *
 * Folder: `model.json` (format, encoder {id, dimension, weightsHash}, hyper-parameters, weight
 * manifest, training record, metrics), `weights.bin` (float32 little-endian, concatenated in
 * manifest order), `embeddings.json` (the encoder's vectors of every known operator sentence, so
 * scoring known operators needs no encoder), `README.md` (model card).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend';
import {
  assertCompatible, encoderMeta, loadEmbeddingTable, saveEmbeddingTable, type EmbeddingTable, type EncoderMeta,
  type OperatorEncoder,
} from '../encoder';
import { createRng } from '../random';
import type { SearchSpace } from '../spaces/space';
import type { Cell, OpGraph } from '../types';
import {
  archSize, descriptorLookup, graphCost, sizeReference, zSize, type ArchSize, type ExactSize, type OpDescriptor, type SizeReference,
} from '../descriptors';
import { DEFAULT_HYPER, Gcn, deviceBatch, disposeBatch, parameterCount, type GcnHyper, type NamedArray } from './model';
import { assembleBatch, featureTable, matrixKey, prepareGraph, type PreparedGraph } from './prepare';

export const MODEL_FORMAT = 'tgnas-gcn';
export const MODEL_FORMAT_VERSION = 1;

export interface TrainingRecord {
  dataSpec: string;
  /** Spaces and tasks trained on, with architecture counts. */
  spaces: Array<{ space: string; archs: number; tasks: string[] }>;
  seed: number;
  /** Seed of the subsample and validation split (0 when absent). */
  dataSeed?: number;
  epochsRun: number;
  bestEpoch: number;
  steps: number;
  seconds: number;
  date: string;
  backend: string;
  command?: string;
  /** Pooled within-space score spread on the validation split (before any size prior): the σ of gcn/size-prior.ts. */
  validationSpread?: number;
}

export interface ModelMeta {
  format: typeof MODEL_FORMAT;
  version: number;
  name: string;
  encoder: EncoderMeta;
  dimension: number;
  hyper: GcnHyper;
  parameters: number;
  weights: Array<{ name: string; shape: number[]; offset: number; length: number }>;
  training?: TrainingRecord;
  /**
   * Ensembles: every member's weights file, manifest and score scale (the top-level `weights`
   * repeat member 0's). The architecture's score is the sum of scale × member score.
   */
  members?: MemberMeta[];
  /** Embedding table file, relative to the model folder (default embeddings.json). */
  embeddings?: string;
  /** Validation (training spaces' held-out split) and held-out-space metrics, as measured at training time. */
  metrics?: {
    validation?: Record<string, number>;
    heldOut?: Record<string, { spearman: number; kendall: number; n: number }>;
    /**
     * Leave-one-space-out figures of the model's recipe (bench loso): mean and worst of the
     * task-averaged Spearman over the left-out spaces. Shown as evidence for unseen spaces.
     */
    loso?: { recipe: string; mean: number; worst: number; spaces: number; source: string };
  };
}

export interface MemberMeta {
  file: string;
  weights: ModelMeta['weights'];
  /** Multiplies the member's raw score: 1 / (K × its within-space score spread on validation). */
  scale: number;
  training?: TrainingRecord;
  validation?: number;
  /** The member's own held-out results, as recorded when it was trained. */
  heldOut?: Record<string, { spearman: number; kendall: number; n: number }>;
}

/** One network of a predictor, with its cached layer-1 table. */
interface Member {
  model: Gcn;
  scale: number;
  /** T = F·W1 over every known sentence (+ ghost, global rows). */
  table?: Float32Array;
}

/** Maps an operator name to its description sentence (undefined: unknown operator). */
export type Describe = (op: string) => string | undefined;

/** Declared cost descriptor of an operator by name (`.arch` cost clauses); undefined = estimate from the sentence. */
export type Declared = (op: string) => Partial<OpDescriptor> | undefined;

/** How architecture size inputs are formed (cost-aware models only). */
export interface SizeOptions {
  /**
   * Params and FLOPs of each architecture's whole network from the space's cost model (any unit,
   * the same for the whole population and its reference); absent = estimated from descriptors.
   */
  exact?: ReadonlyArray<ExactSize | undefined>;
  /** The space's reference statistics; default: the scored population's own (a whole labelled space). */
  reference?: SizeReference;
  declared?: Declared;
}

/** A graph's prepared form plus its estimated totals (descriptors/graph.ts). */
interface CostedGraph extends PreparedGraph {
  estimate?: { params: number; flops: number; liveParams: number; liveFlops: number };
}

/** Inference chunk: large enough to amortise per-op overhead, small enough for flat memory. */
const CHUNK = 1024;
/** Graphs with one aggregation matrix form their own batches from this many on. */
const MIN_SHARED = 16;

export class GcnPredictor {
  private readonly sentences: string[] = [];
  private readonly vectors: Float32Array[] = [];
  private readonly index = new Map<string, number>();
  private readonly members: Member[];

  constructor(
    models: Gcn | ReadonlyArray<{ model: Gcn; scale: number }>,
    readonly encoder: EncoderMeta,
    embeddings: Iterable<[string, Float32Array]>,
    public meta: Omit<ModelMeta, 'weights' | 'parameters'> & Partial<Pick<ModelMeta, 'weights' | 'parameters'>>,
  ) {
    this.members = models instanceof Gcn ? [{ model: models, scale: 1 }] : models.map((m) => ({ ...m }));
    if (this.members.length === 0) throw new Error('a predictor needs at least one network');
    const h0 = this.members[0].model.hyper;
    if (this.members.some((m) => m.model.hyper.adjNorm !== h0.adjNorm)) throw new Error('ensemble members must share the degree normalisation');
    if (this.members.some((m) => m.model.hyper.nodeInputs !== h0.nodeInputs || m.model.hyper.archInputs !== h0.archInputs)) {
      throw new Error('ensemble members must read the same cost inputs');
    }
    for (const [s, v] of embeddings) this.addOne(s, v);
  }

  /** The (first) network: the one training updates. */
  get model(): Gcn {
    return this.members[0].model;
  }

  /** Sets each member's score scale (ensemble fitting); one value per member. */
  setScales(scales: readonly number[]): void {
    if (scales.length !== this.members.length) throw new Error(`${scales.length} scales for ${this.members.length} networks`);
    this.members.forEach((m, k) => (m.scale = scales[k]));
  }

  /** Number of networks whose scores are summed (1 unless an ensemble). */
  get size(): number {
    return this.members.length;
  }

  /** A fresh, untrained model (weights drawn from `seed`). */
  static create(encoder: EncoderMeta, embeddings: Iterable<[string, Float32Array]>, hyper: Partial<GcnHyper> = {}, seed = 0, name = 'untrained'): GcnPredictor {
    const h = { ...DEFAULT_HYPER, ...hyper };
    const model = new Gcn(h, encoder.dimension, createRng(seed));
    return new GcnPredictor(model, encoderMeta(encoder), embeddings, {
      format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, name, encoder: encoderMeta(encoder), dimension: encoder.dimension, hyper: h,
    });
  }

  private addOne(sentence: string, v: Float32Array): void {
    if (v.length !== this.encoder.dimension) {
      throw new Error(`embedding of '${sentence}' has ${v.length} values; the model expects ${this.encoder.dimension}`);
    }
    const at = this.index.get(sentence);
    if (at !== undefined) {
      this.vectors[at] = Float32Array.from(v);
    } else {
      this.index.set(sentence, this.sentences.length);
      this.sentences.push(sentence);
      this.vectors.push(Float32Array.from(v));
    }
    this.invalidate();
  }

  /** Drops the cached layer-1 table; call after the model's weights change (training). */
  invalidate(): void {
    for (const m of this.members) m.table = undefined;
  }

  /** Known sentences, in table order. */
  knownSentences(): readonly string[] {
    return this.sentences;
  }

  knows(sentence: string): boolean {
    return this.index.has(sentence);
  }

  vector(sentence: string): Float32Array | undefined {
    const i = this.index.get(sentence);
    return i === undefined ? undefined : this.vectors[i];
  }

  sentenceId(sentence: string): number {
    return this.index.get(sentence) ?? -1;
  }

  /**
   * Adds vectors of new sentences. `from` is the encoder that produced them: it must be the
   * model's own (a different vector space would silently give meaningless scores).
   */
  addEmbeddings(entries: Iterable<[string, Float32Array]>, from: EncoderMeta): void {
    assertCompatible(this.encoder, from, `model '${this.meta.name}'`);
    for (const [s, v] of entries) this.addOne(s, v);
  }

  /** Sentences of these graphs' operators that the model has no vector for. Throws on an undescribed operator. */
  missingSentences(archs: readonly OpGraph[][], describe: Describe): string[] {
    const missing = new Set<string>();
    for (const a of archs) for (const g of a) for (const op of g.ops) {
      const s = describe(op);
      if (s === undefined) throw new Error(`operator '${op}' has no description`);
      if (!this.index.has(s)) missing.add(s);
    }
    return [...missing];
  }

  /** Embeds missing sentences with `encoder` (checked against the model's encoder). */
  async ensureSentences(sentences: readonly string[], encoder: OperatorEncoder): Promise<void> {
    const todo = [...new Set(sentences)].filter((s) => !this.index.has(s));
    if (todo.length === 0) return;
    assertCompatible(this.encoder, encoder, `model '${this.meta.name}'`);
    const vecs = await encoder.embed(todo);
    todo.forEach((s, i) => this.addOne(s, vecs[i]));
  }

  /** Aggregation matrices by adjacency object: spaces of one topology (NB201, TNB101) share a single adjacency. */
  private readonly aggregations = new WeakMap<object, { agg: Float32Array; key: string }>();

  /** Whether the model reads cost inputs (descriptors); models saved before them do not. */
  get costAware(): boolean {
    const h = this.model.hyper;
    return h.nodeInputs > 0 || h.archInputs > 0;
  }

  /** `descriptorOf` (descriptors/index.ts descriptorLookup) may be shared by the graphs of one call. */
  prepare(g: OpGraph, describe: Describe, descriptorOf: (op: string) => OpDescriptor = descriptorLookup(describe)): PreparedGraph {
    const p: CostedGraph = this.prepareStructure(g, describe);
    if (!this.costAware) return p;
    const c = graphCost(g, descriptorOf);
    p.nodeX = c.nodes;
    p.estimate = { params: c.params, flops: c.flops, liveParams: c.liveParams, liveFlops: c.liveFlops };
    return p;
  }

  /**
   * Prepares architectures (one or more graphs each) with their size inputs attached: raw sizes
   * from `size.exact` or the descriptor estimates, z-scored against `size.reference` (default:
   * this population). Returns the prepared graphs per architecture and the raw sizes.
   */
  prepareArchs(archs: readonly OpGraph[][], describe: Describe, size: SizeOptions = {}): { prepared: PreparedGraph[][]; sizes: ArchSize[] } {
    const descriptorOf = descriptorLookup(describe, size.declared);
    const prepared = archs.map((a, i) => {
      if (a.length === 0) throw new Error(`architecture ${i} has no graph`);
      return a.map((g) => this.prepare(g, describe, descriptorOf));
    });
    if (!this.costAware) return { prepared, sizes: [] };
    const sizes = prepared.map((a, i) => archSizeOf(a as CostedGraph[], size.exact?.[i]));
    if (this.model.hyper.archInputs > 0) {
      const ref = size.reference ?? sizeReference(sizes);
      prepared.forEach((a, i) => {
        const z = zSize(sizes[i], ref);
        for (const g of a) g.archX = z;
      });
    }
    return { prepared, sizes };
  }

  private prepareStructure(g: OpGraph, describe: Describe): PreparedGraph {
    const sentenceId = (op: string) => {
      const s = describe(op);
      if (s === undefined) throw new Error(`operator '${op}' has no description`);
      const id = this.index.get(s);
      if (id === undefined) throw new Error(`no embedding for '${s}' (operator '${op}'): embed it first (ensureSentences)`);
      return id;
    };
    const shared = this.aggregations.get(g.adj);
    if (shared) return prepareGraph(g, sentenceId, this.model.hyper.adjNorm, shared);
    const p = prepareGraph(g, sentenceId, this.model.hyper.adjNorm);
    p.key = matrixKey(p);
    this.aggregations.set(g.adj, { agg: p.agg, key: p.key });
    return p;
  }

  /** T = F·W1 over every known sentence (+ ghost, global rows), kept on the host: layer 1 is a row copy per node. */
  private layerOne(m: Member): Float32Array {
    if (!m.table) {
      const d = this.encoder.dimension;
      const t = tf.tidy(() => m.model.layerOneTable(tf.tensor2d(featureTable(this.vectors, d), [this.vectors.length + 2, d + 1])));
      m.table = Float32Array.from(t.dataSync() as Float32Array);
      t.dispose();
    }
    return m.table;
  }

  /** Scores of one batch: the batch tensors are built once and shared by every member. */
  private runBatch(graphs: readonly PreparedGraph[], only?: number): Float32Array {
    const S = this.vectors.length;
    const h = this.model.hyper;
    const host = assembleBatch(graphs, S, S + 1, undefined, this.costAware ? { node: h.nodeInputs, arch: h.archInputs } : undefined);
    const dev = deviceBatch(host);
    const out = new Float32Array(graphs.length);
    try {
      this.members.forEach((m, k) => {
        if (only !== undefined && k !== only) return;
        const table = this.layerOne(m);
        const H = m.model.hyper.hidden;
        const x1 = new Float32Array(host.rows.length * H);
        host.rows.forEach((r, j) => x1.set(table.subarray(r * H, r * H + H), j * H));
        const scores = tf.tidy(() => m.model.forward(dev, tf.tensor2d(x1, [host.rows.length, H]), false));
        const values = scores.dataSync() as Float32Array;
        const scale = only === undefined ? m.scale : 1;
        for (let i = 0; i < out.length; i++) out[i] += scale * values[i];
        scores.dispose();
      });
    } finally {
      disposeBatch(dev);
    }
    return out;
  }

  /**
   * Raw scores of prepared graphs (one per graph). Graphs sharing an aggregation matrix are
   * batched together (one big matMul per layer); the rest are padded per node count.
   * `member` scores with that ensemble member alone, unscaled (ensemble fitting).
   */
  scorePrepared(graphs: readonly PreparedGraph[], member?: number): Float32Array {
    const out = new Float32Array(graphs.length);
    if (graphs.length === 0) return out;
    const groups = new Map<string, number[]>();
    graphs.forEach((g, i) => {
      const k = matrixKey(g);
      const list = groups.get(k);
      if (list) list.push(i);
      else groups.set(k, [i]);
    });
    const mixed: number[] = [];
    const run = (idx: number[]) => {
      for (let start = 0; start < idx.length; start += CHUNK) {
        const part = idx.slice(start, start + CHUNK);
        const values = this.runBatch(part.map((i) => graphs[i]), member);
        part.forEach((g, k) => (out[g] = values[k]));
      }
    };
    for (const idx of groups.values()) {
      if (idx.length >= MIN_SHARED || idx.length === graphs.length) run(idx);
      else mixed.push(...idx);
    }
    // Sorting by node count keeps padding small; masking keeps results independent of it.
    run(mixed.sort((a, b) => graphs[a].n - graphs[b].n || a - b));
    return out;
  }

  /**
   * Scores architectures given as one or more graphs each (DARTS: normal + reduce). An
   * architecture's score is the mean of its graphs' scores, so it depends on every cell.
   */
  scoreGraphs(archs: readonly OpGraph[][], describe: Describe, size?: SizeOptions): Float32Array {
    return this.scoreArchs(this.prepareArchs(archs, describe, size).prepared);
  }

  /** Scores prepared architectures (see prepareArchs): the mean of each architecture's graph scores. */
  scoreArchs(archs: readonly PreparedGraph[][], member?: number): Float32Array {
    const flat: PreparedGraph[] = [];
    const owner: number[] = [];
    archs.forEach((a, i) => {
      for (const g of a) {
        flat.push(g);
        owner.push(i);
      }
    });
    const per = this.scorePrepared(flat, member);
    const sum = new Float64Array(archs.length);
    const cnt = new Float64Array(archs.length);
    per.forEach((s, k) => {
      sum[owner[k]] += s;
      cnt[owner[k]] += 1;
    });
    return Float32Array.from(sum, (s, i) => s / cnt[i]);
  }

  /** Scores cells of a space through its toGraphs; new operator sentences are embedded with `encoder` when given. */
  async scoreCells<C extends Cell>(space: SearchSpace<C>, cells: readonly C[], encoder?: OperatorEncoder, size?: SizeOptions): Promise<Float32Array> {
    const archs = cells.map((c) => space.toGraphs(c));
    const describe: Describe = (op) => space.operator(op)?.description;
    const missing = this.missingSentences(archs, describe);
    if (missing.length) {
      if (!encoder) throw new Error(`model '${this.meta.name}' has no embedding for ${missing.map((s) => `'${s}'`).join(', ')} and no encoder was given`);
      await this.ensureSentences(missing, encoder);
    }
    return this.scoreGraphs(archs, describe, size);
  }

  embeddingTable(): EmbeddingTable {
    const sentences: Record<string, number[]> = {};
    [...this.sentences.keys()]
      .sort((a, b) => (this.sentences[a] < this.sentences[b] ? -1 : 1))
      .forEach((i) => (sentences[this.sentences[i]] = Array.from(this.vectors[i])));
    return { encoder: this.encoder, sentences };
  }

  /** Writes the model folder (atomically per file). `card` is the README.md text. */
  save(dir: string, card?: string): ModelMeta {
    mkdirSync(dir, { recursive: true });
    const write = (file: string, data: string | Buffer) => {
      const tmp = join(dir, `.${file}.${process.pid}.tmp`);
      writeFileSync(tmp, data);
      renameSync(tmp, join(dir, file));
    };
    const files = this.members.map((m, k) => {
      const arrays = m.model.getWeights();
      let offset = 0;
      const manifest = arrays.map((a) => {
        const e = { name: a.name, shape: a.shape, offset, length: a.values.length };
        offset += a.values.length;
        return e;
      });
      const flat = new Float32Array(offset);
      arrays.forEach((a, i) => flat.set(a.values, manifest[i].offset));
      const file = k === 0 ? 'weights.bin' : `weights-${k}.bin`;
      write(file, Buffer.from(flat.buffer, flat.byteOffset, flat.byteLength));
      return { file, manifest };
    });
    const meta: ModelMeta = { ...this.meta, weights: files[0].manifest, parameters: parameterCount(this.model) * this.members.length } as ModelMeta;
    if (this.members.length > 1) {
      const previous = this.meta.members ?? [];
      meta.members = files.map((f, k) => ({ ...previous[k], file: f.file, weights: f.manifest, scale: this.members[k].scale }));
    } else delete meta.members;
    delete meta.embeddings;
    saveEmbeddingTable(join(dir, 'embeddings.json'), this.embeddingTable());
    write('model.json', JSON.stringify(meta, null, 2) + '\n');
    if (card !== undefined) write('README.md', card);
    this.meta = meta;
    return meta;
  }

  /**
   * Loads `models/<name>/`. With `encoder`, throws EncoderMismatchError unless the model was
   * trained with exactly that encoder (id, dimension, weights hash).
   */
  static async load(dir: string, options: { encoder?: EncoderMeta; backendLog?: (m: string) => void } = {}): Promise<GcnPredictor> {
    const metaPath = join(dir, 'model.json');
    if (!existsSync(metaPath)) throw new Error(`no model at ${dir} (model.json missing)`);
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ModelMeta;
    if (meta.format !== MODEL_FORMAT) throw new Error(`${metaPath}: not a TG-NAS GCN model (format '${String(meta.format)}')`);
    if (meta.version > MODEL_FORMAT_VERSION) throw new Error(`${metaPath}: model format version ${meta.version} is newer than this build supports (${MODEL_FORMAT_VERSION})`);
    if (options.encoder) assertCompatible(meta.encoder, options.encoder, `model '${meta.name}' (${dir})`);
    await initBackend(undefined, options.backendLog);
    const table = loadEmbeddingTable(join(dir, meta.embeddings ?? 'embeddings.json'));
    assertCompatible(meta.encoder, table.encoder, `model '${meta.name}' embedding table`);
    // Models saved before cost inputs existed read none.
    const hyper: GcnHyper = { ...DEFAULT_HYPER, ...meta.hyper, nodeInputs: meta.hyper.nodeInputs ?? 0, archInputs: meta.hyper.archInputs ?? 0 };
    const members = (meta.members ?? [{ file: 'weights.bin', weights: meta.weights, scale: 1 }]).map((m) => {
      const buf = readFileSync(join(dir, m.file));
      const flat = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      const arrays: NamedArray[] = m.weights.map((w) => {
        if (w.offset + w.length > flat.length) throw new Error(`${join(dir, m.file)} is truncated (weight '${w.name}')`);
        return { name: w.name, shape: w.shape, values: flat.subarray(w.offset, w.offset + w.length) };
      });
      const model = new Gcn(hyper, meta.dimension, createRng(0));
      model.setWeights(arrays);
      return { model, scale: m.scale };
    });
    const embeddings = Object.entries(table.sentences).map(([s, v]) => [s, Float32Array.from(v)] as [string, Float32Array]);
    return new GcnPredictor(members, meta.encoder, embeddings, meta);
  }

  dispose(): void {
    this.invalidate();
    for (const m of this.members) m.model.dispose();
  }
}

/** Raw size inputs of one prepared architecture (estimates unless `exact`). */
function archSizeOf(graphs: readonly CostedGraph[], exact?: ExactSize): ArchSize {
  return archSize(graphs.map((g) => ({ nodes: g.nodeX!, ...g.estimate! })), exact);
}
