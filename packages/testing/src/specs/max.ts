import { max, type Tensor } from '@deltagrad/core';
import { lastAxisVjp, reduce } from '../dense';
import { defineSpec } from '../spec';

/** max over the last axis (all axes of a 0-d tensor) on the generic checks. */
const maxLast = (x: Tensor) => (x.rank === 0 ? max(x) : max(x, -1));

/** max over axes; tied maxima split the gradient evenly (1/c each of c ties). */
export const maxSpec = defineSpec({
  op: 'max',
  kind: 'primitive',
  call: maxLast,
  shapes: [[[]], [[4]], [[2, 3]], [[2, 3, 4]], [[3, 1]]],
  secondOrder: true,
  oracle: (x) => reduce(x, x.shape.length === 0 ? [] : [x.shape.length - 1], false, Math.max, -Infinity),
  // The upstream gradient goes to the maximal elements of each row, split evenly among ties.
  vjpOracle: (u, x) => [
    lastAxisVjp(
      x,
      u,
      (row, [up]) => {
        const top = Math.max(...row);
        const ties = row.filter((v) => v === top).length;
        return row.map((v) => (v === top ? up! / ties : 0));
      },
      true,
    ),
  ],
  reference: [
    { name: 'two tied maxima get 1/2 each', inputs: [[3, 1, 3, 2]], expected: 3, grads: [[0.5, 0, 0.5, 0]] },
    {
      name: 'three tied maxima get 1/3 each',
      call: (x) => max(x, 1),
      inputs: [
        [
          [1, 1, 1],
          [2, 0, 2],
        ],
      ],
      expected: [1, 2],
      grads: [
        [
          [1 / 3, 1 / 3, 1 / 3],
          [0.5, 0, 0.5],
        ],
      ],
    },
    {
      name: 'max over axis 0, keepdims',
      call: (x) => max(x, 0, true),
      inputs: [
        [
          [1, 5],
          [4, 2],
        ],
      ],
      expected: [[4, 5]],
      grads: [
        [
          [0, 1],
          [1, 0],
        ],
      ],
    },
    {
      name: 'max over all axes',
      call: (x) => max(x),
      inputs: [
        [
          [1, 9],
          [4, 2],
        ],
      ],
      expected: 9,
      grads: [
        [
          [0, 1],
          [0, 0],
        ],
      ],
    },
  ],
  edge: [
    { inputs: [[-1e3, 1e3]], expected: 1e3, grads: [[0, 1]] },
    {
      name: 'elements below the maximum get 0 for an infinite upstream gradient (regression: NaN)',
      inputs: [[-1e3, 1e3]],
      upstream: Infinity,
      expected: 1e3,
      grads: [[0, Infinity]],
    },
    { inputs: [[1e-300, 0]], expected: 1e-300, grads: [[1, 0]] },
    {
      name: 'tied -Infinity split the gradient',
      inputs: [[-Infinity, -Infinity]],
      expected: -Infinity,
      grads: [[0.5, 0.5]],
    },
    { inputs: [[0, 0, 0, 0]], expected: 0, grads: [[0.25, 0.25, 0.25, 0.25]] },
  ],
});
