import { permute, type Tensor } from '@deltagrad/core';
import { at, type Dense, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** Reverses the axes (any rank). */
const reverse = (x: Tensor) => permute(x, [...x.shape.keys()].reverse());
const reversed = (x: Dense): Dense =>
  tabulate([...x.shape].reverse(), (index) => at(x, [...index].reverse()));

/** Reorders axes: output axis i is input axis axes[i]. */
export const permuteSpec = defineSpec({
  op: 'permute',
  kind: 'primitive',
  call: reverse,
  shapes: [[[]], [[3]], [[2, 3]], [[2, 3, 4]], [[2, 1, 3]]],
  secondOrder: true,
  linear: 'joint',
  oracle: reversed,
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
      upstream: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      grads: [
        [
          [1, 3, 5],
          [2, 4, 6],
        ],
      ],
    },
    {
      name: 'axes [2, 0, 1] of a [1, 2, 3] tensor',
      call: (x) => permute(x, [2, 0, 1]),
      inputs: [
        [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
      ],
      expected: [[[1, 4]], [[2, 5]], [[3, 6]]],
    },
    {
      name: 'negative axes',
      call: (x) => permute(x, [-1, 0]),
      inputs: [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      expected: [
        [1, 3],
        [2, 4],
      ],
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
