/** Class indices: from scores (`argmax`) and to indicator rows (`oneHot`). */
import { Tensor } from '@deltagrad/core';
import { fmtShape, fmtValue, NnError } from './errors';
import { anyInteger, integer } from './validate';

function checkTensor(where: string, name: string, t: unknown): Tensor {
  if (!(t instanceof Tensor))
    throw new NnError('INVALID_OPTION', `${where}: ${name} must be a Tensor, got ${fmtValue(t)}`);
  return t;
}

/**
 * The index of the largest value along `axis` (default the last), as a tensor without that
 * axis (NumPy's `argmax`): the predicted class of each row of scores, logits or probabilities.
 * Ties go to the first index; a NaN counts as the largest (the first NaN wins), as in NumPy.
 * Not differentiable (a tensor of indices, no graph).
 *
 * @throws {@link NnError} `INVALID_OPTION` for an axis out of range; `SHAPE_MISMATCH` for a
 *   0-d tensor or an empty axis.
 *
 * @example
 * ```ts
 * argmax(tensor([[0.1, 2, -1], [3, 0, 3]])).toArray(); // [1, 0]
 * ```
 */
export function argmax(t: Tensor, axis = -1): Tensor {
  checkTensor('argmax', 'the input', t);
  if (t.rank === 0) throw new NnError('SHAPE_MISMATCH', 'argmax: the input is 0-d; it has no axis to reduce');
  anyInteger('argmax', 'axis', axis);
  if (axis < -t.rank || axis >= t.rank) {
    throw new NnError(
      'INVALID_OPTION',
      `argmax: option axis ${axis} is out of range for shape ${fmtShape(t.shape)} (rank ${t.rank})`,
    );
  }
  const a = axis < 0 ? axis + t.rank : axis;
  const len = t.shape[a]!;
  if (len === 0)
    throw new NnError('SHAPE_MISMATCH', `argmax: axis ${axis} of shape ${fmtShape(t.shape)} is empty`);
  let inner = 1;
  for (let d = a + 1; d < t.rank; d++) inner *= t.shape[d]!;
  const outer = t.size / (len * inner);
  const out = new Float64Array(outer * inner);
  const data = t.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = 0;
      let bestValue = data[base]!;
      for (let k = 1; k < len && !Number.isNaN(bestValue); k++) {
        const v = data[base + k * inner]!;
        if (v > bestValue || Number.isNaN(v)) {
          best = k;
          bestValue = v;
        }
      }
      out[o * inner + i] = best;
    }
  }
  return new Tensor(
    out,
    t.shape.filter((_, d) => d !== a),
  );
}

/**
 * @internal The class indices in `labels` (shape [n] or [n, 1]) as integers, each checked to
 * be in [0, classes) (any non-negative integer when `classes` is null).
 */
export function classIndices(
  where: string,
  name: string,
  labels: unknown,
  classes: number | null,
): Int32Array {
  const t = checkTensor(where, name, labels);
  if (!(t.rank === 1 || (t.rank === 2 && t.shape[1] === 1))) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: ${name} must be class indices of shape [n] or [n, 1], got ${fmtShape(t.shape)}`,
    );
  }
  const out = new Int32Array(t.size);
  for (let i = 0; i < out.length; i++) {
    const k = t.data[i]!;
    if (!Number.isInteger(k) || k < 0 || (classes !== null && k >= classes) || k >= 2 ** 31) {
      throw new NnError(
        'INVALID_OPTION',
        `${where}: ${name}[${i}] = ${fmtValue(k)} is not a class index${classes === null ? ' (an integer >= 0)' : ` in [0, ${classes})`}`,
      );
    }
    out[i] = k;
  }
  return out;
}

/**
 * Indicator rows for class indices: row i has a 1 in column labels[i] and 0 elsewhere (PyTorch's
 * `one_hot`). `labels` has shape [n] or [n, 1]; the result has shape [n, classes]. Losses take
 * the indices directly (`crossEntropy`); this is for targets of `mse` and the like.
 *
 * @throws {@link NnError} `INVALID_OPTION` for a label that is not an integer in [0, classes) or
 *   a bad `classes`; `SHAPE_MISMATCH` for labels of another shape.
 *
 * @example
 * ```ts
 * oneHot(tensor([2, 0]), 3).toNested(); // [[0, 0, 1], [1, 0, 0]]
 * ```
 */
export function oneHot(labels: Tensor, classes: number): Tensor {
  const k = integer('oneHot', 'classes', classes, 1);
  const idx = classIndices('oneHot', 'labels', labels, k);
  const out = new Float64Array(idx.length * k);
  for (let i = 0; i < idx.length; i++) out[i * k + idx[i]!] = 1;
  return new Tensor(out, [idx.length, k]);
}
