import { exp } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** eˣ. */
export const expSpec = defineSpec({
  op: 'exp',
  kind: 'primitive',
  call: (x) => exp(x),
  shapes: UNARY_SHAPES,
  secondOrder: true,
  scalar: Math.exp,
  derivative: (x) => [Math.exp(x)],
  reference: [
    {
      name: 'exp([-1, 0.5, 2]) (NumPy)',
      inputs: [[-1, 0.5, 2]],
      expected: [0.36787944117144233, 1.6487212707001282, 7.38905609893065],
      grads: [[0.36787944117144233, 1.6487212707001282, 7.38905609893065]],
    },
  ],
  edge: [
    { inputs: [0], expected: 1, grads: [1] },
    { name: 'exp(1e3) overflows to Infinity', inputs: [1e3], expected: Infinity, grads: [Infinity] },
    { inputs: [-1e3], expected: 0, grads: [0] },
    { inputs: [TINY], expected: 1, grads: [1] },
  ],
});
