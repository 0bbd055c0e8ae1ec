/** The dataset type every data function returns and `fit` takes, and row selection. */
import { Tensor } from '@deltagrad/core';
import { peekValues, tensorOver } from '@deltagrad/core/internal';
import { fmtShape, fmtValue, NnError } from '../errors';

/**
 * Inputs and targets, one example per row: `x` of shape [n, features], `y` of shape
 * [n, outputs] (regression targets, 0/1 labels, or class indices in one column).
 */
export interface Dataset {
  x: Tensor;
  y: Tensor;
}

/**
 * Rows `rows` of a tensor of rank ≥ 1, as a new tensor that owns its values (no graph).
 *
 * @example
 * ```ts
 * takeRows(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]).toNested(); // [[5, 6], [1, 2]]
 * ```
 */
export function takeRows(t: Tensor, rows: readonly number[]): Tensor {
  const width = t.rank === 0 ? 1 : t.size / (t.shape[0] || 1);
  const out = new Float64Array(rows.length * width);
  const values = peekValues(t);
  rows.forEach((r, i) => {
    out.set(values.subarray(r * width, (r + 1) * width), i * width);
  });
  // Neither read nor made through `.data`/`new Tensor`: a batch starts unexposed (guard.ts in core).
  return tensorOver(out, [rows.length, ...t.shape.slice(1)]);
}

/** @internal Throws unless x and y are tensors with the same number of rows (at least one). */
export function checkDataset(where: string, data: unknown, name = 'data'): Dataset {
  const d = data as Dataset | undefined;
  if (!d || !(d.x instanceof Tensor) || !(d.y instanceof Tensor)) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: ${name} must be { x: Tensor, y: Tensor }, got ${fmtValue(data)}`,
    );
  }
  if (d.x.rank < 1 || d.y.rank < 1 || d.x.shape[0] !== d.y.shape[0] || d.x.shape[0] === 0) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: ${name}.x ${fmtShape(d.x.shape)} and ${name}.y ${fmtShape(d.y.shape)} need the same number of rows (at least 1)`,
    );
  }
  return d;
}

/** @internal A dataset from row-major x values and one target per row. */
export function fromRows(x: Float64Array, features: number, y: Float64Array): Dataset {
  return { x: tensorOver(x, [y.length, features]), y: tensorOver(y, [y.length, 1]) };
}

/** @internal Sizes of `parts` groups of `n` items, the first `n % parts` one larger (scikit-learn's rule). */
export function splitEvenly(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}

/**
 * @internal `count` evenly spaced values from `start` to `stop` inclusive, computed as NumPy's
 * `linspace`: `i · step + start` with `step = (stop − start) / (count − 1)`, the last one `stop`.
 */
export function linspace(start: number, stop: number, count: number): Float64Array {
  const out = new Float64Array(count);
  if (count === 1) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / (count - 1);
  for (let i = 0; i < count; i++) out[i] = i * step + start;
  out[count - 1] = stop;
  return out;
}
