import { sqrt } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** √x; sampled on positive values. */
export const sqrtSpec = defineSpec({
  op: 'sqrt',
  kind: 'primitive',
  call: (x) => sqrt(x),
  shapes: UNARY_SHAPES,
  domain: 'positive',
  secondOrder: true,
  scalar: Math.sqrt,
  derivative: (x) => [0.5 / Math.sqrt(x)],
  reference: [
    { inputs: [[4, 0.25, 2]], expected: [2, 0.5, Math.SQRT2], grads: [[0.25, 1, 0.3535533905932738]] },
  ],
  edge: [
    { inputs: [0], expected: 0, grads: [Infinity] },
    { inputs: [TINY], expected: 1e-150, grads: [5e149] },
    { inputs: [1e3], expected: 31.622776601683793, grads: [0.015811388300841896] },
    { inputs: [-1e3], expected: NaN, grads: [NaN] },
  ],
});
