import { logSoftmax } from '@deltagrad/core';
import { lastAxisVjp } from '../dense';
import { defineSpec } from '../spec';
import { softmaxLast } from './softmax';

/** log softmax along the last axis: x − logSumExp(x), stable. */
export const logSoftmaxSpec = defineSpec({
  op: 'logSoftmax',
  kind: 'composite',
  call: (x) => logSoftmax(x),
  shapes: [[[3]], [[2, 3]], [[2, 3, 4]], [[3, 1]]],
  secondOrder: true,
  oracle: (x) => {
    const s = softmaxLast(x);
    return { data: Array.from(s.data, Math.log), shape: s.shape };
  },
  // ∂/∂x of log softmax: u − s·Σu along the row.
  vjpOracle: (u, x) => [
    lastAxisVjp(
      x,
      u,
      (row, up) => {
        const s = softmaxLast({ data: row, shape: [row.length] }).data;
        const total = up.reduce((acc, v) => acc + v, 0);
        return up.map((v, j) => v - s[j]! * total);
      },
      false,
    ),
  ],
  tolerance: { forward: { atol: 1e-14, rtol: 1e-12 } },
  reference: [
    {
      name: 'logSoftmax([1, 2, 3]) (NumPy)',
      inputs: [[1, 2, 3]],
      expected: [-2.40760596444438, -1.4076059644443801, -0.40760596444438013],
      grads: [[0.7299082804888586, 0.265814586835607, -0.9957228673244658]],
    },
  ],
  edge: [
    {
      name: 'logSoftmax([1000, 1001]) is stable',
      inputs: [[1000, 1001]],
      expected: [-1.3132616875182228, -0.31326168751822286],
      grads: [[0.4621171572600098, -0.4621171572600098]],
      // The exact values; x − lse loses ≈ ulp(1001) ≈ 1e-13 to rounding (NumPy prints -1.3132616875182066).
      tolerance: { atol: 1e-13 },
    },
    { inputs: [[0, 1e-300]], expected: [-Math.LN2, -Math.LN2], grads: [[0, 0]] },
    { name: 'logSoftmax([-1e3, 1e3])', inputs: [[-1e3, 1e3]], expected: [-2e3, 0], grads: [[1, -1]] },
  ],
});
