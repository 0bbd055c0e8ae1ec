import { powScalar } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** xᵖ for a constant exponent: p = 3 on the generic checks, other exponents in the cases. */
export const powScalarSpec = defineSpec({
  op: 'powScalar',
  kind: 'primitive',
  call: (x) => powScalar(x, 3),
  shapes: UNARY_SHAPES,
  secondOrder: true,
  scalar: (x) => x ** 3,
  derivative: (x) => [3 * x ** 2],
  reference: [
    { inputs: [[-2, 0.5, 3]], expected: [-8, 0.125, 27], grads: [[12, 0.75, 27]] },
    {
      name: 'x^2 (the fast path)',
      call: (x) => powScalar(x, 2),
      inputs: [[-3, 0.5]],
      expected: [9, 0.25],
      grads: [[-6, 1]],
    },
    {
      name: 'x^0.5',
      call: (x) => powScalar(x, 0.5),
      inputs: [[4, 0.25]],
      expected: [2, 0.5],
      grads: [[0.25, 1]],
    },
    {
      name: 'x^-1',
      call: (x) => powScalar(x, -1),
      inputs: [[2, -4]],
      expected: [0.5, -0.25],
      grads: [[-0.25, -0.0625]],
    },
  ],
  edge: [
    { inputs: [0], expected: 0, grads: [0] },
    { inputs: [1e3], expected: 1e9, grads: [3e6] },
    { inputs: [-1e3], expected: -1e9, grads: [3e6] },
    { inputs: [TINY], expected: 0, grads: [0] },
    {
      name: 'powScalar(0, 0.5)',
      call: (x) => powScalar(x, 0.5),
      inputs: [0],
      expected: 0,
      grads: [Infinity],
    },
    {
      name: 'powScalar(0, -1)',
      call: (x) => powScalar(x, -1),
      inputs: [0],
      expected: Infinity,
      grads: [-Infinity],
    },
    {
      name: 'powScalar(0, 0) = 1 has gradient 0 (PyTorch)',
      call: (x) => powScalar(x, 0),
      inputs: [0],
      expected: 1,
      grads: [0],
    },
  ],
});
