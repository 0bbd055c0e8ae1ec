import { leakyRelu } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { KINK_AT_ZERO, TINY, UNARY_SHAPES } from '../spec-kit';

/** x for x > 0, else 0.1·x (slope 0.1 on the generic checks). */
export const leakyReluSpec = defineSpec({
  op: 'leakyRelu',
  kind: 'primitive',
  call: (x) => leakyRelu(x, 0.1),
  shapes: UNARY_SHAPES,
  avoid: KINK_AT_ZERO,
  secondOrder: true,
  scalar: (x) => (x > 0 ? x : 0.1 * x),
  derivative: (x) => [x > 0 ? 1 : 0.1],
  reference: [
    { inputs: [[-1, 0.5, 2]], expected: [-0.1, 0.5, 2], grads: [[0.1, 1, 1]] },
    {
      name: 'default slope 0.01',
      call: (x) => leakyRelu(x),
      inputs: [[-2, 3]],
      expected: [-0.02, 3],
      grads: [[0.01, 1]],
    },
  ],
  edge: [
    { name: 'leakyRelu at the kink: gradient = slope', inputs: [0], expected: 0, grads: [0.1] },
    { inputs: [1e3], expected: 1e3, grads: [1] },
    { inputs: [-1e3], expected: -100, grads: [0.1] },
    { inputs: [TINY], expected: TINY, grads: [1] },
  ],
});
