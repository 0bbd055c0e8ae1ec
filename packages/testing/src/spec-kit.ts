/** Shared building blocks of the op specs: standard shape lists, kink margins, extreme values. */
import type { Avoid } from './spec';

/** The smallest magnitude edge points use (`1e-300`, far below float32 and still normal in float64). */
export const TINY = 1e-300;

/** Shape lists of a unary element-wise op: 0-d, a vector, a matrix, a 3-d tensor with a size-1 axis. */
export const UNARY_SHAPES: number[][][] = [[[]], [[3]], [[2, 3]], [[2, 1, 3]]];

/**
 * Shape lists of a binary element-wise op: same shapes, a row against a matrix (both ways),
 * an outer broadcast, 0-d with 0-d, and 0-d against a matrix.
 */
export const BINARY_SHAPES: number[][][] = [
  [
    [2, 3],
    [2, 3],
  ],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [
    [2, 1],
    [1, 3],
  ],
  [[], []],
  [[], [2, 3]],
];

/** Keeps sampled values 0.05 away from a kink at 0 (abs, relu, leakyRelu). */
export const KINK_AT_ZERO: Avoid = { points: [0], margin: 0.05 };
