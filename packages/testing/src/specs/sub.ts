import { sub } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** a − b, broadcast. */
export const subSpec = defineSpec({
  op: 'sub',
  kind: 'primitive',
  call: (a, b) => sub(a, b),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: (a, b) => a - b,
  derivative: () => [1, -1],
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
        [-9, -18],
        [-7, -16],
      ],
      grads: [
        [
          [1, 1],
          [1, 1],
        ],
        [-2, -2],
      ],
    },
  ],
  edge: [
    { inputs: [0, 0], expected: 0, grads: [1, -1] },
    { inputs: [1e3, 1e3], expected: 0, grads: [1, -1] },
    { inputs: [-1e3, 1e3], expected: -2e3, grads: [1, -1] },
    { inputs: [TINY, TINY], expected: 0, grads: [1, -1] },
  ],
});
