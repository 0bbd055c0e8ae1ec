import { maximum } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** Element-wise max(a, b), broadcast; a tie splits the gradient in half. */
export const maximumSpec = defineSpec({
  op: 'maximum',
  kind: 'primitive',
  call: (a, b) => maximum(a, b),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: Math.max,
  derivative: (a, b) => (a > b ? [1, 0] : a < b ? [0, 1] : [0.5, 0.5]),
  reference: [
    {
      inputs: [
        [1, 5, 3],
        [2, 4, 3],
      ],
      expected: [2, 5, 3],
      grads: [
        [0, 1, 0.5],
        [1, 0, 0.5],
      ],
    },
    {
      name: 'a broadcast tie adds half of each tied element',
      inputs: [[1, 2, 1], 1],
      expected: [1, 2, 1],
      grads: [[0.5, 1, 0.5], 1],
    },
  ],
  edge: [
    { name: 'maximum(0, 0): tie', inputs: [0, 0], expected: 0, grads: [0.5, 0.5] },
    { inputs: [1e3, -1e3], expected: 1e3, grads: [1, 0] },
    { inputs: [TINY, 0], expected: TINY, grads: [1, 0] },
    {
      name: 'the smaller input gets 0 for an infinite upstream gradient (regression: NaN)',
      inputs: [-1, 0],
      upstream: Infinity,
      expected: 0,
      grads: [0, Infinity],
    },
  ],
});
