/**
 * Degenerate cells: no parametric operator on any input→output path, or an output no path
 * reaches. Trained networks of such cells are among the worst of their space (the all-skip NB201
 * cell: 54.3 % on CIFAR-10, bottom 1 %), so every shipped model must rank them in the bottom 2 %
 * of the space's reference sample. The model learns this from its cost inputs (live params,
 * parametric flags); nothing special-cases these cells. The test and `npm run bench:proxy` use
 * this list.
 */
import type { Cell, DartsPairs } from '../types';

export interface DegenerateCell {
  /** Built-in space id. */
  space: string;
  name: string;
  cell: Cell;
}

const nb201 = (op: string): Cell => ({ kind: 'nb201', ops: Array(6).fill(op) });
const darts = (op: string): DartsPairs => [[op, 0], [op, 1], [op, 0], [op, 1], [op, 0], [op, 1], [op, 0], [op, 1]];

export const DEGENERATE_CELLS: readonly DegenerateCell[] = [
  { space: 'nb201', name: 'all skip_connect', cell: nb201('skip_connect') },
  { space: 'nb201', name: 'all avg_pool_3x3', cell: nb201('avg_pool_3x3') },
  { space: 'nb201', name: 'all none', cell: nb201('none') },
  // Convolutions on (0>1), (0>2), (1>2) but every edge into node 3 is none: the output is cut off.
  { space: 'nb201', name: 'disconnected (convs, output unreachable)', cell: { kind: 'nb201', ops: ['nor_conv_3x3', 'nor_conv_3x3', 'nor_conv_3x3', 'none', 'none', 'none'] } },
  { space: 'darts', name: 'all skip_connect', cell: { kind: 'darts', normal: darts('skip_connect'), normalConcat: [2, 3, 4, 5], reduce: darts('skip_connect'), reduceConcat: [2, 3, 4, 5] } },
  { space: 'darts', name: 'all max_pool_3x3', cell: { kind: 'darts', normal: darts('max_pool_3x3'), normalConcat: [2, 3, 4, 5], reduce: darts('max_pool_3x3'), reduceConcat: [2, 3, 4, 5] } },
  { space: 'darts', name: 'all avg_pool_3x3', cell: { kind: 'darts', normal: darts('avg_pool_3x3'), normalConcat: [2, 3, 4, 5], reduce: darts('avg_pool_3x3'), reduceConcat: [2, 3, 4, 5] } },
  { space: 'nb101', name: 'max pool only', cell: { kind: 'nb101', matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: ['input', 'maxpool3x3', 'output'] } },
  {
    space: 'nb101',
    name: 'three max pools',
    cell: { kind: 'nb101', matrix: [[0, 1, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]], ops: ['input', 'maxpool3x3', 'maxpool3x3', 'maxpool3x3', 'output'] },
  },
];
