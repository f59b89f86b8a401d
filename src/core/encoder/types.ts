/**
 * Shapes shared by the operator encoders. An encoder turns operator description
 * sentences into fixed-width vectors; a trained GCN is tied to the exact encoder
 * (id + dimension + weights hash) whose vectors it was trained on.
 */

/** What identifies an encoder's vector space. Recorded in model cards and embedding tables. */
export interface EncoderMeta {
  /** 'use-lite' or 'transformers:<model name>'. */
  id: string;
  dimension: number;
  /** sha256 (hex) over the files that determine the output: weights, graph, vocabulary. */
  weightsHash: string;
}

export interface OperatorEncoder extends EncoderMeta {
  /** Loads the model if not yet loaded (idempotent). embed() calls it; benchmarks call it to time loading. */
  load(): Promise<void>;
  /** One vector per sentence, in order. Equal sentences always give bit-identical vectors. */
  embed(sentences: string[]): Promise<Float32Array[]>;
  dispose(): void;
}

export type EncoderConfig =
  | { kind: 'use-lite'; /** Folder with model.json, group1-shard*, vocab.json; default: located automatically. */ dir?: string }
  | {
      kind: 'transformers';
      /** Model name (a folder under localModelPath, or a hub id with allowRemote) or a path to a model folder. */
      model: string;
      localModelPath?: string;
      /** Opt-in: allow downloading from the Hugging Face hub into the cache. Off by default. */
      allowRemote?: boolean;
      /** ONNX weights variant; 'fp32' reads onnx/model.onnx, 'q8' onnx/model_quantized.onnx. Default 'fp32'. */
      dtype?: TransformersDtype;
    };

export type TransformersDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';

export type Logger = (message: string) => void;

/** Strips an encoder (or anything carrying the three fields) down to its serialisable identity. */
export function encoderMeta(e: EncoderMeta): EncoderMeta {
  return { id: e.id, dimension: e.dimension, weightsHash: e.weightsHash };
}
