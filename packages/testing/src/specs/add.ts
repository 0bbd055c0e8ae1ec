import { add } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** a + b, broadcast. */
export const addSpec = defineSpec({
  op: 'add',
  kind: 'primitive',
  call: (a, b) => add(a, b),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: (a, b) => a + b,
  derivative: () => [1, 1],
  reference: [
    {
      name: 'add(matrix, row) sums the row gradient over the broadcast axis',
      inputs: [
        [
          [1, 2],
          [3, 4],
        ],
        [10, 20],
      ],
      expected: [
        [11, 22],
        [13, 24],
      ],
      grads: [
        [
          [1, 1],
          [1, 1],
        ],
        [2, 2],
      ],
    },
  ],
  edge: [
    { inputs: [0, 0], expected: 0, grads: [1, 1] },
    { inputs: [1e3, -1e3], expected: 0, grads: [1, 1] },
    { inputs: [TINY, 0], expected: TINY, grads: [1, 1] },
    { inputs: [1e308, 1e308], expected: Infinity, grads: [1, 1] },
  ],
});
