/**
 * Description sentences of the operators of the extra labelled spaces (NAS-Bench-Macro,
 * Accel-NASBench, MetaQNN, deep ResNets, NAAP-440, NAS-Bench-Graph, TransNAS-Bench-101 macro,
 * NAS-Bench-MR, ViT-Bench-101 PiT).
 *
 * Same style as spaces/vocabulary.ts: short plain words, "3 by 3" spelling, and one sentence
 * builder per operator family so that the same operator gets the same text in every space
 * (an identity layer is "Residual connection" as NB201's skip_connect; a max pooling 3 by 3 is
 * "Max pooling 3 by 3" plus its stride). The sentences are part of every trained model.
 */
import type { Operator } from '../types';
import { INPUT, OUTPUT, NB201_OPS } from '../spaces/vocabulary';

/** NB201's identity sentence: every plain identity layer in any space uses it. */
export const IDENTITY: Operator = { ...NB201_OPS.find((o) => o.name === 'skip_connect')!, name: 'identity' };

/** MobileNetV2 / MBConv inverted residual block. `residual` only where the block's shape is unchanged. */
export function mbconvOp(o: { expansion: number; kernel: number; stride: number; se: boolean; residual: boolean }): Operator {
  const parts = [
    o.expansion === 1 ? 'no expansion' : `1 by 1 expansion by ${o.expansion}`,
    `depthwise convolution ${o.kernel} by ${o.kernel}${o.stride > 1 ? ` with stride ${o.stride}` : ''}`,
  ];
  if (o.se) parts.push('squeeze-excitation');
  parts.push('1 by 1 projection');
  if (o.residual) parts.push('residual add');
  return {
    name: `mbconv-e${o.expansion}-k${o.kernel}-s${o.stride}${o.se ? '-se' : ''}${o.residual ? '-res' : ''}`,
    description: `MobileNetV2 inverted residual block: ${parts.join(', ')}`,
    kind: 'conv',
  };
}

/**
 * Plain convolution. Without extras it is the NB101/NB201 "Convolution k by k" (conv-BN-ReLU);
 * filters, stride and a residual add are appended when the space varies them.
 */
export function convOp(o: { kernel: number; filters?: number; stride?: number; residual?: boolean; bn?: boolean }): Operator {
  let d = `Convolution ${o.kernel} by ${o.kernel}`;
  const extras: string[] = [];
  if (o.filters !== undefined) extras.push(`${o.filters} filters`);
  if (o.stride !== undefined && o.stride > 1) extras.push(`stride ${o.stride}`);
  if (extras.length) d += ` with ${extras.join(' and ')}`;
  if (o.bn === false) d += ', no Batchnorm';
  if (o.residual) d += ', residual add';
  return {
    name: `conv-k${o.kernel}${o.filters !== undefined ? `-f${o.filters}` : ''}${(o.stride ?? 1) > 1 ? `-s${o.stride}` : ''}${o.bn === false ? '-nobn' : ''}${o.residual ? '-res' : ''}`,
    description: d,
    kind: 'conv',
  };
}

/** 1x1 convolution + BN used as a downsampling shortcut (NAS-Bench-Macro's identity at a stride-2 position). */
export function downsampleOp(stride: number): Operator {
  return { name: `downsample-s${stride}`, description: `Convolution 1 by 1 with stride ${stride}, Batchnorm, no ReLU`, kind: 'conv' };
}

export function maxPoolOp(kernel: number, stride: number): Operator {
  return { name: `maxpool-k${kernel}-s${stride}`, description: `Max pooling ${kernel} by ${kernel} with stride ${stride}`, kind: 'pool' };
}

export function resBlockOp(o: { kernel: number; filters: number }): Operator {
  return {
    name: `resblock-k${o.kernel}-f${o.filters}`,
    description: `Residual block: three convolutions ${o.kernel} by ${o.kernel} with ${o.filters} filters, Batchnorm, ReLU, residual add`,
    kind: 'conv',
  };
}

export function fcOp(units?: number): Operator {
  return {
    name: units === undefined ? 'fc' : `fc-${units}`,
    description: units === undefined ? 'Fully connected layer' : `Fully connected layer with ${units} units`,
    kind: 'other',
  };
}

export const DROPOUT: Operator = { name: 'dropout', description: 'Dropout', kind: 'other' };
export const GLOBAL_AVG_POOL: Operator = { name: 'gap', description: 'Global average pooling', kind: 'pool' };

/**
 * ResNet basic block (two 3x3 conv-BN-ReLU, residual add; a 1x1 projection shortcut where the shape
 * changes), as one TransNAS-Bench-101 macro module: maybe strided, maybe doubling the channels.
 */
export function basicBlockOp(o: { stride: number; channelsDoubled: boolean }): Operator {
  const s2 = o.stride > 1 ? ` with stride ${o.stride}` : '';
  const c2 = o.channelsDoubled ? ', channels doubled' : '';
  return {
    name: `basic-s${o.stride}-c${o.channelsDoubled ? 2 : 1}`,
    description: `Residual basic block: two convolutions 3 by 3${s2}${c2}, Batchnorm, ReLU, residual add`,
    kind: 'conv',
  };
}

/** NAS-Bench-MR branch: a chain of `blocks` ResNet basic blocks with `filters` channels at 1/`resolution` of the input. */
export function basicBranchOp(o: { blocks: number; filters: number; resolution: number }): Operator {
  return {
    name: `mr-branch-b${o.blocks}-f${o.filters}-r${o.resolution}`,
    description:
      `Residual basic blocks: ${o.blocks} x two convolutions 3 by 3 with ${o.filters} filters, Batchnorm, ReLU, residual add ` +
      `at 1/${o.resolution} resolution`,
    kind: 'conv',
  };
}

/** NAS-Bench-MR fusion between the branches of a module (HRNet-style exchange between neighbouring resolutions). */
export const MR_FUSION: Operator = {
  name: 'mr-fusion',
  description: 'Multi-resolution fusion: strided convolutions 3 by 3 down, convolution 1 by 1 and upsampling up, summed',
  kind: 'other',
};

/** PiT patch embedding (Auto-Prox configs: PATCH_SIZE 16, PIT.STRIDE 8). */
export const PIT_PATCH_EMBEDDING: Operator = {
  name: 'patch-embed-k16-s8',
  description: 'Patch embedding: convolution 16 by 16 with stride 8',
  kind: 'other',
};

/** Transformer multi-head self-attention; `width` (the token width) only where a space wants it in the text. */
export function attentionOp(o: { heads: number; width?: number }): Operator {
  return {
    name: `mhsa-h${o.heads}${o.width !== undefined ? `-w${o.width}` : ''}`,
    description: `Multi-head self-attention with ${o.heads} heads${o.width !== undefined ? ` of width ${o.width}` : ''}`,
    kind: 'other',
  };
}

/** Transformer feed-forward block (two linear layers, hidden width = expansion x token width). */
export function transformerMlpOp(expansion: number): Operator {
  return { name: `tmlp-e${expansion}`, description: `Transformer MLP with expansion by ${expansion}`, kind: 'other' };
}

/**
 * PiT pooling between stages: depthwise 3x3 conv with stride 2 whose output has `channelFactor`
 * times the input channels (PiT's next-stage width / this stage's width: 1, 2 or 4 in ViT-Bench-101).
 */
export function pitPoolOp(channelFactor: number): Operator {
  const c = channelFactor === 1 ? '' : channelFactor === 2 ? ', channels doubled' : `, channels multiplied by ${channelFactor}`;
  return { name: `pit-pool-c${channelFactor}`, description: `PiT pooling: depthwise convolution 3 by 3 with stride 2${c}`, kind: 'pool' };
}

/** NAS-Bench-Graph operators (graph neural network layers). `skip` is the identity. */
export const NBGRAPH_OPS: Readonly<Record<string, Operator>> = {
  gat: { name: 'gat', description: 'Graph attention layer with 2 heads', kind: 'other' },
  gcn: { name: 'gcn', description: 'Graph convolution layer', kind: 'other' },
  gin: { name: 'gin', description: 'Graph isomorphism network layer', kind: 'other' },
  cheb: { name: 'cheb', description: 'Chebyshev spectral graph convolution layer', kind: 'other' },
  sage: { name: 'sage', description: 'GraphSAGE mean aggregation layer', kind: 'other' },
  arma: { name: 'arma', description: 'ARMA graph convolution layer', kind: 'other' },
  graph: { name: 'graph', description: 'k-GNN graph convolution layer', kind: 'other' },
  fc: fcOp(),
  skip: { ...IDENTITY, name: 'skip' },
};

/** Collects operators by name; a name with two different sentences is a bug in a loader. */
export class OperatorSet {
  readonly byName = new Map<string, Operator>([
    [INPUT.name, INPUT],
    [OUTPUT.name, OUTPUT],
  ]);

  add(op: Operator): string {
    const old = this.byName.get(op.name);
    if (old && old.description !== op.description) {
      throw new Error(`operator '${op.name}' described twice: '${old.description}' vs '${op.description}'`);
    }
    if (!old) this.byName.set(op.name, op);
    return op.name;
  }

  addAll(ops: readonly Operator[]): void {
    for (const o of ops) this.add(o);
  }
}
