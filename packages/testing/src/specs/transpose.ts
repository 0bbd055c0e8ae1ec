import { transpose } from '@deltagrad/core';
import { at, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** Swaps the last two axes (the matrix transpose), a permute. */
export const transposeSpec = defineSpec({
  op: 'transpose',
  kind: 'composite',
  call: (x) => transpose(x),
  shapes: [[[2, 3]], [[1, 1]], [[2, 3, 4]], [[1, 2, 3, 1]]],
  secondOrder: true,
  linear: 'joint',
  oracle: (x) => {
    const r = x.shape.length;
    const shape = [...x.shape.slice(0, -2), x.shape[r - 1]!, x.shape[r - 2]!];
    return tabulate(shape, (index) => at(x, [...index.slice(0, -2), index[r - 1]!, index[r - 2]!]));
  },
  reference: [
    {
      inputs: [
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ],
      expected: [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
      grads: [
        [
          [1, 1, 1],
          [1, 1, 1],
        ],
      ],
    },
    {
      name: 'axes 0 and 2 of a [2, 1, 2] tensor',
      call: (x) => transpose(x, 0, 2),
      inputs: [[[[1, 2]], [[3, 4]]]],
      expected: [[[1, 3]], [[2, 4]]],
    },
  ],
  edge: [
    {
      inputs: [
        [
          [1e3, -1e3],
          [1e-300, 0],
        ],
      ],
      expected: [
        [1e3, 1e-300],
        [-1e3, 0],
      ],
      grads: [
        [
          [1, 1],
          [1, 1],
        ],
      ],
    },
  ],
});
