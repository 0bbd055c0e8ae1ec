import { abs } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { KINK_AT_ZERO, TINY, UNARY_SHAPES } from '../spec-kit';

/** |x|: kink at 0, where the gradient is taken as 0 (as PyTorch). */
export const absSpec = defineSpec({
  op: 'abs',
  kind: 'primitive',
  call: (x) => abs(x),
  shapes: UNARY_SHAPES,
  avoid: KINK_AT_ZERO,
  secondOrder: true,
  scalar: Math.abs,
  derivative: (x) => [Math.sign(x)],
  reference: [{ inputs: [[-1.5, 0.25, 2]], expected: [1.5, 0.25, 2], grads: [[-1, 1, 1]] }],
  edge: [
    { inputs: [0], expected: 0, grads: [0] },
    { inputs: [-0], expected: 0, grads: [0] },
    { inputs: [1e3], expected: 1e3, grads: [1] },
    { inputs: [-1e3], expected: 1e3, grads: [-1] },
    { inputs: [TINY], expected: TINY, grads: [1] },
    { inputs: [-TINY], expected: TINY, grads: [-1] },
    {
      name: 'abs at the kink with an upstream gradient of ±∞ or NaN: 0 (regression: NaN)',
      inputs: [[0, 0, 0]],
      upstream: [Infinity, -Infinity, NaN],
      expected: [0, 0, 0],
      grads: [[0, 0, 0]],
    },
  ],
});
