import { logSumExp } from '@deltagrad/core';
import { lastAxisVjp } from '../dense';
import { defineSpec } from '../spec';
import { softmaxLast } from './softmax';

/** log Σ exp(x) over the last axis, stable (the max is subtracted first). */
export const logSumExpSpec = defineSpec({
  op: 'logSumExp',
  kind: 'composite',
  call: (x) => logSumExp(x),
  shapes: [[[3]], [[2, 3]], [[2, 3, 4]], [[3, 1]]],
  secondOrder: true,
  oracle: (x) => {
    // log Σ exp(x) = x_j − log softmax(x)_j for any j; take j = 0.
    const s = softmaxLast(x);
    const n = x.shape[x.shape.length - 1]!;
    const rows = x.data.length / n;
    return {
      data: Array.from({ length: rows }, (_, r) => x.data[r * n]! - Math.log(s.data[r * n]!)),
      shape: x.shape.slice(0, -1),
    };
  },
  // ∂/∂x of log Σ exp: u·softmax(x) along the row.
  vjpOracle: (u, x) => [
    lastAxisVjp(
      x,
      u,
      (row, [up]) => Array.from(softmaxLast({ data: row, shape: [row.length] }).data, (s) => up! * s),
      true,
    ),
  ],
  tolerance: { forward: { atol: 1e-14, rtol: 1e-12 } },
  reference: [
    {
      name: 'logSumExp([1, 2, 3]) (NumPy)',
      inputs: [[1, 2, 3]],
      expected: 3.40760596444438,
      grads: [[0.09003057317038046, 0.24472847105479764, 0.6652409557748218]],
    },
    {
      name: 'logSumExp over the last axis of a matrix (NumPy)',
      inputs: [
        [
          [0, 1, 2],
          [3, 3, 3],
        ],
      ],
      expected: [2.40760596444438, 4.09861228866811],
    },
    {
      name: 'over all axes, keepdims',
      call: (x) => logSumExp(x, [0, 1], true),
      inputs: [
        [
          [0, 0],
          [0, 0],
        ],
      ],
      expected: [[Math.log(4)]],
    },
  ],
  edge: [
    {
      name: 'logSumExp([1000, 1001]) is stable',
      inputs: [[1000, 1001]],
      expected: 1001.3132616875182,
      grads: [[0.2689414213699951, 0.7310585786300049]],
    },
    { inputs: [[1e3, -1e3]], expected: 1e3, grads: [[1, 0]] },
    { inputs: [[0, 1e-300]], expected: Math.LN2, grads: [[0.5, 0.5]] },
    { inputs: [[-1e3, -1e3]], expected: -999.3068528194401, grads: [[0.5, 0.5]] },
    { name: 'a -Infinity entry contributes nothing', inputs: [[-Infinity, 0]], expected: 0, grads: [[0, 1]] },
  ],
});
