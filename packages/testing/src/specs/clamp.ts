import { clamp } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** min(max(x, −0.5), 0.5): kinks at the bounds, where the gradient is 1 (bounds inclusive). */
export const clampSpec = defineSpec({
  op: 'clamp',
  kind: 'primitive',
  call: (x) => clamp(x, -0.5, 0.5),
  shapes: UNARY_SHAPES,
  domain: { lo: -1, hi: 1 },
  avoid: { points: [-0.5, 0.5], margin: 0.05 },
  secondOrder: true,
  scalar: (x) => Math.min(Math.max(x, -0.5), 0.5),
  derivative: (x) => [x >= -0.5 && x <= 0.5 ? 1 : 0],
  reference: [{ inputs: [[-1, 0.25, 0.75]], expected: [-0.5, 0.25, 0.5], grads: [[0, 1, 0]] }],
  edge: [
    { inputs: [0], expected: 0, grads: [1] },
    { name: 'clamp at the lower bound: gradient 1 (as PyTorch)', inputs: [-0.5], expected: -0.5, grads: [1] },
    { name: 'clamp at the upper bound: gradient 1 (as PyTorch)', inputs: [0.5], expected: 0.5, grads: [1] },
    { inputs: [1e3], expected: 0.5, grads: [0] },
    { inputs: [-1e3], expected: -0.5, grads: [0] },
    { inputs: [TINY], expected: TINY, grads: [1] },
    {
      name: 'clamp outside its bounds with an upstream gradient of ±∞ or NaN: 0 (regression: NaN)',
      inputs: [[-1, 1, -1e3, 0]],
      upstream: [Infinity, -Infinity, NaN, NaN],
      expected: [-0.5, 0.5, -0.5, 0],
      grads: [[0, 0, 0, NaN]],
    },
  ],
});
