/**
 * Operator vocabularies of the built-in spaces, with the description sentences the
 * encoder embeds. The sentences are part of every trained model: change one and the
 * models must be retrained (their cards record the sentence set's hash).
 *
 * Style: the paper's "short" set, written once per operator in plain words, with
 * "3 by 3" spelling everywhere so that equal operators in different spaces get equal
 * text and therefore equal embeddings (that is what lets NB101 training transfer to
 * NB201). The reference code's NB201 mislabel (average pooling described as max
 * pooling) is not repeated.
 */
import type { Operator } from '../types';

export const INPUT: Operator = { name: 'input', description: 'Input', kind: 'io' };
export const OUTPUT: Operator = { name: 'output', description: 'Output', kind: 'io' };

export const NB201_OPS: readonly Operator[] = [
  { name: 'none', description: 'None', kind: 'none' },
  { name: 'skip_connect', description: 'Residual connection', kind: 'skip' },
  { name: 'nor_conv_1x1', description: 'Convolution 1 by 1', kind: 'conv' },
  { name: 'nor_conv_3x3', description: 'Convolution 3 by 3', kind: 'conv' },
  { name: 'avg_pool_3x3', description: 'Average pooling 3 by 3', kind: 'pool' },
];

/** TransNAS-Bench-101 micro: NB201 topology, four operators (no pooling). Same ops, same sentences. */
export const TNB101_OPS: readonly Operator[] = NB201_OPS.filter((o) => o.name !== 'avg_pool_3x3');

export const DARTS_OPS: readonly Operator[] = [
  { name: 'none', description: 'None', kind: 'none' },
  { name: 'max_pool_3x3', description: 'Max pooling 3 by 3', kind: 'pool' },
  { name: 'avg_pool_3x3', description: 'Average pooling 3 by 3', kind: 'pool' },
  { name: 'skip_connect', description: 'Residual connection', kind: 'skip' },
  { name: 'sep_conv_3x3', description: 'Depthwise separable convolution 3 by 3', kind: 'conv' },
  { name: 'sep_conv_5x5', description: 'Depthwise separable convolution 5 by 5', kind: 'conv' },
  { name: 'dil_conv_3x3', description: 'Dilated convolution 3 by 3', kind: 'conv' },
  { name: 'dil_conv_5x5', description: 'Dilated convolution 5 by 5', kind: 'conv' },
];

export const NB101_OPS: readonly Operator[] = [
  { name: 'conv3x3-bn-relu', description: 'Convolution 3 by 3', kind: 'conv' },
  { name: 'conv1x1-bn-relu', description: 'Convolution 1 by 1', kind: 'conv' },
  { name: 'maxpool3x3', description: 'Max pooling 3 by 3', kind: 'pool' },
];

/** Every operator of the built-in spaces by name (first definition wins; equal names have equal sentences). */
export function builtinOperators(): Map<string, Operator> {
  const map = new Map<string, Operator>();
  for (const op of [INPUT, OUTPUT, ...NB201_OPS, ...DARTS_OPS, ...NB101_OPS]) {
    if (!map.has(op.name)) map.set(op.name, op);
  }
  return map;
}
