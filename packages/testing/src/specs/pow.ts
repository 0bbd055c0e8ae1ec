import { pow } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** aᵇ with a tensor exponent, broadcast; the base is sampled positive. */
export const powSpec = defineSpec({
  op: 'pow',
  kind: 'primitive',
  call: (a, b) => pow(a, b),
  shapes: BINARY_SHAPES,
  domain: ['positive', 'any'],
  secondOrder: true,
  scalar: (a, b) => a ** b,
  derivative: (a, b) => [b * a ** (b - 1), a ** b * Math.log(a)],
  reference: [
    {
      name: 'pow([2, 3, 0.5], [3, -1, 0.5]) (NumPy)',
      inputs: [
        [2, 3, 0.5],
        [3, -1, 0.5],
      ],
      expected: [8, 0.3333333333333333, Math.SQRT1_2],
      grads: [
        [12, -0.1111111111111111, Math.SQRT1_2],
        [5.545177444479562, 0.3662040962227032, -0.4901290717342736],
      ],
    },
  ],
  edge: [
    {
      name: 'pow(0, 2): the exponent gradient at a zero base is 0',
      inputs: [0, 2],
      expected: 0,
      grads: [0, 0],
    },
    { name: 'pow(0, 0.5)', inputs: [0, 0.5], expected: 0, grads: [Infinity, 0] },
    { name: 'pow(0, 0) = 1 has zero gradients (PyTorch)', inputs: [0, 0], expected: 1, grads: [0, 0] },
    {
      name: 'pow(-1e3, 2): the exponent gradient at a negative base is NaN (ln of a negative)',
      inputs: [-1e3, 2],
      expected: 1e6,
      grads: [-2e3, NaN],
    },
    { inputs: [1e3, 2], expected: 1e6, grads: [2e3, 6907755.278982137] },
    { name: 'pow(1e-300, 2) underflows to 0', inputs: [TINY, 2], expected: 0, grads: [2e-300, 0] },
  ],
});
