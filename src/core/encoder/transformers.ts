/**
 * Optional encoder: any sentence-transformers model exported to ONNX, run through
 * transformers.js (feature-extraction, mean pooling, L2 normalisation; the paper's
 * all-MiniLM-L6-v2 is one such model). Offline by default: the model is read from a
 * local folder; downloading from the hub happens only when the user opts in.
 *
 * @huggingface/transformers is loaded at run time, so the extension works without it.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { hashFiles } from './hash';
import type { Logger, OperatorEncoder, TransformersDtype } from './types';

export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';
/** The version package.json names (optionalDependencies); the install hint asks for it. */
export const TRANSFORMERS_VERSION = '4.3.2';

/**
 * The part of transformers.js this encoder uses, declared here so that the project builds and
 * typechecks without the optional package (its own types come with it).
 */
export interface TransformersModule {
  env: { allowLocalModels: boolean; localModelPath: string; allowRemoteModels: boolean; useFSCache: boolean; cacheDir: string | null };
  pipeline(task: 'feature-extraction', model: string, options: { dtype: TransformersDtype; device: 'cpu'; local_files_only: boolean }): Promise<unknown>;
}
interface Extractor {
  (text: string, options: { pooling: 'mean'; normalize: boolean }): Promise<{ data: ArrayLike<number>; dispose(): void }>;
  dispose(): Promise<unknown> | void;
}

/** Suffix transformers.js appends to onnx/model<suffix>.onnx per dtype. */
const DTYPE_SUFFIX: Record<TransformersDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
};

/**
 * Loads transformers.js (and with it onnxruntime) with a dynamic import, only when the transformers
 * encoder is chosen; or explains how to install it. `name` exists so the missing-package path can be
 * exercised; callers use the default.
 */
export async function importTransformers(name: string = TRANSFORMERS_PACKAGE): Promise<TransformersModule> {
  let mod: Partial<TransformersModule> & { default?: Partial<TransformersModule> };
  try {
    // Resolved at run time from the bundle's location (the build marks it external), so the bundles
    // never contain it and work without it.
    mod = await import(name);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = e instanceof Error ? e.message : String(e);
    // Not found: the package itself (a missing dependency of it is named in its own message).
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${name}'`)) {
      throw new Error(
        `The transformers encoder needs the optional package ${name}, which is not installed. ` +
          `Install it next to the extension with: ONNXRUNTIME_NODE_INSTALL=skip npm install ${TRANSFORMERS_PACKAGE}@${TRANSFORMERS_VERSION} ` +
          "(or select the default 'use-lite' encoder).",
      );
    }
    throw new Error(`The transformers encoder could not load ${name}: ${message.split('\n')[0]}`);
  }
  const T = typeof mod.pipeline === 'function' ? mod : mod.default;
  if (!T || typeof T.pipeline !== 'function' || !T.env) throw new Error(`The transformers encoder could not load ${name}: it has no pipeline()`);
  return T as TransformersModule;
}

export interface TransformersEncoderOptions {
  model: string;
  localModelPath?: string;
  allowRemote?: boolean;
  dtype?: TransformersDtype;
  /** Where hub downloads go when allowRemote is set (transformers.js file cache). */
  downloadDir: string;
  log?: Logger;
  /** Module name to load; for tests of the missing-package message. */
  packageName?: string;
}

/** Where a model's files live: `<root>/<name>/`, the layout transformers.js reads. */
function modelLocation(o: TransformersEncoderOptions): { root: string; name: string; folder: string } {
  if (o.localModelPath) {
    const root = resolve(o.localModelPath);
    return { root, name: o.model, folder: join(root, o.model) };
  }
  const asPath = resolve(o.model);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) {
    return { root: dirname(asPath), name: basename(asPath), folder: asPath };
  }
  const root = resolve(o.downloadDir);
  return { root, name: o.model, folder: join(root, o.model) };
}

function requiredFiles(folder: string, dtype: TransformersDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`].map((f) =>
    join(folder, f),
  );
}

export class TransformersEncoder implements OperatorEncoder {
  private constructor(
    readonly id: string,
    readonly dimension: number,
    readonly weightsHash: string,
    readonly folder: string,
    private extractor: Extractor | undefined,
  ) {}

  /** Loads the pipeline now: its output width is only known from the model itself. */
  static async open(o: TransformersEncoderOptions): Promise<TransformersEncoder> {
    const dtype = o.dtype ?? 'fp32';
    const { root, name, folder } = modelLocation(o);
    const files = requiredFiles(folder, dtype);
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length && !o.allowRemote) {
      throw new Error(
        `transformers encoder: model '${name}' not found at ${folder} (missing ${missing.map((f) => f.slice(folder.length + 1)).join(', ')}). ` +
          'Put a sentence-transformers ONNX export there (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx), ' +
          'point localModelPath at its parent folder, or opt in to downloading from the Hugging Face hub (allowRemote).',
      );
    }
    const T = await importTransformers(o.packageName);
    // transformers.js keeps its settings in one global object; they are set right before
    // each load, and a pipeline reads everything it needs while loading.
    T.env.allowLocalModels = true;
    T.env.localModelPath = root.endsWith('/') ? root : root + '/';
    T.env.allowRemoteModels = o.allowRemote === true;
    T.env.useFSCache = true;
    T.env.cacheDir = resolve(o.downloadDir);
    let extractor: Extractor;
    try {
      extractor = (await T.pipeline('feature-extraction', name, {
        dtype,
        device: 'cpu',
        local_files_only: o.allowRemote !== true,
      })) as Extractor;
    } catch (e) {
      throw new Error(`transformers encoder: could not load model '${name}' from ${folder}: ${(e as Error).message}`);
    }
    try {
      // After a download the files sit in the cache (<downloadDir>/<name>/...), not in the local folder.
      const loaded = files.every((f) => existsSync(f)) ? folder : join(resolve(o.downloadDir), name);
      const hashed = requiredFiles(loaded, dtype);
      const external = hashed.map((f) => f + '_data').filter((f) => existsSync(f)); // large models keep weights beside the graph
      const weightsHash = hashFiles([...hashed, ...external]);
      const dimension = (await runExtractor(extractor, 'probe', name)).length;
      return new TransformersEncoder(`transformers:${name}`, dimension, weightsHash, loaded, extractor);
    } catch (e) {
      void extractor.dispose();
      throw e;
    }
  }

  async load(): Promise<void> {
    if (!this.extractor) throw new Error(`${this.id}: encoder was disposed`);
  }

  async embed(sentences: string[]): Promise<Float32Array[]> {
    await this.load();
    const out: Float32Array[] = [];
    // One at a time, as for USE-lite: padding in a batch would change the numerics.
    for (const s of sentences) out.push(await this.embedOne(s));
    return out;
  }

  private async embedOne(sentence: string): Promise<Float32Array> {
    const v = await runExtractor(this.extractor!, sentence, this.id);
    if (v.length !== this.dimension) throw new Error(`${this.id}: expected ${this.dimension} values, got ${v.length}`);
    return v;
  }

  dispose(): void {
    const e = this.extractor;
    this.extractor = undefined;
    void e?.dispose();
  }
}

async function runExtractor(extractor: Extractor, sentence: string, id: string): Promise<Float32Array> {
  if (sentence.trim() === '') throw new Error(`${id}: cannot embed an empty operator description`);
  const t = await extractor(sentence, { pooling: 'mean', normalize: true });
  try {
    return Float32Array.from(t.data);
  } finally {
    t.dispose();
  }
}
