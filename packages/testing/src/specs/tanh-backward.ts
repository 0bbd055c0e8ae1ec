import { tanhBackward } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, TINY } from '../spec-kit';

/** The tanh's fused VJP: (1 − y²)·g, exactly 0 where g or 1 − y² is 0. */
export const tanhBackwardSpec = defineSpec({
  op: 'tanhBackward',
  kind: 'primitive',
  call: (y, g) => tanhBackward(y, g),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: (y, g) => (g === 0 || 1 - y * y === 0 ? 0 : (1 - y * y) * g),
  derivative: (y, g) => [-2 * y * g, 1 - y * y],
  reference: [
    {
      name: 'at y = −0.5, 0, 0.5 with g = 2, −1, 4',
      inputs: [
        [-0.5, 0, 0.5],
        [2, -1, 4],
      ],
      expected: [1.5, -1, 3],
      grads: [
        [2, 0, -4],
        [0.75, 1, 0.75],
      ],
    },
  ],
  edge: [
    { inputs: [0, 1e3], expected: 1e3, grads: [0, 1] },
    { inputs: [1e3, -1e3], expected: (1 - 1e6) * -1e3, grads: [2e6, 1 - 1e6] },
    { inputs: [TINY, 1], expected: 1, grads: [-2 * TINY, 1] },
    { name: 'a zero g gives 0 even for a NaN y', inputs: [NaN, 0], expected: 0, grads: [0, NaN] },
    {
      name: 'a saturated y = 1 (local derivative 0) with an infinite g: 0, not NaN',
      inputs: [1, Infinity],
      expected: 0,
      grads: [-Infinity, 0],
    },
    {
      name: 'an infinite upstream gradient at y = 0, where ∂/∂y is 0: 0 for y',
      inputs: [0, 1],
      upstream: Infinity,
      expected: 1,
      grads: [0, Infinity],
    },
  ],
});
