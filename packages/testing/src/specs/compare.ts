import { compare, equal, greater, less } from '@deltagrad/core';
import { defineSpec } from '../spec';
import { BINARY_SHAPES } from '../spec-kit';

const A = [1, 2, 3];
const B = [2, 2, 2];

/** Element-wise comparison to 1 or 0: no gradient flows through it. */
export const compareSpec = defineSpec({
  op: 'compare',
  kind: 'primitive',
  call: (a, b) => compare(a, b, 'gt'),
  shapes: BINARY_SHAPES,
  differentiable: false,
  secondOrder: false,
  scalar: (a, b) => (a > b ? 1 : 0),
  reference: [
    {
      name: 'gt',
      inputs: [A, B],
      expected: [0, 0, 1],
      grads: [
        [0, 0, 0],
        [0, 0, 0],
      ],
    },
    { name: 'ge', call: (a, b) => compare(a, b, 'ge'), inputs: [A, B], expected: [0, 1, 1] },
    { name: 'lt', call: (a, b) => compare(a, b, 'lt'), inputs: [A, B], expected: [1, 0, 0] },
    { name: 'le', call: (a, b) => compare(a, b, 'le'), inputs: [A, B], expected: [1, 1, 0] },
    { name: 'eq', call: (a, b) => compare(a, b, 'eq'), inputs: [A, B], expected: [0, 1, 0] },
    { name: 'greater', call: (a, b) => greater(a, b), inputs: [A, 2], expected: [0, 0, 1] },
    { name: 'less', call: (a, b) => less(a, b), inputs: [A, 2], expected: [1, 0, 0] },
    { name: 'equal', call: (a, b) => equal(a, b), inputs: [A, 2], expected: [0, 1, 0] },
  ],
  edge: [
    { inputs: [0, 0], expected: 0, grads: [0, 0] },
    { name: 'eq(0, -0) is true', call: (a, b) => compare(a, b, 'eq'), inputs: [0, -0], expected: 1 },
    { inputs: [1e3, -1e3], expected: 1, grads: [0, 0] },
    { inputs: [1e-300, 0], expected: 1, grads: [0, 0] },
    { name: 'NaN compares false', inputs: [NaN, 0], expected: 0, grads: [0, 0] },
  ],
});
