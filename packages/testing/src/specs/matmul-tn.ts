import { matmul } from '@deltagrad/core';
import { at, broadcastShape, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** aᵀ·b over the last two axes (a: [..., k, m] read in place), batch axes broadcast. */
export const matmulTNSpec = defineSpec({
  op: 'matmulTN',
  kind: 'primitive',
  call: (a, b) => matmul(a, b, { transposeA: true }),
  shapes: [
    [
      [3, 2],
      [3, 4],
    ],
    [
      [1, 1],
      [1, 1],
    ],
    [
      [2, 4, 3],
      [4, 5],
    ],
    [
      [1, 4, 3],
      [2, 4, 5],
    ],
    [
      [6, 5],
      [6, 7],
    ],
  ],
  secondOrder: true,
  linear: 'each',
  oracle: (a, b) => {
    const k = a.shape[a.shape.length - 2]!;
    const m = a.shape[a.shape.length - 1]!;
    const n = b.shape[b.shape.length - 1]!;
    const batch = broadcastShape([a.shape.slice(0, -2), b.shape.slice(0, -2)]);
    return tabulate([...batch, m, n], (index) => {
      const lead = index.slice(0, -2);
      const [i, j] = index.slice(-2) as [number, number];
      let total = 0;
      for (let p = 0; p < k; p++) total += at(a, [...lead, p, i]) * at(b, [...lead, p, j]);
      return total;
    });
  },
  reference: [
    {
      inputs: [
        [
          [1, 3],
          [2, 4],
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
          [11, 11],
          [15, 15],
        ],
        [
          [4, 4],
          [6, 6],
        ],
      ],
    },
  ],
  edge: [
    {
      name: 'matmulTN([[0], [-1e3]], [[1e3], [1]])',
      inputs: [
        [[0], [-1e3]],
        [[1e3], [1]],
      ],
      expected: [[-1e3]],
      grads: [
        [[1e3], [1]],
        [[0], [-1e3]],
      ],
    },
    {
      name: 'matmulTN(1e-300, 1e-300) underflows to 0',
      inputs: [[[1e-300]], [[1e-300]]],
      expected: [[0]],
      grads: [[[1e-300]], [[1e-300]]],
    },
  ],
});
