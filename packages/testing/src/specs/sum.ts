import { sum, type Tensor } from '@deltagrad/core';
import { reduce } from '../dense';
import { defineSpec } from '../spec';

/** Σ over the last axis (all axes of a 0-d tensor) on the generic checks; other axes in the cases. */
const sumLast = (x: Tensor) => (x.rank === 0 ? sum(x) : sum(x, -1));

const X = [
  [1, 2, 3],
  [4, 5, 6],
];

/** Σ over axes. */
export const sumSpec = defineSpec({
  op: 'sum',
  kind: 'primitive',
  call: sumLast,
  shapes: [[[]], [[4]], [[2, 3]], [[2, 3, 4]], [[3, 1]]],
  secondOrder: true,
  linear: 'joint',
  oracle: (x) => reduce(x, x.shape.length === 0 ? [] : [x.shape.length - 1], false, (s, v) => s + v, 0),
  reference: [
    {
      name: 'sum over all axes',
      call: (x) => sum(x),
      inputs: [X],
      expected: 21,
      grads: [
        [
          [1, 1, 1],
          [1, 1, 1],
        ],
      ],
    },
    { name: 'sum over axis 0', call: (x) => sum(x, 0), inputs: [X], expected: [5, 7, 9] },
    {
      name: 'sum over axis 1, keepdims',
      call: (x) => sum(x, 1, true),
      inputs: [X],
      expected: [[6], [15]],
      upstream: [[1], [2]],
      grads: [
        [
          [1, 1, 1],
          [2, 2, 2],
        ],
      ],
    },
    {
      name: 'sum over axes [0, 2]',
      call: (x) => sum(x, [0, 2]),
      inputs: [[[[1, 2]], [[3, 4]]]],
      expected: [10],
    },
    { name: 'sum of a 0-d tensor', call: (x) => sum(x), inputs: [7], expected: 7, grads: [1] },
  ],
  edge: [
    { inputs: [[1e3, -1e3, 1e-300]], expected: 1e-300, grads: [[1, 1, 1]] },
    { name: 'sum overflows to Infinity', inputs: [[1e308, 1e308]], expected: Infinity, grads: [[1, 1]] },
    { inputs: [[0, -0]], expected: 0, grads: [[1, 1]] },
  ],
});
