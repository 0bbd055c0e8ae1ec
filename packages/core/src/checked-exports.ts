/**
 * The shape helpers as the package exports them, with their arguments checked. The engine calls
 * the unchecked versions (shape.ts, backward.ts) on every op, with shapes it has validated.
 */
import { tensorArg } from './arguments';
import { sumTo as sumToUnchecked } from './backward';
import { DeltagradError, describeValue, fmtShape } from './errors';
import {
  assertShapeEntries,
  broadcastShapes as broadcastUnchecked,
  type Shape,
  sizeOf as sizeOfUnchecked,
} from './shape';
import type { Tensor } from './tensor';

/** Number of elements of a tensor of this shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  assertShapeEntries(shape, 'sizeOf');
  return sizeOfUnchecked(shape);
}

/**
 * NumPy's broadcasting rule: the shape two shapes broadcast to; `op` names the caller in the
 * `SHAPE_MISMATCH` error when they do not (or `TOO_LARGE` beyond the element budget).
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (typeof op !== 'string') {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `broadcastShapes: op must be a string, got ${describeValue(op)}`,
    );
  }
  assertShapeEntries(a, op, 'shape a');
  assertShapeEntries(b, op, 'shape b');
  return broadcastUnchecked(op, a, b);
}

/**
 * Sums a gradient `g` back to `shape`, a shape that broadcasts to `g`'s (how the engine undoes
 * broadcasting): `sumTo(ones([2, 3]), [3])` is `[2, 2, 2]`.
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  tensorArg(g, 'sumTo', 'g');
  assertShapeEntries(shape, 'sumTo');
  const lead = g.rank - shape.length;
  const broadcasts = lead >= 0 && shape.every((d, i) => d === 1 || d === g.shape[lead + i]);
  if (!broadcasts) {
    throw new DeltagradError(
      'SHAPE_MISMATCH',
      `sumTo: shape ${fmtShape(shape)} does not broadcast to the gradient's shape ${fmtShape(g.shape)}`,
    );
  }
  // A copy: the result may keep the shape array it is given, and this one is the caller's.
  return sumToUnchecked(g, [...shape]);
}
