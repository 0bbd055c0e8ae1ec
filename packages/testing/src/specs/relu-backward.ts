import { reluBackward } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES, KINK_AT_ZERO, TINY } from '../spec-kit';

/** The relu's fused VJP: g where x > 0, else 0 (selected, never multiplied). */
export const reluBackwardSpec = defineSpec({
  op: 'reluBackward',
  kind: 'primitive',
  call: (x, g) => reluBackward(x, g),
  shapes: BINARY_SHAPES,
  avoid: [KINK_AT_ZERO, undefined],
  secondOrder: true,
  scalar: (x, g) => (x > 0 ? g : 0),
  derivative: (x) => [0, x > 0 ? 1 : 0],
  reference: [
    {
      inputs: [
        [-1, 0.5, 2],
        [3, 4, -5],
      ],
      expected: [0, 4, -5],
      grads: [
        [0, 0, 0],
        [0, 1, 1],
      ],
    },
  ],
  edge: [
    { name: 'at the kink x = 0: 0', inputs: [0, 1e3], expected: 0, grads: [0, 0] },
    { inputs: [1e3, -1e3], expected: -1e3, grads: [0, 1] },
    { inputs: [TINY, 2], expected: 2, grads: [0, 1] },
    {
      name: 'an infinite g where x ≤ 0 gives 0, not NaN',
      inputs: [-1, Infinity],
      expected: 0,
      grads: [0, 0],
    },
    { name: 'a NaN g where x ≤ 0 gives 0', inputs: [0, NaN], expected: 0, grads: [0, 0] },
    {
      name: 'an upstream gradient of ∞ where x ≤ 0: 0 for g',
      inputs: [-1, 2],
      upstream: Infinity,
      expected: 0,
      grads: [0, 0],
    },
  ],
});
