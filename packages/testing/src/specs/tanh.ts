import { tanh } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** tanh x. */
export const tanhSpec = defineSpec({
  op: 'tanh',
  kind: 'primitive',
  call: (x) => tanh(x),
  shapes: UNARY_SHAPES,
  secondOrder: true,
  scalar: Math.tanh,
  derivative: (x) => [1 / Math.cosh(x) ** 2],
  reference: [
    {
      name: 'tanh([-1, 0.5, 2]) (NumPy)',
      inputs: [[-1, 0.5, 2]],
      expected: [-0.7615941559557649, 0.46211715726000974, 0.9640275800758169],
      grads: [[0.41997434161402614, 0.7864477329659274, 0.07065082485316443]],
      tolerance: { atol: 1e-15 },
    },
  ],
  edge: [
    { inputs: [0], expected: 0, grads: [1] },
    { inputs: [1e3], expected: 1, grads: [0] },
    { inputs: [-1e3], expected: -1, grads: [0] },
    {
      name: 'saturated at ±1e3, an upstream gradient of ±∞ or NaN gives 0, not NaN',
      inputs: [[1e3, -1e3, 1e3]],
      upstream: [Infinity, -Infinity, NaN],
      expected: [1, -1, 1],
      grads: [[0, 0, 0]],
    },
    { inputs: [TINY], expected: TINY, grads: [1] },
    // NaN propagates, yet a zero upstream gradient still gives exactly 0 (mulNoNan in the VJP).
    { name: 'tanh(NaN) is NaN', inputs: [NaN], expected: NaN, grads: [NaN] },
  ],
});
