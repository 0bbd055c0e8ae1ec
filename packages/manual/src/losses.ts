/**
 * The losses L(ŷ, Y) of a batch, and their gradients ∂L/∂ŷ with respect to the network's
 * output ŷ = a^(L). N below is the number of entries of Y (examples × output units).
 */
import { describeValue, ManualError } from './errors';
import { assertMatrix, isMatrix, type Matrix, shapeOf } from './matrix';

/**
 * The name of a loss:
 *
 * - `halfSSE`: L = ½ Σ (y − ŷ)², the loss of the seed's equations (its gradient is the seed's
 *   `d_a2 = -(y - a2)`);
 * - `mse`: L = (1/N) Σ (y − ŷ)², what the seed prints as "Loss";
 * - `bce`: L = −(1/N) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)], binary cross-entropy of a sigmoid output.
 */
export type Loss = 'halfSSE' | 'mse' | 'bce';

/** Every loss name. */
export const LOSSES: readonly Loss[] = Object.freeze(['halfSSE', 'mse', 'bce']);

/** The floor of each logarithm in `bce`'s value (as PyTorch's `binary_cross_entropy`). */
const LOG_FLOOR = -100;

/**
 * @internal Throws `INVALID_LOSS` unless `name` is one of {@link LOSSES}; `where` goes in the
 * message.
 */
export function assertLoss(name: unknown, where: string): asserts name is Loss {
  // Three comparisons rather than LOSSES.includes: lossValue checks its name every step.
  if (name !== 'halfSSE' && name !== 'mse' && name !== 'bce') notALoss(name, where);
}

/** The error of {@link assertLoss} (built apart from the check: see `assertMatrix`). */
function notALoss(name: unknown, where: string): never {
  throw new ManualError(
    'INVALID_LOSS',
    `${where} must be one of ${LOSSES.join(', ')}, got ${describeValue(name)}`,
  );
}

/** @internal Throws `SHAPE_MISMATCH` unless the prediction and the targets have the same shape. */
export function assertSameShape(where: string, yHat: Matrix, Y: Matrix): void {
  if (!isMatrix(yHat) || !isMatrix(Y) || yHat.rows !== Y.rows || yHat.cols !== Y.cols)
    shapesDiffer(where, yHat, Y);
}

/** The error of {@link assertSameShape}. */
function shapesDiffer(where: string, yHat: Matrix, Y: Matrix): void {
  if (!isMatrix(yHat)) assertMatrix(yHat, `${where}: yHat`);
  if (!isMatrix(Y)) assertMatrix(Y, `${where}: Y`);
  if (yHat.rows !== Y.rows || yHat.cols !== Y.cols) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `${where}: Y has shape ${shapeOf(Y)} but the prediction yHat has shape ${shapeOf(yHat)} (one row of targets per example, one column per output unit)`,
    );
  }
}

/**
 * The mean squared error (1/N) Σ (y − ŷ)², computed as the seed's `np.mean((y - a2) ** 2)`:
 * squares summed left to right, then divided by N. This is the number the seed prints as
 * "Loss"; its gradient is not the one the seed uses (that is `halfSSE`'s).
 *
 * @throws {@link ManualError} `SHAPE_MISMATCH` if `yHat` and `Y` differ in shape.
 *
 * @example
 * ```ts
 * meanSquaredError(fromRows([[0.5], [1]]), fromRows([[1], [1]])); // 0.125
 * ```
 */
export function meanSquaredError(yHat: Matrix, Y: Matrix): number {
  assertSameShape('meanSquaredError', yHat, Y);
  let s = 0;
  for (let i = 0; i < Y.data.length; i++) {
    const e = Y.data[i]! - yHat.data[i]!;
    s += e * e;
  }
  return s / Y.data.length;
}

/**
 * The value of the loss for the prediction ŷ = a^(L) and the targets Y (same shape):
 *
 * - halfSSE: L = ½ Σ (y − ŷ)²
 * - mse: L = (1/N) Σ (y − ŷ)²
 * - bce: L = −(1/N) Σ [y ln ŷ + (1 − y) ln(1 − ŷ)], each logarithm floored at −100 as PyTorch
 *   does, so ŷ = 0 or 1 gives a finite value
 *
 * @throws {@link ManualError} `INVALID_LOSS` for an unknown name; `SHAPE_MISMATCH` if `yHat`
 * and `Y` differ in shape.
 *
 * @example
 * ```ts
 * lossValue('halfSSE', fromRows([[0.5]]), fromRows([[1]])); // 0.125
 * ```
 */
export function lossValue(loss: Loss, yHat: Matrix, Y: Matrix): number {
  assertLoss(loss, 'lossValue: loss');
  assertSameShape('lossValue', yHat, Y);
  const y = Y.data;
  const p = yHat.data;
  const n = y.length;
  let s = 0;
  if (loss === 'bce') {
    for (let i = 0; i < n; i++) {
      const lnP = Math.max(Math.log(p[i]!), LOG_FLOOR);
      const lnQ = Math.max(Math.log(1 - p[i]!), LOG_FLOOR);
      s += -(y[i]! * lnP + (1 - y[i]!) * lnQ);
    }
    return s / n;
  }
  for (let i = 0; i < n; i++) {
    const e = y[i]! - p[i]!;
    s += e * e;
  }
  return loss === 'halfSSE' ? 0.5 * s : s / n;
}

/**
 * ∂L/∂ŷ, the gradient of the loss with respect to the output ŷ = a^(L), entry by entry:
 *
 * - halfSSE: ∂L/∂ŷ = −(y − ŷ) = ŷ − y, computed as the seed's `d_a2 = -(y - a2)`
 * - mse: ∂L/∂ŷ = (2/N)(ŷ − y)
 * - bce: ∂L/∂ŷ = (1/N)(ŷ − y) / (ŷ(1 − ŷ)) (of the unfloored formula)
 *
 * @throws {@link ManualError} `INVALID_LOSS` for an unknown name; `SHAPE_MISMATCH` if `yHat`
 * and `Y` differ in shape.
 *
 * @example
 * ```ts
 * lossGradient('halfSSE', fromRows([[0.5]]), fromRows([[1]])); // [[-0.5]]
 * ```
 */
export function lossGradient(loss: Loss, yHat: Matrix, Y: Matrix, into?: Matrix): Matrix {
  assertLoss(loss, 'lossGradient: loss');
  assertSameShape('lossGradient', yHat, Y);
  const y = Y.data;
  const p = yHat.data;
  const n = y.length;
  const g = into ? into.data : new Float64Array(n);
  if (g.length !== n) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `lossGradient: output matrix has ${g.length} entries, expected ${n}`,
    );
  }
  writeLossGradient(loss, p, y, g);
  return into ?? { rows: Y.rows, cols: Y.cols, data: g };
}

/**
 * @internal g ← ∂L/∂ŷ for predictions p and targets y (all of one length, the loss name
 * checked by the caller): one loop per loss, the formulas of {@link lossGradient}.
 */
export function writeLossGradient(loss: Loss, p: Float64Array, y: Float64Array, g: Float64Array): void {
  const n = y.length;
  if (loss === 'halfSSE') for (let i = 0; i < n; i++) g[i] = -(y[i]! - p[i]!);
  else if (loss === 'mse') for (let i = 0; i < n; i++) g[i] = (2 * (p[i]! - y[i]!)) / n;
  else for (let i = 0; i < n; i++) g[i] = (p[i]! - y[i]!) / (p[i]! * (1 - p[i]!)) / n;
}
