import { softplus } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { TINY, UNARY_SHAPES } from '../spec-kit';

/** ln(1 + eˣ), computed stably. The scalar reference is the naive formula (exact on the sampled range). */
export const softplusSpec = defineSpec({
  op: 'softplus',
  kind: 'primitive',
  call: (x) => softplus(x),
  shapes: UNARY_SHAPES,
  secondOrder: true,
  scalar: (x) => Math.log1p(Math.exp(x)),
  derivative: (x) => [1 / (1 + Math.exp(-x))],
  reference: [
    {
      name: 'softplus([-1, 0, 2]) (NumPy)',
      inputs: [[-1, 0, 2]],
      expected: [0.31326168751822286, Math.LN2, 2.1269280110429727],
      grads: [[0.2689414213699951, 0.5, 0.8807970779778823]],
    },
  ],
  edge: [
    { inputs: [0], expected: Math.LN2, grads: [0.5] },
    { name: 'softplus(1e3) = 1e3 exactly', inputs: [1e3], expected: 1e3, grads: [1] },
    { inputs: [-1e3], expected: 0, grads: [0] },
    { inputs: [TINY], expected: Math.LN2, grads: [0.5] },
    // NaN propagates, yet a zero upstream gradient still gives exactly 0 (mulNoNan in the VJP).
    { name: 'softplus(NaN) is NaN', inputs: [NaN], expected: NaN, grads: [NaN] },
  ],
});
