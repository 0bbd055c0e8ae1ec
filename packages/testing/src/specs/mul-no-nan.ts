import { mulNoNan } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES } from '../spec-kit';

/** x ⊙ y, but exactly 0 wherever x or y is 0, even if the other is infinite or NaN. */
export const mulNoNanSpec = defineSpec({
  op: 'mulNoNan',
  kind: 'primitive',
  call: (x, y) => mulNoNan(x, y),
  shapes: BINARY_SHAPES,
  secondOrder: true,
  scalar: (x, y) => (x === 0 || y === 0 ? 0 : x * y),
  derivative: (x, y) => [y, x],
  reference: [
    {
      inputs: [
        [2, Infinity, NaN],
        [3, 0, 0],
      ],
      expected: [6, 0, 0],
      grads: [
        [3, 0, 0],
        [2, Infinity, NaN],
      ],
    },
  ],
  edge: [
    {
      name: 'mulNoNan(1e-300, 1e-300) underflows to 0',
      inputs: [1e-300, 1e-300],
      expected: 0,
      grads: [1e-300, 1e-300],
    },
    { inputs: [0, 0], expected: 0, grads: [0, 0] },
    { inputs: [1e3, -1e3], expected: -1e6, grads: [-1e3, 1e3] },
    { inputs: [Infinity, 0], expected: 0, grads: [0, Infinity] },
    { name: 'symmetric: mulNoNan(0, ∞) = 0', inputs: [0, Infinity], expected: 0, grads: [Infinity, 0] },
    { name: 'symmetric: mulNoNan(0, NaN) = 0', inputs: [0, NaN], expected: 0, grads: [NaN, 0] },
    { inputs: [-Infinity, 1e3], expected: -Infinity, grads: [1e3, -Infinity] },
  ],
});
