import { slice, type Tensor } from '@deltagrad/core';
import { at, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** On the generic checks: drop the first element of every axis longer than 1. */
const beginOf = (shape: readonly number[]) => shape.map((d) => (d > 1 ? 1 : 0));

/** The box begin ≤ index < end; the gradient is zero-padded back. */
export const sliceSpec = defineSpec({
  op: 'slice',
  kind: 'primitive',
  call: (x: Tensor) => slice(x, beginOf(x.shape)),
  shapes: [[[]], [[4]], [[3, 4]], [[2, 3, 4]], [[1, 3]]],
  secondOrder: true,
  linear: 'joint',
  oracle: (x) => {
    const begin = beginOf(x.shape);
    return tabulate(
      x.shape.map((d, i) => d - begin[i]!),
      (index) =>
        at(
          x,
          index.map((k, i) => k + begin[i]!),
        ),
    );
  },
  reference: [
    {
      name: 'columns 1..3',
      call: (x) => slice(x, [0, 1], [2, 3]),
      inputs: [
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ],
      expected: [
        [2, 3],
        [5, 6],
      ],
      grads: [
        [
          [0, 1, 1],
          [0, 1, 1],
        ],
      ],
    },
    {
      name: 'negative begin: the last row',
      call: (x) => slice(x, [-1]),
      inputs: [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      expected: [[3, 4]],
      grads: [
        [
          [0, 0],
          [1, 1],
        ],
      ],
    },
    {
      name: 'an empty slice',
      call: (x) => slice(x, [1], [1]),
      inputs: [[1, 2]],
      expected: [],
      grads: [[0, 0]],
    },
  ],
  edge: [
    {
      name: 'slice keeps 1e3 and 1e-300',
      call: (x) => slice(x, [1], [3]),
      inputs: [[-1e3, 1e3, 1e-300, 0]],
      expected: [1e3, 1e-300],
      grads: [[0, 1, 1, 0]],
    },
  ],
});
