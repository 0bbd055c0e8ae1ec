import { square } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** x², through powScalar's exponent-2 path. */
export const squareSpec = defineSpec({
  op: 'square',
  kind: 'composite',
  call: (x) => square(x),
  shapes: UNARY_SHAPES,
  secondOrder: true,
  scalar: (x) => x * x,
  derivative: (x) => [2 * x],
  reference: [{ inputs: [[-3, 0.5, 2]], expected: [9, 0.25, 4], grads: [[-6, 1, 4]] }],
  edge: [
    { inputs: [0], expected: 0, grads: [0] },
    { inputs: [1e3], expected: 1e6, grads: [2e3] },
    { inputs: [-1e3], expected: 1e6, grads: [-2e3] },
    { name: 'square(1e-300) underflows to 0', inputs: [TINY], expected: 0, grads: [2e-300] },
    { name: 'square(1e200) overflows to Infinity', inputs: [1e200], expected: Infinity, grads: [2e200] },
  ],
});
