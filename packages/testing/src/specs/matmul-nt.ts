import { matmul } from '@deltagrad/core';
import { at, broadcastShape, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** a·bᵀ over the last two axes (b: [..., n, k] read in place), batch axes broadcast. */
export const matmulNTSpec = defineSpec({
  op: 'matmulNT',
  kind: 'primitive',
  call: (a, b) => matmul(a, b, { transposeB: true }),
  shapes: [
    [
      [2, 3],
      [4, 3],
    ],
    [
      [1, 1],
      [1, 1],
    ],
    [
      [2, 3, 4],
      [5, 4],
    ],
    [
      [1, 3, 4],
      [2, 5, 4],
    ],
    [
      [5, 6],
      [7, 6],
    ],
  ],
  secondOrder: true,
  linear: 'each',
  oracle: (a, b) => {
    const m = a.shape[a.shape.length - 2]!;
    const k = a.shape[a.shape.length - 1]!;
    const n = b.shape[b.shape.length - 2]!;
    const batch = broadcastShape([a.shape.slice(0, -2), b.shape.slice(0, -2)]);
    return tabulate([...batch, m, n], (index) => {
      const lead = index.slice(0, -2);
      const [i, j] = index.slice(-2) as [number, number];
      let total = 0;
      for (let p = 0; p < k; p++) total += at(a, [...lead, i, p]) * at(b, [...lead, j, p]);
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
          [5, 7],
          [6, 8],
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
          [4, 6],
          [4, 6],
        ],
      ],
    },
  ],
  edge: [
    {
      name: 'matmulNT([[0, -1e3]], [[1e3, 1]])',
      inputs: [[[0, -1e3]], [[1e3, 1]]],
      expected: [[-1e3]],
      grads: [[[1e3, 1]], [[0, -1e3]]],
    },
    {
      name: 'matmulNT(1e-300, 1e-300) underflows to 0',
      inputs: [[[1e-300]], [[1e-300]]],
      expected: [[0]],
      grads: [[[1e-300]], [[1e-300]]],
    },
  ],
});
