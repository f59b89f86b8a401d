/** Encoder timings for the benchmarks: load, first embed, steady per-sentence cost. */
import type { OperatorEncoder } from './types';

export interface EncoderTimings {
  id: string;
  dimension: number;
  /** Creating the encoder and loading its model (hashing the weights included). */
  loadMs: number;
  /** The first embed call of one sentence (graph warm-up included). */
  firstEmbedMs: number;
  /** Mean over `rounds` passes of embedding each sentence. */
  perSentenceMs: number;
  sentences: number;
  rounds: number;
}

/**
 * Times an encoder built by `open` (pass an uncached one, or the cache answers). The
 * encoder is disposed afterwards.
 */
export async function measureEncoder(
  open: () => Promise<OperatorEncoder> | OperatorEncoder,
  sentences: readonly string[],
  rounds = 3,
): Promise<EncoderTimings> {
  if (sentences.length === 0) throw new Error('measureEncoder: no sentences');
  let t = performance.now();
  const enc = await open();
  try {
    await enc.load();
    const loadMs = performance.now() - t;
    t = performance.now();
    await enc.embed([sentences[0]]);
    const firstEmbedMs = performance.now() - t;
    t = performance.now();
    for (let r = 0; r < rounds; r++) await enc.embed([...sentences]);
    const perSentenceMs = (performance.now() - t) / (rounds * sentences.length);
    return { id: enc.id, dimension: enc.dimension, loadMs, firstEmbedMs, perSentenceMs, sentences: sentences.length, rounds };
  } finally {
    enc.dispose();
  }
}
