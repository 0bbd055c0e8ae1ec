import { sigmoid } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** σ(x) = 1 / (1 + e⁻ˣ). */
export const sigmoidSpec = defineSpec({
  op: 'sigmoid',
  kind: 'primitive',
  call: (x) => sigmoid(x),
  shapes: UNARY_SHAPES,
  secondOrder: true,
  scalar: (x) => 1 / (1 + Math.exp(-x)),
  derivative: (x) => [Math.exp(-x) / (1 + Math.exp(-x)) ** 2],
  reference: [
    {
      name: 'sigmoid([-1, 0, 2]) (NumPy)',
      inputs: [[-1, 0, 2]],
      expected: [0.2689414213699951, 0.5, 0.8807970779778823],
      grads: [[0.19661193324148185, 0.25, 0.10499358540350662]],
    },
  ],
  edge: [
    { inputs: [0], expected: 0.5, grads: [0.25] },
    { inputs: [1e3], expected: 1, grads: [0] },
    { name: 'sigmoid(-1e3) = 0 with gradient 0, not NaN', inputs: [-1e3], expected: 0, grads: [0] },
    {
      name: 'saturated at ±1e3, an upstream gradient of ±∞ or NaN gives 0, not NaN',
      inputs: [[1e3, -1e3, 1e3]],
      upstream: [Infinity, -Infinity, NaN],
      expected: [1, 0, 1],
      grads: [[0, 0, 0]],
    },
    { inputs: [TINY], expected: 0.5, grads: [0.25] },
    // NaN propagates, yet a zero upstream gradient still gives exactly 0 (mulNoNan in the VJP).
    { name: 'sigmoid(NaN) is NaN', inputs: [NaN], expected: NaN, grads: [NaN] },
  ],
});
