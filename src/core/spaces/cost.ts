/**
 * Layer-level parameter and FLOP counting for the fixed macro skeletons of the spaces.
 *
 * FLOPs have no single definition: benchmarks and papers count different layers, so every count
 * names its convention (`FlopsConvention`). Parameters have one: what PyTorch counts (conv weights
 * (+bias), BatchNorm weight+bias when affine (running statistics are buffers), Linear weight+bias).
 */
import type { CellCost } from '../types';

/**
 * How a network's FLOPs are counted (batch 1, in multiply-accumulates; nothing is doubled):
 *
 * - 'mult-adds': Conv2d k_h*k_w*C_in/groups*C_out per output position (+C_out per position with a bias),
 *   Linear in*out (+out with a bias); BatchNorm, ReLU, pooling and the additions of cells count nothing.
 *   Source: NAS-Bench-201 / xautodl `utils/flop_benchmark.py` (`get_model_infos`), which produced the
 *   NB201 / NATS-Bench API's `get_cost_info(...)['flops']`: pooling layers get a hook there too, but
 *   `compute_average_flops_cost` sums Conv2d, Conv1d and Linear modules only, so pooling is left out.
 *   Reference values of the NB201 API, reproduced (test/unit/spaces-flops.test.ts):
 *     A = |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|
 *         113.95 M (CIFAR-10), 28.50 M (ImageNet16-120);
 *     B = |avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|
 *         15.65 M (CIFAR-10; NB201 index 0, exactly 15.64737 as the API gives).
 *   It is also the MobileNet / NASNet definition of "multiply-adds" (conv + FC).
 * - 'naslib': NASLib's `flops` column (tensorwatch's torchstat fork), which the shared csv's
 *   `flops_M_*` columns reproduce exactly: conv MACs (+bias), BatchNorm elements x2 when affine, ReLU
 *   input elements, pooling C*outH*outW*k^2, adaptive average pooling C*(H+1)*(W+1) for a 1x1 output,
 *   Linear in*out (bias not counted). A: 116.69 M / 29.18 M, B: 17.96 M. The trained
 *   models' size inputs use it (`PROXY_FLOPS` in space.ts), whatever a space shows.
 */
export type FlopsConvention = 'mult-adds' | 'naslib';

export const FLOPS_CONVENTIONS: readonly FlopsConvention[] = ['mult-adds', 'naslib'];

/** A feature map shape at one point of the network (batch 1). */
export interface Shape {
  c: number;
  h: number;
  w: number;
}

export class CostCounter {
  params = 0;
  flops = 0;

  constructor(readonly convention: FlopsConvention) {}

  /** Conv2d (PyTorch semantics: floor((h + 2p - d(k-1) - 1)/s) + 1). */
  conv(x: Shape, cout: number, k: number | [number, number], o: ConvOpts = {}): Shape {
    const [kh, kw] = typeof k === 'number' ? [k, k] : k;
    const [sh, sw] = pair(o.stride ?? 1);
    const [ph, pw] = pair(o.padding ?? 0);
    const d = o.dilation ?? 1;
    const groups = o.groups ?? 1;
    const h = Math.floor((x.h + 2 * ph - d * (kh - 1) - 1) / sh) + 1;
    const w = Math.floor((x.w + 2 * pw - d * (kw - 1) - 1) / sw) + 1;
    const weights = (x.c / groups) * cout * kh * kw;
    this.params += weights + (o.bias ? cout : 0);
    this.flops += (weights + (o.bias ? cout : 0)) * h * w;
    return { c: cout, h, w };
  }

  bn(x: Shape, affine = true): Shape {
    if (affine) this.params += 2 * x.c;
    if (this.convention === 'naslib') this.flops += elems(x) * (affine ? 2 : 1);
    return x;
  }

  relu(x: Shape): Shape {
    if (this.convention === 'naslib') this.flops += elems(x);
    return x;
  }

  pool(x: Shape, k: number, stride: number, padding: number): Shape {
    const h = Math.floor((x.h + 2 * padding - k) / stride) + 1;
    const w = Math.floor((x.w + 2 * padding - k) / stride) + 1;
    if (this.convention === 'naslib') this.flops += x.c * h * w * k * k;
    return { c: x.c, h, w };
  }

  /** Global average pooling to 1x1 (torchstat's adaptive-pool formula counts (H+1)(W+1) per channel). */
  globalPool(x: Shape): Shape {
    if (this.convention === 'naslib') this.flops += x.c * (x.h + 1) * (x.w + 1);
    return { c: x.c, h: 1, w: 1 };
  }

  linear(inF: number, outF: number, bias = true): void {
    this.params += inF * outF + (bias ? outF : 0);
    this.flops += inF * outF + (bias && this.convention === 'mult-adds' ? outF : 0);
  }

  /** Adds an externally estimated cost (operator cost hints). */
  add(params: number, flops: number): void {
    this.params += params;
    this.flops += flops;
  }

  result(): CellCost {
    return { params_M: this.params / 1e6, flops_M: this.flops / 1e6 };
  }
}

export interface ConvOpts {
  stride?: number | [number, number];
  padding?: number | [number, number];
  dilation?: number;
  groups?: number;
  bias?: boolean;
}

function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

export function elems(x: Shape): number {
  return x.c * x.h * x.w;
}

/**
 * Optional cost hint of a NEW operator (declared in a custom space), as a conv-like layer applied
 * at C channels in and out: params = perChannelSq*C^2 + perChannel*C; FLOPs = params * outH*outW
 * (every weight used once per output pixel). `like` instead borrows the cost model of a known operator.
 */
export interface OpCostHint {
  like?: string;
  perChannelSq?: number;
  perChannel?: number;
}

/**
 * Cost model of one operator applied to a C-channel map: returns the output shape, or undefined when
 * the operator has no known model. Covers every operator of the built-in vocabularies (including the
 * non-DARTS sep_conv_7x7 / conv_7x1_1x7 of NASNet-style genotypes) with their reference implementations.
 */
export function applyOp(
  counter: CostCounter,
  name: string,
  x: Shape,
  stride = 1,
  hint?: OpCostHint,
): Shape | undefined {
  const c = x.c;
  switch (name) {
    case 'none':
      // NB201/DARTS Zero: no module; output has the strided shape.
      return stride === 1 ? x : { c, h: Math.ceil(x.h / stride), w: Math.ceil(x.w / stride) };
    case 'skip_connect':
      return stride === 1 ? x : factorizedReduce(counter, x, c);
    case 'avg_pool_3x3':
    case 'max_pool_3x3':
    case 'maxpool3x3':
      return counter.pool(x, 3, stride, 1);
    case 'nor_conv_1x1':
    case 'nor_conv_3x3': {
      // NB201 ReLUConvBN: ReLU, Conv(bias=False), BN(affine).
      const k = name === 'nor_conv_1x1' ? 1 : 3;
      const y = counter.conv(counter.relu(x), c, k, { stride, padding: (k - 1) / 2 });
      return counter.bn(y);
    }
    case 'conv3x3-bn-relu':
    case 'conv1x1-bn-relu': {
      // NB101: Conv(bias=False), BN, ReLU.
      const k = name === 'conv1x1-bn-relu' ? 1 : 3;
      return counter.relu(counter.bn(counter.conv(x, c, k, { stride, padding: (k - 1) / 2 })));
    }
    case 'sep_conv_3x3':
    case 'sep_conv_5x5':
    case 'sep_conv_7x7': {
      const k = Number(name.slice(-1));
      const p = (k - 1) / 2;
      let y = counter.relu(x);
      y = counter.conv(y, c, k, { stride, padding: p, groups: c });
      y = counter.bn(counter.conv(y, c, 1));
      y = counter.relu(y);
      y = counter.conv(y, c, k, { padding: p, groups: c });
      return counter.bn(counter.conv(y, c, 1));
    }
    case 'dil_conv_3x3':
    case 'dil_conv_5x5': {
      const k = Number(name.slice(-1));
      let y = counter.relu(x);
      y = counter.conv(y, c, k, { stride, padding: k - 1, dilation: 2, groups: c });
      return counter.bn(counter.conv(y, c, 1));
    }
    case 'conv_7x1_1x7': {
      let y = counter.relu(x);
      y = counter.conv(y, c, [1, 7], { stride: [1, stride], padding: [0, 3] });
      y = counter.conv(y, c, [7, 1], { stride: [stride, 1], padding: [3, 0] });
      return counter.bn(y);
    }
    default: {
      if (!hint) return undefined;
      if (hint.like) return applyOp(counter, hint.like, x, stride);
      if (hint.perChannelSq === undefined && hint.perChannel === undefined) return undefined;
      const h = Math.ceil(x.h / stride);
      const w = Math.ceil(x.w / stride);
      const p = (hint.perChannelSq ?? 0) * c * c + (hint.perChannel ?? 0) * c;
      counter.add(p, p * h * w);
      return { c, h, w };
    }
  }
}

/** DARTS FactorizedReduce: ReLU, two 1x1 stride-2 convs (C/2 each, the second shifted by one pixel), concat, BN. */
export function factorizedReduce(counter: CostCounter, x: Shape, cout: number): Shape {
  const r = counter.relu(x);
  const a = counter.conv(r, Math.floor(cout / 2), 1, { stride: 2 });
  counter.conv({ c: x.c, h: x.h - 1, w: x.w - 1 }, Math.floor(cout / 2), 1, { stride: 2 });
  return counter.bn({ c: cout, h: a.h, w: a.w });
}

/** ReLU-Conv-BN as DARTS's preprocessing and NB201's reduction block use it. */
export function reluConvBn(counter: CostCounter, x: Shape, cout: number, k: number, stride = 1, padding = 0): Shape {
  return counter.bn(counter.conv(counter.relu(x), cout, k, { stride, padding }));
}
