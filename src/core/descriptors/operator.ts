/**
 * Cost descriptors of one operator: what it costs and what kind of thing it is, as numbers the GCN
 * reads beside the operator's sentence embedding. The sentence says what an operator means; the
 * descriptor says how big it is. Size is the one signal that ranks architectures the same way in
 * every labelled space (docs/model.md §8), so the proxy gets it explicitly instead of having to
 * infer it from text.
 *
 * A descriptor is estimated from the sentence alone ("Depthwise separable convolution 7 by 7" →
 * kernel 7, parametric, depthwise), so a new operator still needs only a sentence (TG-NAS's
 * defining property). Where the sentence under-specifies the operator (DARTS's `sep_conv` is two
 * stacked separable convolutions; `dil_conv` is depthwise), the built-in vocabulary declares the
 * exact values (`DECLARED`), and `.arch` files may declare them too (`cost` clauses,
 * docs/arch-format.md). Every descriptor records whether it was declared or estimated.
 */

/** Numeric description of an operator, independent of where it sits in a cell. */
export interface OpDescriptor {
  /** Has trainable weights (convolution, linear, attention, graph layer). */
  parametric: boolean;
  /** Passes its input through unchanged (skip connection, identity layer). */
  identity: boolean;
  /** Outputs zeros: cuts the path (NB201/DARTS `none`). */
  zero: boolean;
  pooling: boolean;
  attention: boolean;
  /** Largest spatial kernel side (1 where there is none). */
  kernel: number;
  /** Dilation of the kernel (1 = dense). */
  dilation: number;
  /** Factor by which the op divides the feature map's side (1 keeps it). */
  stride: number;
  /** Output channels / input channels (1 keeps the width). */
  channelRatio: number;
  /** Absolute output channels, where the operator fixes them ("64 filters"); undefined otherwise. */
  filters?: number;
  /** Absolute resolution of the op relative to the network input, e.g. 1/8 ("at 1/8 resolution"). */
  resolution?: number;
  /** Dense weights per (C_in · C_out): k² per plain k×k convolution, 1 per 1×1 projection. */
  dense: number;
  /** Per-channel weights (depthwise kernels): k² per depthwise k×k convolution at its channel count. */
  depthwise: number;
}

export type DescriptorSource = 'declared' | 'sentence' | 'nearest';

export interface DescribedOp {
  descriptor: OpDescriptor;
  /** Where the values come from; anything but 'declared' is an estimate and is shown as one. */
  source: DescriptorSource;
  /** Fields the sentence did not state and that took a default (estimates only). */
  assumed: string[];
}

/** The descriptor of an operator with no cost at all (input, output, a zero op before its flags). */
export const EMPTY_DESCRIPTOR: Readonly<OpDescriptor> = Object.freeze({
  parametric: false, identity: false, zero: false, pooling: false, attention: false,
  kernel: 1, dilation: 1, stride: 1, channelRatio: 1, dense: 0, depthwise: 0,
});

const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8 };

function num(s: string): number {
  return WORD_NUMBERS[s.toLowerCase()] ?? Number(s);
}

/**
 * Estimates a descriptor from an operator sentence. Recognised words (case-insensitive):
 * kernels "3 by 3", "3x3", "7 by 1"; "stride 2"; "dilation 2" / "dilated"; "expansion by 6";
 * "depthwise", "separable"; "two convolutions", "4 x two convolutions"; "64 filters";
 * "channels doubled"; "at 1/8 resolution"; families: convolution, pooling, residual connection /
 * identity / skip, none / zero / nothing, attention, MLP / fully connected / linear, graph layers,
 * inverted residual (MBConv), squeeze-excitation. Unknown words are ignored; a sentence with no
 * family word is taken as a parametric layer of unknown kind (`assumed` says so).
 */
export function estimateDescriptor(sentence: string): DescribedOp {
  const s = sentence.toLowerCase();
  const d: OpDescriptor = { ...EMPTY_DESCRIPTOR };
  const assumed: string[] = [];
  if (/^\s*(input|output)( operator)?\s*$/.test(s)) return { descriptor: d, source: 'sentence', assumed };

  const kernels = [...s.matchAll(/(\d+)\s*(?:by|x|×)\s*(\d+)/g)].map((m) => Math.max(Number(m[1]), Number(m[2])));
  const kernel = kernels.length ? Math.max(...kernels) : undefined;
  const stride = /stride\s*(?:of\s*)?(\d+)/.exec(s);
  if (stride) d.stride = Number(stride[1]);
  const dil = /dilation\s*(?:of\s*|rate\s*)?(\d+)/.exec(s);
  if (dil) d.dilation = Number(dil[1]);
  else if (/dilated/.test(s)) d.dilation = 2;
  const expansion = /expan\w*\s*(?:ratio\s*)?(?:by\s*|of\s*)?(\d+(?:\.\d+)?)/.exec(s) ?? /ratio\s*(?:of\s*)?(\d+(?:\.\d+)?)/.exec(s);
  const e = /no expansion/.test(s) ? 1 : expansion ? Number(expansion[1]) : undefined;
  const filters = /(\d+)\s*(?:filters|channels|units)\b/.exec(s);
  if (filters) d.filters = Number(filters[1]);
  if (/channels doubled|doubl\w* (?:the )?channels|channels x\s*2|channels ×\s*2/.test(s)) d.channelRatio = 2;
  const times = /channels (?:multiplied|widened) by (\d+(?:\.\d+)?)/.exec(s);
  if (times) d.channelRatio = Number(times[1]);
  const res = /at 1\s*\/\s*(\d+)\s*resolution/.exec(s);
  if (res) d.resolution = 1 / Number(res[1]);
  const repeat = /(\d+)\s*(?:x|×)\s*(one|two|three|four|\d+)\s+convolutions/.exec(s);
  const count = /\b(one|two|three|four|five|six|\d+)\s+(?:stacked\s+)?convolutions/.exec(s);
  const convs = repeat ? Number(repeat[1]) * num(repeat[2]) : count ? num(count[1]) : 1;

  const isConv = /conv/.test(s);
  const isPool = /pool/.test(s);
  const isAttention = /attention/.test(s);
  const isMlp = /\bmlp\b|fully connected|\blinear\b|feed-?forward/.test(s);
  const isGraph = /graph|gnn|sage|chebyshev|arma/.test(s);
  const isMbconv = /inverted residual|mbconv/.test(s);
  const isZero = /^\s*(none|zero|nothing)\b|\bzero (op|operation)|does nothing|doing nothing/.test(s);
  const isIdentity = /residual connection|identity|skip/.test(s) && !isConv && !isPool && !isMlp && !isAttention;

  if (isZero && !isConv) {
    d.zero = true;
  } else if (isIdentity) {
    d.identity = true;
  } else if (isMbconv) {
    const k = kernel ?? 3;
    const x = e ?? 6;
    if (kernel === undefined) assumed.push('kernel');
    if (e === undefined) assumed.push('expansion');
    Object.assign(d, { parametric: true, kernel: k, dense: x === 1 ? 1 : 2 * x, depthwise: x * k * k });
    if (/squeeze/.test(s)) d.dense += x / 2; // SE: two FC layers of width C·e → C·e/4
  } else if (isConv) {
    const k = kernel ?? 3;
    if (kernel === undefined) assumed.push('kernel');
    const dw = /depth-?wise|separable/.test(s);
    const pwOnly = /depth-?wise/.test(s) && !/separable/.test(s) && !/1 by 1|1x1|projection/.test(s);
    d.parametric = true;
    d.kernel = k;
    if (dw) {
      d.depthwise = convs * k * k;
      d.dense = pwOnly ? 0 : convs;
    } else {
      d.dense = convs * k * k;
    }
    if (/fusion/.test(s)) d.dense += 1; // up path: 1×1 projection
    if (isPool) d.pooling = true;
  } else if (isPool) {
    d.pooling = true;
    d.kernel = /global/.test(s) ? 1 : kernel ?? 3;
    if (!/global/.test(s) && kernel === undefined) assumed.push('kernel');
  } else if (isAttention) {
    const heads = /(\d+)\s*heads/.exec(s);
    d.attention = true;
    d.parametric = true;
    d.dense = 4; // q, k, v and output projections
    if (!heads) assumed.push('heads');
  } else if (isMlp) {
    d.parametric = true;
    d.dense = e !== undefined ? 2 * e : 1;
  } else if (isGraph) {
    d.parametric = true;
    d.dense = 1;
    if (/attention/.test(s)) d.attention = true;
  } else if (/dropout|batch ?norm|layer ?norm|relu|activation/.test(s)) {
    // weightless or nearly so
  } else {
    d.parametric = true;
    d.kernel = kernel ?? 1;
    d.dense = d.kernel ** 2;
    assumed.push('family');
  }
  if (d.pooling && d.stride === 1 && /reduc/.test(s)) d.stride = 2;
  return { descriptor: d, source: 'sentence', assumed };
}

/**
 * Exact descriptors of built-in operators whose sentences leave out what the cost model knows
 * (spaces/cost.ts applyOp): DARTS's separable convolution is applied twice, its dilated
 * convolution is depthwise with dilation 2.
 */
const DECLARED: Record<string, Partial<OpDescriptor>> = {
  'Depthwise separable convolution 3 by 3': { parametric: true, kernel: 3, dense: 2, depthwise: 18 },
  'Depthwise separable convolution 5 by 5': { parametric: true, kernel: 5, dense: 2, depthwise: 50 },
  'Depthwise separable convolution 7 by 7': { parametric: true, kernel: 7, dense: 2, depthwise: 98 },
  'Dilated convolution 3 by 3': { parametric: true, kernel: 3, dilation: 2, dense: 1, depthwise: 9 },
  'Dilated convolution 5 by 5': { parametric: true, kernel: 5, dilation: 2, dense: 1, depthwise: 25 },
};

/**
 * The descriptor of an operator sentence: `declared` values (from a `.arch` cost clause) over the
 * built-in declarations over the sentence estimate. Declared fields override estimated ones one by one.
 */
export function describeOperator(sentence: string, declared?: Partial<OpDescriptor>): DescribedOp {
  const est = estimateDescriptor(sentence);
  const builtin = DECLARED[sentence];
  if (!builtin && !declared) return est;
  const descriptor = { ...est.descriptor, ...builtin, ...declared };
  const fixed = new Set(Object.keys({ ...builtin, ...declared }));
  const assumed = est.assumed.filter((a) => !fixed.has(a));
  return { descriptor, source: assumed.length === 0 || declared ? 'declared' : 'sentence', assumed };
}

/** Cache of sentence descriptors (pure function of the sentence: safe to share process-wide). */
const cache = new Map<string, DescribedOp>();
const CACHE_LIMIT = 10000;

export function cachedDescriptor(sentence: string): DescribedOp {
  let d = cache.get(sentence);
  if (!d) {
    d = describeOperator(sentence);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(sentence, d);
  }
  return d;
}
