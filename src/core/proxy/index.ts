/**
 * loadProxy: the trained GCN + its operator embeddings + (lazily) the sentence encoder, with
 * percentiles and calibrated accuracies on top.
 *
 *   const proxy = await loadProxy({ model: 'universal' });
 *   const [s] = await proxy.score(getSpace('nb201')!, [cell]);   // {score, percentile, predictedAccuracy}
 *
 * Known operators are scored from the embedding table shipped with the model, so the encoder
 * (28 MB of weights) loads only when a document declares an operator the model has never seen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createEncoder, nearest, type EncoderConfig, type OperatorEncoder } from '../encoder';
import { architectureSizes, cachedDescriptor, describeOperator, sizeReference, type OpDescriptor, type SizeReference } from '../descriptors';
import { GcnPredictor, type SizeOptions } from '../gcn/predictor';
import { initBackend } from '../backend';
import { modelsDir } from '../paths';
import { proxyCost, type SearchSpace } from '../spaces/space';
import { getSpace } from '../spaces';
import type { Cell, OpGraph, Operator } from '../types';
import { builtinOperators } from '../spaces/vocabulary';
import { knownOperatorsBySentence, toNearestOperators } from './nearest';
import { predictFromPercentile, type CalibrationFile, type SpaceCalibration } from './calibration';
import { QuantileDistribution, ReferenceDistribution, referenceCells, type Percentiles } from './reference';
import type { ArchScore, Evidence, NearestOperator, Proxy, ProxyInfo, ScoreOptions } from './types';

export * from './types';
export * from './calibration';
export * from './reference';
export { BaselineProxy, BASELINE_MODEL } from './baseline';

export const DEFAULT_MODEL = 'universal';

export interface LoadProxyOptions {
  /** A name under models/ or a path to a model folder (default 'universal'). */
  model?: string;
  /** Encoder for operators the model has never seen (default use-lite). */
  encoder?: EncoderConfig;
  /** Embedding cache folder (null: memory only). */
  cacheDir?: string | null;
  /** Ignore the reference statistics stored in calibration.json (calibrateModel computes them anew). */
  fresh?: boolean;
  log?: (message: string) => void;
}

/** Folder of a model given by name (models/<name>) or path. */
export function resolveModelPath(model: string = DEFAULT_MODEL): string {
  if (isAbsolute(model) || model.includes('/') || model.includes('\\') || model.startsWith('.')) return resolve(model);
  return join(modelsDir(), model);
}

export async function loadProxy(options: LoadProxyOptions = {}): Promise<Proxy> {
  const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const dir = resolveModelPath(options.model);
  if (!existsSync(join(dir, 'model.json'))) {
    throw new Error(`no TG-NAS model at ${dir} (expected model.json); models/README.md lists the shipped ones`);
  }
  const backend = await initBackend(undefined, log);
  const predictor = await GcnPredictor.load(dir, { backendLog: log });
  const calPath = join(dir, 'calibration.json');
  const calibration = existsSync(calPath) ? (JSON.parse(readFileSync(calPath, 'utf8')) as CalibrationFile) : undefined;
  return new GcnProxy(predictor, dir, backend, calibration, options, log);
}

export class GcnProxy implements Proxy {
  readonly info: ProxyInfo;
  private encoder: Promise<OperatorEncoder> | undefined;
  private readonly references = new Map<string, Promise<Percentiles>>();
  private readonly stored: Record<string, number[]>;
  private readonly storedSizes: NonNullable<CalibrationFile['sizes']>;
  /** Size-input reference statistics per space key (see sizeOptions). */
  private readonly sizeRefs = new Map<string, { reference: SizeReference; exact: boolean }>();
  /** Calibrations per space id, in file order (the first is the space's default dataset). Old files without a grid are ignored. */
  private readonly calibrations = new Map<string, SpaceCalibration[]>();
  /** Sentences the model was shipped with; vectors embedded later for new operators do not count as seen. */
  private readonly trained: Set<string>;

  constructor(
    private readonly predictor: GcnPredictor,
    modelPath: string,
    backend: string,
    calibration: CalibrationFile | undefined,
    private readonly options: LoadProxyOptions,
    private readonly log: (m: string) => void,
  ) {
    for (const c of calibration?.spaces ?? []) {
      if (!c.grid || !c.dataset) continue;
      this.calibrations.set(c.space, [...(this.calibrations.get(c.space) ?? []), c]);
    }
    this.trained = new Set(predictor.knownSentences());
    this.stored = options.fresh ? {} : calibration?.references ?? {};
    this.storedSizes = options.fresh ? {} : calibration?.sizes ?? {};
    this.info = {
      model: predictor.meta.name,
      modelPath,
      encoder: predictor.encoder,
      backend,
      calibrated: [...this.calibrations.keys()],
    };
  }

  /** The encoder, created on first need and checked against the model's. */
  private getEncoder(): Promise<OperatorEncoder> {
    if (!this.encoder) {
      const config = this.options.encoder ?? { kind: 'use-lite' as const };
      this.encoder = createEncoder(config, { cacheDir: this.options.cacheDir, log: this.log }).catch((e) => {
        this.encoder = undefined;
        throw e;
      });
    }
    return this.encoder;
  }

  async scoreRaw<C extends Cell>(space: SearchSpace<C>, cells: C[]): Promise<Float32Array> {
    if (cells.length === 0) return new Float32Array(0);
    const ops = [space.inputOperator, space.outputOperator, ...space.operators];
    const needsEncoder = ops.some((o) => !this.predictor.knows(o.description));
    const encoder = needsEncoder ? await this.getEncoder() : undefined;
    return this.predictor.scoreCells(space, cells, encoder, await this.sizeOptions(space, cells));
  }

  private readonly overrides = new Map<string, Promise<Map<string, Partial<OpDescriptor>>>>();

  /**
   * Descriptor values that replace a sentence's own estimate, by operator name: what the author
   * declared, else, for a new operator whose sentence names no known family ("Some learned mixing
   * layer"), the descriptor of the nearest known operator by sentence similarity. Both are shown
   * as estimated unless declared.
   */
  private descriptorOverrides(space: SearchSpace): Promise<Map<string, Partial<OpDescriptor>>> {
    const key = spaceKey(space);
    let m = this.overrides.get(key);
    if (!m) {
      m = (async () => {
        const out = new Map<string, Partial<OpDescriptor>>();
        const builtin = new Set([...builtinOperators().values()].map((o) => o.description));
        for (const o of space.operators) {
          if (o.descriptor) out.set(o.name, o.descriptor);
          else if (!builtin.has(o.description) && cachedDescriptor(o.description).assumed.includes('family')) {
            const [near] = await this.nearestOperators(o.description, 1);
            if (near) out.set(o.name, cachedDescriptor(near.description).descriptor);
          }
        }
        return out;
      })();
      m.catch(() => this.overrides.delete(key));
      if (this.overrides.size > 64) this.overrides.clear();
      this.overrides.set(key, m);
    }
    return m;
  }

  /**
   * Size inputs for cells of a space: exact params/FLOPs from the space's cost model where it covers
   * every operator of the reference sample, else descriptor estimates; z-scored against the space's
   * fixed reference sample (referenceCells), so a cell's inputs never depend on what else is scored.
   */
  private async sizeOptions<C extends Cell>(space: SearchSpace<C>, cells: readonly C[]): Promise<SizeOptions | undefined> {
    if (!this.predictor.costAware) return undefined;
    const ref = (await this.sizeReferenceOf(space as SearchSpace))!;
    const overrides = await this.descriptorOverrides(space as SearchSpace);
    const declared = overrides.size ? (op: string) => overrides.get(op) : undefined;
    return { reference: ref.reference, declared, exact: ref.exact ? cells.map((c) => exactCost(space, c)) : undefined };
  }

  /**
   * The space's size-input statistics over its reference sample, and whether they use the exact cost
   * model. Built-in spaces read them from calibration.json (computed by calibrateModel with this
   * code), which spares the first hover from costing every reference cell. Undefined without cost inputs.
   */
  async sizeReferenceOf(space: SearchSpace): Promise<{ reference: SizeReference; exact: boolean } | undefined> {
    if (!this.predictor.costAware) return undefined;
    const stored = this.storedSizes[space.id];
    if (stored && getSpace(space.id) === space) return { reference: { mean: stored.mean, sd: stored.sd }, exact: stored.exact };
    const key = spaceKey(space);
    let ref = this.sizeRefs.get(key);
    if (!ref) {
      const overrides = await this.descriptorOverrides(space);
      const declared = overrides.size ? (op: string) => overrides.get(op) : undefined;
      const sample = referenceCells(space);
      const costs = sample.map((c) => exactCost(space, c));
      const exact = costs.every((c) => c !== undefined);
      const describe = (op: string) => space.operator(op)?.description;
      const sizes = architectureSizes(sample.map((c) => space.toGraphs(c)), describe, declared, exact ? costs : undefined);
      ref = { reference: sizeReference(sizes), exact };
      if (this.sizeRefs.size > 64) this.sizeRefs.clear();
      this.sizeRefs.set(key, ref);
    }
    return ref;
  }

  /** Reference distribution of a space, keyed by its operator sentences (a custom space can change them). */
  private reference(space: SearchSpace): Promise<Percentiles> {
    // Built-in spaces use the quantiles stored with the model (same population, same model), which
    // spares the first hover from scoring 15,625 cells.
    const stored = this.stored[space.id];
    if (stored && getSpace(space.id) === space) return Promise.resolve(new QuantileDistribution(stored));
    const key = spaceKey(space);
    let ref = this.references.get(key);
    if (!ref) {
      ref = this.scoreRaw(space, referenceCells(space)).then((s) => new ReferenceDistribution(s));
      ref.catch(() => this.references.delete(key));
      this.references.set(key, ref);
    }
    return ref;
  }

  async percentiles(space: SearchSpace, scores: ArrayLike<number>): Promise<number[]> {
    const ref = await this.reference(space);
    return Array.from(scores, (s) => ref.percentile(s));
  }

  datasets(space: SearchSpace): string[] {
    return getSpace(space.id) === space ? (this.calibrations.get(space.id) ?? []).map((c) => c.dataset) : [];
  }

  async score<C extends Cell>(space: SearchSpace<C>, cells: C[], options: ScoreOptions = {}): Promise<ArchScore[]> {
    const raw = await this.scoreRaw(space, cells);
    const pct = await this.percentiles(space as SearchSpace, raw);
    const { cal, note } = this.calibrationFor(space as SearchSpace, options.dataset);
    const evidence = this.evidence(space as SearchSpace, cal);
    return Array.from(raw, (score, i) => {
      const out: ArchScore = { score, percentile: pct[i], evidence };
      const p = cal && predictFromPercentile(cal, pct[i]);
      if (cal && p) out.predictedAccuracy = { ...p, target: cal.target };
      else out.calibrationNote = note ?? 'no calibration';
      return out;
    });
  }

  /** The calibration a dataset choice selects, or why there is none. Only built-in spaces are calibrated. */
  private calibrationFor(space: SearchSpace, dataset: string | undefined): { cal?: SpaceCalibration; note?: string } {
    const builtin = getSpace(space.id) === space;
    const cals = builtin ? this.calibrations.get(space.id) ?? [] : [];
    if (cals.length === 0) return { note: builtin ? `model '${this.info.model}' has no accuracy calibration for ${space.id}` : 'custom spaces have no labelled data to calibrate on: score and percentile only' };
    if (dataset === undefined) return { note: `no dataset chosen (calibrated for ${space.id}: ${cals.map((c) => c.dataset).join(', ')})` };
    const cal = dataset === 'default' ? cals[0] : cals.find((c) => c.dataset === dataset);
    return cal ? { cal } : { note: `no calibration for ${space.id} on '${dataset}' (calibrated: ${cals.map((c) => c.dataset).join(', ')})` };
  }

  private readonly evidences = new Map<string, Evidence>();

  /**
   * In-space when the model trained on labelled cells of this built-in space, else unseen-space
   * with the recipe's leave-one-space-out figures (model.json metrics.loso) and the operators whose
   * descriptors were estimated (not declared) or whose sentences the model never saw.
   */
  private evidence(space: SearchSpace, cal?: SpaceCalibration): Evidence {
    // The chosen dataset's own held-out ρ where calibrate recorded it; else the space's mean over its tasks.
    const own = this.evidenceOf(space);
    return own.kind === 'in-space' && cal?.validation ? { ...own, validationRho: cal.validation.rho, task: cal.dataset } : own;
  }

  private evidenceOf(space: SearchSpace): Evidence {
    const key = spaceKey(space);
    let e = this.evidences.get(key);
    if (e) return e;
    const meta = this.predictor.meta;
    const trainedOn = new Set((meta.training?.spaces ?? []).map((t) => t.space));
    const data = getSpace(space.id) === space ? CALIBRATION_SOURCES.find((c) => c.space === space.id)?.loader : undefined;
    if (data && trainedOn.has(data)) {
      e = { kind: 'in-space', data, validationRho: meta.metrics?.validation?.[data] };
    } else {
      const builtinSentences = new Set([...builtinOperators().values()].map((o) => o.description));
      const loso = meta.metrics?.loso;
      e = {
        kind: 'unseen-space',
        losoMean: loso?.mean,
        losoWorst: loso?.worst,
        losoSpaces: loso?.spaces,
        estimated: space.operators.filter((o) => !builtinSentences.has(o.description) && describeOperator(o.description, o.descriptor).source !== 'declared').map((o) => o.name),
        unseenOperators: this.unseenOperators(space).filter((o) => o.kind !== 'io').map((o) => o.name),
      };
    }
    if (this.evidences.size > 64) this.evidences.clear();
    this.evidences.set(key, e);
    return e;
  }

  /** The network itself (calibration rebuilds its validation split). */
  predictorOf(): GcnPredictor {
    return this.predictor;
  }

  /** Raw scores of labelled benchmark graphs (calibration). */
  scoreLabelled(graphs: OpGraph[][], operators: Map<string, Operator>, exact?: SizeOptions['exact']): Float32Array {
    return this.predictor.scoreGraphs(graphs, (op) => operators.get(op)?.description, { exact });
  }

  unseenOperators(space: SearchSpace): Operator[] {
    const ops = [space.inputOperator, space.outputOperator, ...space.operators];
    return ops.filter((o) => !this.trained.has(o.description));
  }

  private knownTable?: { names: Map<string, string[]>; sentences: Record<string, number[]> };

  /** Built-in operators by sentence, with the model's vectors: built once, hovers reuse it. */
  private knownOperatorTable(): { names: Map<string, string[]>; sentences: Record<string, number[]> } {
    if (!this.knownTable) {
      const names = knownOperatorsBySentence();
      const sentences: Record<string, number[]> = {};
      for (const s of names.keys()) {
        const v = this.predictor.vector(s);
        if (v) sentences[s] = Array.from(v);
      }
      this.knownTable = { names, sentences };
    }
    return this.knownTable;
  }

  async nearestOperators(description: string, k = 3): Promise<NearestOperator[]> {
    let vector = this.predictor.vector(description);
    if (!vector) [vector] = await (await this.getEncoder()).embed([description]);
    const { names, sentences } = this.knownOperatorTable();
    return toNearestOperators(nearest(vector, { encoder: this.predictor.encoder, sentences }, k, [description]), names);
  }

  dispose(): void {
    this.predictor.dispose();
    void this.encoder?.then((e) => e.dispose()).catch(() => undefined);
  }
}

/** A space's identity for caches: its id and its operators' sentences and declared costs (a custom space can change them). */
function spaceKey(space: SearchSpace): string {
  return `${space.id}\u0000${space.operators.map((o) => `${o.name}=${o.description}=${JSON.stringify(o.descriptor ?? {})}`).join('\u0000')}`;
}


function exactCost<C extends Cell>(space: SearchSpace<C>, cell: C): { params: number; flops: number; effective: boolean } | undefined {
  try {
    // Where the space can prune dead branches, the cost of the pruned cell is the effective size;
    // FLOPs in the models' training convention (PROXY_FLOPS), not the one the space shows.
    const c = proxyCost(space, cell);
    return c && c.params_M > 0 && c.flops_M > 0 ? { params: c.params_M, flops: c.flops_M, effective: !!space.effective } : undefined;
  } catch {
    return undefined;
  }
}

/** TransNAS-Bench-101's seven Taskonomy tasks; class_object (first) is the default calibration of its spaces. */
const TASKONOMY_TASKS = ['class_object', 'class_scene', 'jigsaw', 'room_layout', 'segmentsemantic', 'normal', 'autoencoder'];

/**
 * Labelled data behind each calibrated (space, dataset): loader id, task, and what the accuracy is.
 * The first entry of a space is its default dataset. Also the one link from a built-in space to
 * the labelled data of its cells (evidence: in-space when the model trained on that loader).
 */
export const CALIBRATION_SOURCES: ReadonlyArray<{ space: string; dataset: string; loader: string; task: string; target: string }> = [
  { space: 'nb201', dataset: 'cifar10', loader: 'nb201', task: 'c10', target: 'CIFAR-10 test accuracy, 200 epochs (NAS-Bench-201)' },
  { space: 'nb201', dataset: 'cifar100', loader: 'nb201', task: 'c100', target: 'CIFAR-100 test accuracy, 200 epochs (NAS-Bench-201)' },
  { space: 'nb201', dataset: 'imagenet16-120', loader: 'nb201', task: 'in16', target: 'ImageNet16-120 test accuracy, 200 epochs (NAS-Bench-201)' },
  ...TASKONOMY_TASKS.map((task) => ({
    space: 'tnb101-micro', dataset: task, loader: 'tnb101', task, target: `${task} validation metric (TransNAS-Bench-101)`,
  })),
  { space: 'nb101', dataset: 'cifar10', loader: 'nb101', task: 'c10_1k', target: 'CIFAR-10 validation accuracy, 108 epochs (NAS-Bench-101)' },
  ...TASKONOMY_TASKS.map((task) => ({
    space: 'tnb101-macro', dataset: task, loader: 'tnb101macro', task, target: `${task} validation metric (TransNAS-Bench-101 macro)`,
  })),
  ...[
    ['cls_50_1000', 'ImageNet-50-1000 top-1'], ['cls_50_100', 'ImageNet-50-100 top-1'], ['cls_10_1000', 'ImageNet-10-1000 top-1'],
    ['cls_10c', 'ImageNet-10c top-1'], ['seg', 'Cityscapes mIoU'], ['seg_4x', 'Cityscapes (4x) mIoU'], ['video', 'HMDB51 top-1'], ['video_p', 'HMDB51 (p) top-1'],
  ].map(([task, what]) => ({ space: 'nbmr', dataset: task, loader: 'nbmr', task, target: `${what} (NAS-Bench-MR)` })),
];

export { calibrateModel } from './calibrate';
