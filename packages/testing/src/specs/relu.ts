import { relu } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { KINK_AT_ZERO, TINY, UNARY_SHAPES } from '../spec-kit';

/** max(x, 0): kink at 0, where the gradient is 0 (as PyTorch). */
export const reluSpec = defineSpec({
  op: 'relu',
  kind: 'primitive',
  call: (x) => relu(x),
  shapes: UNARY_SHAPES,
  avoid: KINK_AT_ZERO,
  secondOrder: true,
  scalar: (x) => Math.max(x, 0),
  derivative: (x) => [x > 0 ? 1 : 0],
  reference: [{ inputs: [[-1, 0.5, 2]], expected: [0, 0.5, 2], grads: [[0, 1, 1]] }],
  edge: [
    { name: 'relu at the kink: gradient 0', inputs: [0], expected: 0, grads: [0] },
    { inputs: [1e3], expected: 1e3, grads: [1] },
    { inputs: [-1e3], expected: 0, grads: [0] },
    { inputs: [TINY], expected: TINY, grads: [1] },
    { inputs: [-TINY], expected: 0, grads: [0] },
    {
      name: 'relu(x ≤ 0) with an upstream gradient of ±∞ or NaN: 0, selected (regression: NaN)',
      inputs: [[-1, 0, -1e3, 2]],
      upstream: [Infinity, -Infinity, NaN, Infinity],
      expected: [0, 0, 0, 2],
      grads: [[0, 0, 0, Infinity]],
    },
  ],
});
