import { softmax } from '@deltagrad/core';
import { type Dense, lastAxisVjp, reduce, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** softmax over the last axis, by plain loops: exp(x − max) / Σ exp(x − max). */
export function softmaxLast(x: Dense): Dense {
  const last = [x.shape.length - 1];
  const m = reduce(x, last, true, Math.max, -Infinity);
  const e = tabulate(x.shape, (index) =>
    Math.exp(x.data[flat(index, x.shape)]! - m.data[flat(index.slice(0, -1), m.shape.slice(0, -1))]!),
  );
  const s = reduce(e, last, true, (a, v) => a + v, 0);
  return tabulate(
    x.shape,
    (index) => e.data[flat(index, x.shape)]! / s.data[flat(index.slice(0, -1), s.shape.slice(0, -1))]!,
  );
}

function flat(index: readonly number[], shape: readonly number[]): number {
  return index.reduce((f, k, i) => f * shape[i]! + k, 0);
}

/** softmax along the last axis, stable for large inputs. */
export const softmaxSpec = defineSpec({
  op: 'softmax',
  kind: 'composite',
  call: (x) => softmax(x),
  shapes: [[[3]], [[2, 3]], [[2, 3, 4]], [[3, 1]]],
  secondOrder: true,
  oracle: softmaxLast,
  // ∂/∂x of softmax: s ⊙ (u − Σ u·s) along the row.
  vjpOracle: (u, x) => [
    lastAxisVjp(
      x,
      u,
      (row, up) => {
        const s = softmaxLast({ data: row, shape: [row.length] }).data;
        const dot = up.reduce((acc, v, j) => acc + v * s[j]!, 0);
        return up.map((v, j) => s[j]! * (v - dot));
      },
      false,
    ),
  ],
  reference: [
    {
      name: 'softmax([1, 2, 3]) (NumPy)',
      inputs: [[1, 2, 3]],
      expected: [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
      upstream: [1, 0, 0],
      grads: [[0.08192506906499324, -0.022033044520174298, -0.059892024544818935]],
    },
    {
      name: 'softmax over axis 0',
      call: (x) => softmax(x, 0),
      inputs: [[[0], [Math.LN2]]],
      expected: [[1 / 3], [2 / 3]],
    },
  ],
  edge: [
    {
      name: 'softmax([1000, 1001]) is stable',
      inputs: [[1000, 1001]],
      expected: [0.2689414213699951, 0.7310585786300049],
      upstream: [1, 0],
      grads: [[0.19661193324148185, -0.19661193324148185]],
    },
    {
      name: 'softmax([-1e3, 1e3])',
      inputs: [[-1e3, 1e3]],
      expected: [0, 1],
      upstream: [1, 0],
      grads: [[0, 0]],
    },
    {
      name: 'softmax([-Infinity, 0])',
      inputs: [[-Infinity, 0]],
      expected: [0, 1],
      upstream: [0, 1],
      grads: [[0, 0]],
    },
    { inputs: [[1e-300, 0]], expected: [0.5, 0.5], upstream: [1, 0], grads: [[0.25, -0.25]] },
  ],
});
