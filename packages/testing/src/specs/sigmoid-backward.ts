import { sigmoidBackward } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** The sigmoid's fused VJP: (y·(1 − y))·g, exactly 0 where g or y·(1 − y) is 0. */
export const sigmoidBackwardSpec = defineSpec({
  op: 'sigmoidBackward',
  kind: 'primitive',
  call: (y, g) => sigmoidBackward(y, g),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: (y, g) => (g === 0 || y * (1 - y) === 0 ? 0 : y * (1 - y) * g),
  derivative: (y, g) => [g * (1 - 2 * y), y * (1 - y)],
  reference: [
    {
      name: 'at y = 0.25, 0.5, 0.75 with g = 2, −1, 4',
      inputs: [
        [0.25, 0.5, 0.75],
        [2, -1, 4],
      ],
      expected: [0.375, -0.25, 0.75],
      grads: [
        [1, 0, -2],
        [0.1875, 0.25, 0.1875],
      ],
    },
  ],
  edge: [
    { inputs: [0, 1e3], expected: 0, grads: [1e3, 0] },
    { inputs: [1e3, -1e3], expected: 1e3 * (1 - 1e3) * -1e3, grads: [1999 * 1e3, 1e3 * (1 - 1e3)] },
    { inputs: [TINY, 1], expected: TINY, grads: [1, TINY] },
    { name: 'a zero g gives 0 even for a NaN y', inputs: [NaN, 0], expected: 0, grads: [0, NaN] },
    {
      name: 'a saturated y = 1 (local derivative 0) with an infinite g: 0, not NaN',
      inputs: [1, Infinity],
      expected: 0,
      grads: [-Infinity, 0],
    },
    {
      name: 'an infinite upstream gradient at y = 0.5, where ∂/∂y is 0: 0 for y',
      inputs: [0.5, 1],
      upstream: Infinity,
      expected: 0.25,
      grads: [0, Infinity],
    },
  ],
});
