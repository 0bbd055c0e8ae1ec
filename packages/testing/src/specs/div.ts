import { div } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** a / b, broadcast; the divisor is sampled away from 0. */
export const divSpec = defineSpec({
  op: 'div',
  kind: 'primitive',
  call: (a, b) => div(a, b),
  shapes: BINARY_SHAPES,
  domain: ['any', 'nonzero'],
  secondOrder: true,
  scalar: (a, b) => a / b,
  derivative: (a, b) => [1 / b, -a / (b * b)],
  reference: [
    {
      inputs: [
        [1, 2],
        [4, -0.5],
      ],
      expected: [0.25, -4],
      grads: [
        [0.25, -2],
        [-1 / 16, -8],
      ],
    },
  ],
  edge: [
    { inputs: [1, 0], expected: Infinity, grads: [Infinity, -Infinity] },
    {
      name: 'div(0, 0) is NaN with a NaN divisor gradient',
      inputs: [0, 0],
      expected: NaN,
      grads: [Infinity, NaN],
    },
    { inputs: [0, 1e3], expected: 0, grads: [1e-3, 0] },
    { inputs: [1e3, -1e3], expected: -1, grads: [-1e-3, -1e-3] },
    { inputs: [1, TINY], expected: 1e300, grads: [1e300, -Infinity] },
  ],
});
