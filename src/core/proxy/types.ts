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
  /**
   * Present only when a dataset was chosen and the model has a calibration for (space, dataset)
   * (NB201, TNB101-micro tasks, NB101); custom spaces are never calibrated.
   */
  predictedAccuracy?: PredictedAccuracy;
  /** Why there is no predicted accuracy (no dataset chosen, space or dataset not calibrated). */
  calibrationNote?: string;
  /** Where the figure comes from and how far to trust it. */
  evidence: Evidence;
}

/**
 * How much a score can be trusted: the model either saw labelled cells of this space (its
 * validation ρ on held-out cells of the space), or scores it unseen (the leave-one-space-out
 * figures of the model's recipe, and which operator descriptors were estimated from sentences).
 */
export type Evidence =
  | {
      kind: 'in-space';
      /** Labelled data the model trained on for this space (data-spec id, e.g. 'nb201'). */
      data: string;
      /** Spearman ρ on the held-out validation cells of that space: of `task` where given, else the mean over its tasks. */
      validationRho?: number;
      /** The dataset / task `validationRho` is for (the calibration chosen); absent: the space's mean over its tasks. */
      task?: string;
    }
  | {
      kind: 'unseen-space';
      /** Mean and worst Spearman ρ over the spaces left out in the recipe's leave-one-space-out benchmark. */
      losoMean?: number;
      losoWorst?: number;
      losoSpaces?: number;
      /** Operators of the space whose cost descriptors were estimated from their sentence. */
      estimated: string[];
      /** Operators whose sentence the model never saw in training. */
      unseenOperators: string[];
    };

/** Options of Proxy.score. */
export interface ScoreOptions {
  /**
   * Dataset whose calibration maps percentiles to accuracy (e.g. 'cifar100', 'class_object');
   * 'default' = the space's first calibrated dataset; undefined = no predicted accuracy.
   */
  dataset?: string;
}

export interface ProxyInfo {
  model: string;
  modelPath: string;
  encoder: EncoderMeta;
  backend: string;
  /** Spaces with a calibration to accuracy (for at least one dataset). */
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
  /** Scores with percentile, evidence and, where calibrated for the chosen dataset, predicted accuracy. */
  score<C extends Cell>(space: SearchSpace<C>, cells: C[], options?: ScoreOptions): Promise<ArchScore[]>;
  /** Datasets with a calibration for a space, first = default. */
  datasets(space: SearchSpace): string[];
  /** Operators of the space whose sentence the model has never seen (scored from their description alone). */
  unseenOperators(space: SearchSpace): Operator[];
  /** Known operators closest to a sentence by embedding cosine (loads the encoder if the sentence is new). */
  nearestOperators(description: string, k?: number): Promise<NearestOperator[]>;
  dispose(): void;
}
