/**
 * Standardisation: shift and scale each feature to mean 0 and standard deviation 1, with the
 * statistics of the training rows only (scikit-learn's `StandardScaler`), so that nothing about
 * the test rows leaks into training.
 */
import { Tensor } from '@deltagrad/core';
import { fmtShape, NnError } from '../errors';

/** Per-feature statistics of the rows a {@link standardize} call saw, and their transforms. */
export interface Standardizer {
  /** The mean of each feature, shape [features]. */
  readonly mean: Float64Array;
  /**
   * The standard deviation of each feature (population: divided by n), shape [features]; a
   * constant feature gets 1, so it maps to 0 rather than to NaN.
   */
  readonly scale: Float64Array;
  /** (x − mean) / scale, column by column, for any number of rows. */
  transform(x: Tensor): Tensor;
  /** x · scale + mean: the inverse of `transform`. */
  inverse(x: Tensor): Tensor;
}

function checkRows(where: string, x: unknown, features: number | null): Tensor {
  if (!(x instanceof Tensor) || x.rank !== 2 || x.shape[0] === 0) {
    const got = x instanceof Tensor ? fmtShape(x.shape) : 'not a Tensor';
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: expected rows of shape [n, features] (n >= 1), got ${got}`,
    );
  }
  if (features !== null && x.shape[1] !== features) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: x has shape ${fmtShape(x.shape)}, but the standardizer was fitted on ${features} features`,
    );
  }
  return x;
}

/**
 * Fits a {@link Standardizer} on the rows of `x` (shape [n, features]): per column, the mean
 * (summed in row order, then divided by n) and the population standard deviation. Apply its
 * `transform` to the training rows and to every later input, test rows included.
 *
 * @throws {@link NnError} `SHAPE_MISMATCH` for anything but a non-empty [n, features] tensor,
 *   here and in `transform`/`inverse` (which also need the same number of features);
 *   `NON_FINITE` for a NaN or infinite value.
 *
 * @example
 * ```ts
 * const scaler = standardize(train.x);
 * const trainX = scaler.transform(train.x);
 * const testX = scaler.transform(test.x); // the training statistics, not the test's
 * ```
 */
export function standardize(x: Tensor): Standardizer {
  const rows = checkRows('standardize', x, null);
  const [n, f] = rows.shape as [number, number];
  const data = rows.data;
  const mean = new Float64Array(f);
  const scale = new Float64Array(f);
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) {
      throw new NnError(
        'NON_FINITE',
        `standardize: x[${Math.floor(k / f)}, ${k % f}] is ${data[k]}; the statistics would be NaN`,
      );
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j]! += data[i * f + j]!;
  for (let j = 0; j < f; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) {
      const d = data[i * f + j]! - mean[j]!;
      scale[j]! += d * d;
    }
  }
  for (let j = 0; j < f; j++) {
    const sd = Math.sqrt(scale[j]! / n);
    scale[j] = sd > 0 ? sd : 1;
  }
  const map = (where: string, input: Tensor, fn: (v: number, j: number) => number): Tensor => {
    const t = checkRows(where, input, f);
    const out = new Float64Array(t.size);
    for (let k = 0; k < out.length; k++) out[k] = fn(t.data[k]!, k % f);
    return new Tensor(out, [...t.shape]);
  };
  return {
    mean,
    scale,
    transform: (input) => map('standardize transform', input, (v, j) => (v - mean[j]!) / scale[j]!),
    inverse: (input) => map('standardize inverse', input, (v, j) => v * scale[j]! + mean[j]!),
  };
}
