import { matmul } from '@deltagrad/core';
import { at, broadcastShape, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** Matrix product over the last two axes, batch axes broadcast. */
export const matmulSpec = defineSpec({
  op: 'matmul',
  kind: 'primitive',
  call: (a, b) => matmul(a, b),
  shapes: [
    [
      [2, 3],
      [3, 4],
    ],
    [
      [1, 1],
      [1, 1],
    ],
    [
      [2, 3, 4],
      [4, 5],
    ],
    [
      [1, 3, 4],
      [2, 4, 5],
    ],
    [
      [2, 1, 2, 3],
      [3, 3, 2],
    ],
  ],
  secondOrder: true,
  linear: 'each',
  oracle: (a, b) => {
    const m = a.shape[a.shape.length - 2]!;
    const k = a.shape[a.shape.length - 1]!;
    const n = b.shape[b.shape.length - 1]!;
    const batch = broadcastShape([a.shape.slice(0, -2), b.shape.slice(0, -2)]);
    return tabulate([...batch, m, n], (index) => {
      const lead = index.slice(0, -2);
      const [i, j] = index.slice(-2) as [number, number];
      let total = 0;
      for (let p = 0; p < k; p++) total += at(a, [...lead, i, p]) * at(b, [...lead, p, j]);
      return total;
    });
  },
  reference: [
    {
      inputs: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
      expected: [
        [19, 22],
        [43, 50],
      ],
      grads: [
        [
          [11, 15],
          [11, 15],
        ],
        [
          [4, 4],
          [6, 6],
        ],
      ],
    },
    {
      name: 'broadcast batch: [2, 1, 2] @ [2, 1] sums b over the batch',
      inputs: [
        [[[1, 2]], [[3, 4]]],
        [[1], [-1]],
      ],
      expected: [[[-1]], [[-1]]],
      grads: [
        [[[1, -1]], [[1, -1]]],
        [[4], [6]],
      ],
    },
  ],
  edge: [
    {
      name: 'matmul([[0, -1e3]], [[1e3], [1]])',
      inputs: [[[0, -1e3]], [[1e3], [1]]],
      expected: [[-1e3]],
      grads: [[[1e3, 1]], [[0], [-1e3]]],
    },
    { inputs: [[[1e3]], [[1e3]]], expected: [[1e6]], grads: [[[1e3]], [[1e3]]] },
    {
      name: 'matmul(1e-300, 1e-300) underflows to 0',
      inputs: [[[1e-300]], [[1e-300]]],
      expected: [[0]],
      grads: [[[1e-300]], [[1e-300]]],
    },
    {
      name: 'cancellation 1e3 − 1e3',
      inputs: [[[1e3, 1e3]], [[1], [-1]]],
      expected: [[0]],
      grads: [[[1, -1]], [[1e3], [1e3]]],
    },
  ],
});
