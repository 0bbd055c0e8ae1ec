import { log } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** ln x; sampled on positive values. */
export const logSpec = defineSpec({
  op: 'log',
  kind: 'primitive',
  call: (x) => log(x),
  shapes: UNARY_SHAPES,
  domain: 'positive',
  secondOrder: true,
  scalar: Math.log,
  derivative: (x) => [1 / x],
  reference: [
    {
      name: 'log([1e-300, 1e3, 0.5]) (NumPy)',
      inputs: [[TINY, 1e3, 0.5]],
      expected: [-690.7755278982137, 6.907755278982137, -Math.LN2],
      grads: [[1e300, 1e-3, 2]],
    },
  ],
  edge: [
    { inputs: [0], expected: -Infinity, grads: [Infinity] },
    { inputs: [TINY], expected: -690.7755278982137, grads: [1e300] },
    { inputs: [1e3], expected: 6.907755278982137, grads: [1e-3] },
    {
      name: 'log(-1e3) is NaN; its gradient is 1/x (PyTorch)',
      inputs: [-1e3],
      expected: NaN,
      grads: [-1e-3],
    },
  ],
});
