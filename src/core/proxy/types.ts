/**
 * The public face of the predictor: what a score means to a user. Everything above the
 * core (CLI, language server, search worker) talks to a `Proxy`, never to the GCN directly.
 */
import type { EncoderMeta } from '../encoder/types';
import type { SearchSpace } from '../spaces/space';
import type { Cell, Operator } from '../types';

/** Predicted accuracy with an interval, where a calibration exists for the space. */
export interface PredictedAccuracy {
  /** Percent. */
  value: number;
  low: number;
  high: number;
  /** What the calibration maps onto, e.g. 'CIFAR-10 test accuracy (NB201, 200 epochs)'. */
  target: string;
}

export interface ArchScore {
  /** Raw GCN output: comparable within a space, not across spaces. */
  score: number;
  /** 0-100: share of the space's fixed-seed reference sample scoring below this cell. */
  percentile: number;
  /** Present only for calibrated spaces (nb201, tnb101-micro, nb101); custom spaces are uncalibrated. */
  predictedAccuracy?: PredictedAccuracy;
}

export interface ProxyInfo {
  model: string;
  modelPath: string;
  encoder: EncoderMeta;
  backend: string;
  /** Spaces with a calibration to accuracy. */
  calibrated: string[];
}

export interface NearestOperator {
  name: string;
  description: string;
  similarity: number;
}

export interface Proxy {
  readonly info: ProxyInfo;
  /** Raw scores of cells of one space, batched (the search's hot path). */
  scoreRaw<C extends Cell>(space: SearchSpace<C>, cells: C[]): Promise<Float32Array>;
  /** Scores with percentile and, where calibrated, predicted accuracy. */
  score<C extends Cell>(space: SearchSpace<C>, cells: C[]): Promise<ArchScore[]>;
  /** Operators of the space whose sentence the model has never seen (scored from their description alone). */
  unseenOperators(space: SearchSpace): Operator[];
  /** Known operators closest to a sentence by embedding cosine (loads the encoder if the sentence is new). */
  nearestOperators(description: string, k?: number): Promise<NearestOperator[]>;
  dispose(): void;
}
