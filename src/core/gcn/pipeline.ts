/**
 * `tgnas train` end to end: load the data spec, embed every operator sentence with the
 * encoder, train, score held-out spaces, and write `models/<name>/` with its model card.
 */
import { basename, resolve } from 'node:path';
import { LOADERS, type LabelledSpace } from '../data/loaders';
import { loadSelection, parseDataSpec, type DataSelection } from '../data/spec';
import { createEncoder, encoderMeta, TableEncoder, type EncoderConfig, type OperatorEncoder } from '../encoder';
import { dataDir as defaultDataDir, NO_DATA_MESSAGE } from '../paths';
import { builtinOperators } from '../spaces/vocabulary';
import { initBackend } from '../backend';
import { DEFAULT_HYPER, parameterCount, type GcnHyper } from './model';
import type { ModelMeta } from './predictor';
import { applySizePrior, validationSpread } from './size-prior';
import { scoreHeldOut, trainGcn, type HeldOutResult, type TrainGcnResult, type TrainProgress } from './train';

export interface TrainModelOptions {
  /** e.g. 'all', 'all,-nb201', 'nb101,nb201:c10' (see data/spec.ts). */
  dataSpec: string;
  /** Model folder, e.g. models/universal. */
  outDir: string;
  seed?: number;
  /**
   * Seeds the subsample and the validation split (default 0), apart from `seed` (initialisation, batches),
   * so models of different seeds share one validation split and can be compared or ensembled on it.
   */
  dataSeed?: number;
  /** Overrides hyper.epochs. */
  epochs?: number;
  hyper?: Partial<GcnHyper>;
  /** Stop after this many seconds of training (best weights kept). */
  maxSeconds?: number;
  /** Spaces to report on after training (never used for selection). Default: every labelled space not trained on. */
  heldOutSpec?: string;
  encoder?: EncoderConfig;
  /** Use this encoder instance instead of creating one (tests). */
  encoderInstance?: OperatorEncoder;
  /** Take every sentence vector from this embedding table (e.g. a model's embeddings.json) instead of running the encoder. */
  embeddingsFile?: string;
  dataDir?: string;
  /** Model name in model.json; default: the folder name. */
  name?: string;
  /** The command line that produced the model, for the card. */
  command?: string;
}

export interface TrainModelResult {
  outDir: string;
  meta: ModelMeta;
  validation: TrainGcnResult['validation'];
  heldOut: HeldOutResult[];
  seconds: number;
}

/** The default held-out report: labelled spaces not in the training selection. */
export function heldOutSelection(training: DataSelection[], spec?: string): DataSelection[] {
  if (spec !== undefined) return spec.trim() === '' || spec === 'none' ? [] : parseDataSpec(spec);
  const used = new Set(training.map((s) => s.space));
  return LOADERS.filter((l) => !used.has(l.id)).map((l) => ({ space: l.id }));
}

function fmt(x: number, d = 3): string {
  return Number.isFinite(x) ? x.toFixed(d) : 'n/a';
}

export function modelCard(meta: ModelMeta, heldOut: HeldOutResult[], validation: TrainGcnResult['validation']): string {
  const t = meta.training;
  const h = meta.hyper;
  const lines = [
    `# TG-NAS GCN model: ${meta.name}`,
    '',
    'Predicts the accuracy *rank* of an architecture from its operator-as-node graph and the sentence embeddings of its',
    'operator descriptions (TG-NAS, arXiv 2404.00271). Scores are comparable within a space, not across spaces.',
    '',
    '## Data',
    '',
    `Data spec \`${t?.dataSpec ?? '?'}\`:`,
    '',
    '| space | architectures | tasks (labels) |',
    '|---|---|---|',
    ...(t?.spaces ?? []).map((s) => `| ${s.space} | ${s.archs} | ${s.tasks.join(', ')} |`),
    '',
    'No DARTS-space labels exist or were used. Validation = a random ' + `${Math.round(h.valFraction * 100)} %` +
      ' of each training space, used for early stopping; held-out spaces were scored once, after training.',
    '',
    '## Encoder',
    '',
    `\`${meta.encoder.id}\`, ${meta.encoder.dimension}-d, weights sha256 \`${meta.encoder.weightsHash}\`. The model only works with`,
    'vectors of exactly this encoder; `embeddings.json` holds the vectors of every operator sentence the model knows.',
    '',
    '## Model and training',
    '',
    `| hyper-parameter | value |`,
    '|---|---|',
    ...Object.entries(h).map(([k, v]) => `| ${k} | ${typeof v === 'object' ? JSON.stringify(v) : v} |`),
    `| parameters | ${meta.parameters} |`,
    '',
    meta.members && meta.members.length > 1
      ? `${meta.members.length} networks of ${meta.parameters / meta.members.length} parameters each (members below); ${t?.date ?? ''}.`
      : t
      ? `Seed ${t.seed}; ${t.epochsRun} epochs run, best epoch ${t.bestEpoch}; ${t.steps} steps; ${fmt(t.seconds, 0)} s on the ${t.backend} backend; ${t.date}.`
      : '',
    '',
    t?.command ? `Command: \`${t.command}\`` : '',
    '',
    ...ensembleSection(meta),
    '## Validation (training spaces, held-out split; Spearman averaged over each space\'s tasks)',
    '',
    '| space | Spearman |',
    '|---|---|',
    ...Object.entries(validation.bySpace).map(([s, r]) => `| ${s} | ${fmt(r)} |`),
    `| **mean** | **${fmt(validation.mean)}** |`,
    '',
  ];
  if (heldOut.length) {
    lines.push(
      '## Held-out spaces (never trained on, never selected on)',
      '',
      '| space | task | n | Spearman | Kendall |',
      '|---|---|---|---|---|',
      ...heldOut.map((r) => `| ${r.space} | ${r.task} | ${r.n} | ${fmt(r.spearman)} | ${fmt(r.kendall)} |`),
      '',
    );
  }
  return lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}

/** Card lines for an ensemble: its members, each trained alike with its own seed. */
function ensembleSection(meta: ModelMeta): string[] {
  if (!meta.members || meta.members.length < 2) return [];
  return [
    `## Ensemble of ${meta.members.length} networks`,
    '',
    'Each member was trained by the same command with its own seed, on the same data and validation split; the score is',
    'the sum of the members\' scores, each scaled by one over its within-space spread on the validation split.',
    'The validation figures below are the ensemble\'s.',
    '',
    '| member | seed | epochs run (best) | validation ρ | scale |',
    '|---|---|---|---|---|',
    ...meta.members.map(
      (m, k) => `| ${k} | ${m.training?.seed ?? '?'} | ${m.training?.epochsRun ?? '?'} (${m.training?.bestEpoch ?? '?'}) | ${fmt(m.validation ?? NaN)} | ${m.scale.toPrecision(4)} |`,
    ),
    '',
  ];
}

/** Every sentence the model should know: the training/held-out spaces' and the built-in vocabularies'. */
function sentencesOf(spaces: readonly LabelledSpace[]): string[] {
  const s = new Set<string>();
  for (const sp of spaces) for (const op of sp.operators.values()) s.add(op.description);
  for (const op of builtinOperators().values()) s.add(op.description);
  return [...s].sort();
}

export async function trainModel(
  options: TrainModelOptions,
  onProgress: (p: TrainProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<TrainModelResult> {
  const dir = options.dataDir ?? defaultDataDir();
  if (!dir) throw new Error(NO_DATA_MESSAGE.replace('; skipped', '') + ': training needs it');
  const hyper: GcnHyper = { ...DEFAULT_HYPER, ...options.hyper, ...(options.epochs !== undefined ? { epochs: options.epochs } : {}) };
  const seed = options.seed ?? 0;
  const selection = parseDataSpec(options.dataSpec);
  const heldSel = heldOutSelection(selection, options.heldOutSpec);
  const backend = await initBackend(undefined, (m) => onProgress({ type: 'info', message: m }));
  onProgress({ type: 'info', message: `loading ${selection.map((s) => s.space + (s.tasks ? `:${s.tasks.join('+')}` : '')).join(', ')}` });
  const spaces = loadSelection(selection, { dataDir: dir, maxArchsPerSpace: hyper.maxArchsPerSpace, seed: options.dataSeed ?? 0 });
  const heldOut = loadSelection(heldSel, { dataDir: dir });
  const encoder =
    options.encoderInstance ??
    (options.embeddingsFile ? TableEncoder.fromFile(options.embeddingsFile) : undefined) ??
    (await createEncoder(options.encoder ?? { kind: 'use-lite' }, { log: (m) => onProgress({ type: 'info', message: m }) }));
  const sentences = sentencesOf([...spaces, ...heldOut]);
  onProgress({ type: 'info', message: `embedding ${sentences.length} operator sentences with ${encoder.id}` });
  const vectors = await encoder.embed(sentences);
  const embeddings = new Map(sentences.map((s, i) => [s, vectors[i]]));
  const name = options.name ?? basename(resolve(options.outDir));
  const result = await trainGcn(spaces, embeddings, encoderMeta(encoder), { hyper, seed, dataSeed: options.dataSeed ?? 0, maxSeconds: options.maxSeconds, signal, name }, onProgress);
  try {
    const p = result.predictor;
    // The size prior is part of the model (an edit of the readout): held-out figures are measured with it.
    const spread = p.costAware ? validationSpread(p, spaces, options.dataSeed ?? 0, hyper.valFraction) : undefined;
    if (hyper.sizePrior && spread !== undefined) {
      applySizePrior(p, hyper.sizePrior, spread);
      onProgress({ type: 'info', message: `size prior λ ${hyper.sizePrior.lambda} × spread ${spread.toFixed(3)} on weights ${hyper.sizePrior.weights.map((w) => w.toFixed(3)).join(', ')}` });
    }
    result.heldOut = scoreHeldOut(p, heldOut);
    p.meta = {
      ...p.meta,
      name,
      training: {
        dataSpec: options.dataSpec,
        spaces: spaces.map((s) => ({ space: s.space, archs: s.graphs.length, tasks: s.tasks.map((t) => t.name) })),
        seed,
        dataSeed: options.dataSeed ?? 0,
        epochsRun: result.epochsRun,
        bestEpoch: result.bestEpoch,
        steps: result.steps,
        seconds: Math.round(result.seconds),
        date: new Date().toISOString(),
        backend,
        command: options.command,
        ...(spread !== undefined ? { validationSpread: spread } : {}),
      },
      metrics: {
        validation: { mean: result.validation.mean, ...result.validation.bySpace },
        heldOut: Object.fromEntries(result.heldOut.map((r) => [`${r.space}:${r.task}`, { spearman: r.spearman, kendall: r.kendall, n: r.n }])),
      },
    };
    p.meta.parameters = parameterCount(p.model);
    const meta = p.save(options.outDir, modelCard(p.meta as ModelMeta, result.heldOut, result.validation));
    return { outDir: options.outDir, meta, validation: result.validation, heldOut: result.heldOut, seconds: result.seconds };
  } finally {
    result.predictor.dispose();
  }
}
