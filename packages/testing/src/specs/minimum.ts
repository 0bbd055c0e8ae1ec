import { minimum } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** Element-wise min(a, b), broadcast; a tie splits the gradient in half. */
export const minimumSpec = defineSpec({
  op: 'minimum',
  kind: 'primitive',
  call: (a, b) => minimum(a, b),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: Math.min,
  derivative: (a, b) => (a < b ? [1, 0] : a > b ? [0, 1] : [0.5, 0.5]),
  reference: [
    {
      inputs: [
        [1, 5, 3],
        [2, 4, 3],
      ],
      expected: [1, 4, 3],
      grads: [
        [1, 0, 0.5],
        [0, 1, 0.5],
      ],
    },
  ],
  edge: [
    { name: 'minimum(0, 0): tie', inputs: [0, 0], expected: 0, grads: [0.5, 0.5] },
    { inputs: [1e3, -1e3], expected: -1e3, grads: [0, 1] },
    { inputs: [TINY, 0], expected: 0, grads: [0, 1] },
    {
      name: 'the larger input gets 0 for a NaN upstream gradient (regression: NaN)',
      inputs: [1, 0],
      upstream: NaN,
      expected: 0,
      grads: [0, NaN],
    },
  ],
});
