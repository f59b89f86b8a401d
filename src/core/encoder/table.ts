/**
 * Embedding tables: the vectors of a vocabulary's description sentences, tagged with
 * the encoder that produced them. Shipped models carry one for their known operators,
 * so scoring needs no encoder at all unless a new operator appears.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Operator } from '../types';
import { encoderMeta, type EncoderMeta, type OperatorEncoder } from './types';

export interface EmbeddingTable {
  encoder: EncoderMeta;
  /** sentence -> vector (float32 values written as JSON numbers; they read back bit-identical). */
  sentences: Record<string, number[]>;
  /** Operator name -> its sentence, for the operators the table was built from. */
  operators?: Record<string, string>;
}

/** Embeds the distinct description sentences of a vocabulary. Keys are sorted so the file is stable. */
export async function buildEmbeddingTable(encoder: OperatorEncoder, operators: readonly Operator[]): Promise<EmbeddingTable> {
  const names: Record<string, string> = {};
  for (const op of [...operators].sort((a, b) => a.name.localeCompare(b.name))) {
    if (names[op.name] !== undefined && names[op.name] !== op.description) {
      throw new Error(`operator '${op.name}' has two descriptions: '${names[op.name]}' and '${op.description}'`);
    }
    names[op.name] = op.description;
  }
  const unique = [...new Set(Object.values(names))].sort();
  const vectors = await encoder.embed(unique);
  const sentences: Record<string, number[]> = {};
  unique.forEach((s, i) => (sentences[s] = Array.from(vectors[i])));
  return { encoder: encoderMeta(encoder), sentences, operators: names };
}

/** A table's vector for a sentence, as Float32Array (undefined when absent). */
export function tableVector(table: EmbeddingTable, sentence: string): Float32Array | undefined {
  const v = table.sentences[sentence];
  return v ? Float32Array.from(v) : undefined;
}

/** Checks the shape of parsed JSON; `source` names it in errors. */
export function validateEmbeddingTable(data: unknown, source: string): EmbeddingTable {
  const bad = (why: string): never => {
    throw new Error(`${source}: not an embedding table (${why})`);
  };
  if (typeof data !== 'object' || data === null) bad('not a JSON object');
  const t = data as Partial<EmbeddingTable>;
  const e = t.encoder;
  if (!e || typeof e.id !== 'string' || typeof e.weightsHash !== 'string' || !Number.isInteger(e.dimension) || e.dimension <= 0) {
    bad('missing encoder {id, dimension, weightsHash}');
  }
  if (typeof t.sentences !== 'object' || t.sentences === null) bad('missing sentences');
  for (const [s, v] of Object.entries(t.sentences!)) {
    if (!Array.isArray(v) || v.length !== e!.dimension || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      bad(`vector of '${s}' is not ${e!.dimension} finite numbers`);
    }
  }
  if (t.operators !== undefined) {
    for (const [name, s] of Object.entries(t.operators)) {
      if (typeof s !== 'string' || !(s in t.sentences!)) bad(`operator '${name}' refers to a sentence without a vector`);
    }
  }
  return t as EmbeddingTable;
}

export function loadEmbeddingTable(path: string): EmbeddingTable {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read embedding table ${path}: ${(e as Error).message}`);
  }
  return validateEmbeddingTable(data, path);
}

/** One vector per line: diffs of a retrained table stay readable. */
export function serializeEmbeddingTable(table: EmbeddingTable): string {
  const lines = ['{', `  "encoder": ${JSON.stringify(encoderMeta(table.encoder))},`];
  if (table.operators) lines.push(`  "operators": ${JSON.stringify(table.operators)},`);
  const entries = Object.entries(table.sentences);
  lines.push('  "sentences": {');
  entries.forEach(([s, v], i) => lines.push(`    ${JSON.stringify(s)}: ${JSON.stringify(v)}${i < entries.length - 1 ? ',' : ''}`));
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/** Writes atomically (temp file + rename), so a reader never sees half a table. */
export function saveEmbeddingTable(path: string, table: EmbeddingTable): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, serializeEmbeddingTable(table));
  renameSync(tmp, path);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: vectors of different length (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface Neighbour {
  sentence: string;
  similarity: number;
  /** Names of the table's operators described by this sentence (empty when the table has none). */
  operators: string[];
}

/** The k sentences of the table most similar to the vector (cosine), best first; ties by sentence. */
export function nearest(vector: ArrayLike<number>, table: EmbeddingTable, k: number, exclude: readonly string[] = []): Neighbour[] {
  const byName = Object.entries(table.operators ?? {});
  return rankNeighbours(Object.entries(table.sentences)
    .filter(([s]) => !exclude.includes(s))
    .map(([sentence, v]) => ({
      sentence,
      similarity: cosine(vector, v),
      operators: byName.filter(([, s]) => s === sentence).map(([n]) => n),
    })), k);
}

/**
 * The order of every nearest-sentence list: most similar first, ties by sentence (so equal
 * similarities never reorder between runs), at most k. Similarities may come from cosine or any
 * other measure (the structural baseline falls back to word overlap without an encoder).
 */
export function rankNeighbours<T extends { sentence: string; similarity: number }>(list: readonly T[], k: number): T[] {
  return [...list].sort((x, y) => y.similarity - x.similarity || (x.sentence < y.sentence ? -1 : x.sentence > y.sentence ? 1 : 0)).slice(0, Math.max(0, k));
}

/** Thrown when a model (or table) and the configured encoder live in different vector spaces. */
export class EncoderMismatchError extends Error {
  constructor(
    message: string,
    readonly trained: EncoderMeta,
    readonly configured: EncoderMeta,
  ) {
    super(message);
    this.name = 'EncoderMismatchError';
  }
}

function describe(e: EncoderMeta): string {
  return `${e.id} (${e.dimension}-d, hash ${e.weightsHash.slice(0, 12)}…)`;
}

/**
 * Throws unless the vectors of `encoder` are the ones `trained` (a model's or table's
 * encoder record) was built with: same id, dimension and weights hash.
 */
export function assertCompatible(trained: EncoderMeta | { encoder: EncoderMeta }, encoder: EncoderMeta, modelName = 'the model'): void {
  const t = 'encoder' in trained ? trained.encoder : trained;
  if (t.id === encoder.id && t.dimension === encoder.dimension && t.weightsHash === encoder.weightsHash) return;
  const what =
    t.id !== encoder.id ? 'a different encoder' : t.dimension !== encoder.dimension ? 'a different output width' : 'different weights';
  throw new EncoderMismatchError(
    `${modelName} was trained with encoder ${describe(t)}; the configured encoder is ${describe(encoder)} (${what}) — ` +
      'select a matching model or encoder',
    encoderMeta(t),
    encoderMeta(encoder),
  );
}

/**
 * An encoder that answers from an embedding table alone: training and benchmarks on known
 * vocabularies then need no encoder weights (e.g. `tgnas train --embeddings models/universal/embeddings.json`).
 * A sentence the table lacks is an error naming it, never a made-up vector.
 */
export class TableEncoder implements OperatorEncoder {
  readonly id: string;
  readonly dimension: number;
  readonly weightsHash: string;

  constructor(
    private readonly table: EmbeddingTable,
    private readonly source = 'embedding table',
  ) {
    ({ id: this.id, dimension: this.dimension, weightsHash: this.weightsHash } = table.encoder);
  }

  static fromFile(path: string): TableEncoder {
    return new TableEncoder(loadEmbeddingTable(path), path);
  }

  async load(): Promise<void> {}

  async embed(sentences: string[]): Promise<Float32Array[]> {
    const missing = sentences.filter((s) => !(s in this.table.sentences));
    if (missing.length) {
      const list = missing.slice(0, 3).map((s) => `'${s}'`).join(', ') + (missing.length > 3 ? `, and ${missing.length - 3} more` : '');
      throw new Error(`${this.source} has no vector for ${missing.length} sentence(s): ${list}; embed them with the ${this.id} encoder`);
    }
    return sentences.map((s) => Float32Array.from(this.table.sentences[s]));
  }

  dispose(): void {}
}
