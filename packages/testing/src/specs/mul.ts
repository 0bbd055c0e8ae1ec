import { mul } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** a ⊙ b, broadcast. */
export const mulSpec = defineSpec({
  op: 'mul',
  kind: 'primitive',
  call: (a, b) => mul(a, b),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: (a, b) => a * b,
  derivative: (a, b) => [b, a],
  reference: [
    {
      inputs: [
        [
          [1, 2],
          [3, 4],
        ],
        [10, 20],
      ],
      expected: [
        [10, 40],
        [30, 80],
      ],
      grads: [
        [
          [10, 20],
          [10, 20],
        ],
        [4, 6],
      ],
    },
  ],
  edge: [
    { inputs: [0, 1e3], expected: 0, grads: [1e3, 0] },
    { inputs: [1e3, -1e3], expected: -1e6, grads: [-1e3, 1e3] },
    { name: 'mul(1e-300, 1e-300) underflows to 0', inputs: [TINY, TINY], expected: 0, grads: [TINY, TINY] },
  ],
});
