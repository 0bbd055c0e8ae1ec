import { neg } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** −x. */
export const negSpec = defineSpec({
  op: 'neg',
  kind: 'primitive',
  call: (x) => neg(x),
  shapes: UNARY_SHAPES,
  secondOrder: true,
  scalar: (x) => -x,
  derivative: () => [-1],
  reference: [{ inputs: [[1, -2, 0.5]], expected: [-1, 2, -0.5], grads: [[-1, -1, -1]] }],
  edge: [
    { inputs: [0], expected: 0, grads: [-1] },
    { inputs: [1e3], expected: -1e3, grads: [-1] },
    { inputs: [-1e3], expected: 1e3, grads: [-1] },
    { inputs: [TINY], expected: -TINY, grads: [-1] },
  ],
});
