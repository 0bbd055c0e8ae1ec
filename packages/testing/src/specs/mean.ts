import { mean } from '@deltagrad/core';
import { reduce, sizeOf } from '../dense';
import { defineSpec } from '../spec';

/** Mean over all axes on the generic checks (sum times 1/count); other axes in the cases. */
export const meanSpec = defineSpec({
  op: 'mean',
  kind: 'composite',
  call: (x) => mean(x),
  shapes: [[[]], [[3]], [[2, 3]], [[2, 3, 4]], [[2, 1, 3]]],
  secondOrder: true,
  linear: 'joint',
  oracle: (x) => {
    const total = reduce(
      x,
      x.shape.map((_, i) => i),
      false,
      (s, v) => s + v,
      0,
    );
    return { data: [total.data[0]! / sizeOf(x.shape)], shape: [] };
  },
  reference: [
    {
      name: 'mean over axis 0',
      call: (x) => mean(x, 0),
      inputs: [
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ],
      expected: [2.5, 3.5, 4.5],
      grads: [
        [
          [0.5, 0.5, 0.5],
          [0.5, 0.5, 0.5],
        ],
      ],
    },
    {
      name: 'mean over axis -1, keepdims',
      call: (x) => mean(x, -1, true),
      inputs: [[[1, 2, 3, 6]]],
      expected: [[3]],
      grads: [[[0.25, 0.25, 0.25, 0.25]]],
    },
  ],
  edge: [
    { inputs: [[1e3, -1e3]], expected: 0, grads: [[0.5, 0.5]] },
    { inputs: [[1e-300, 1e-300]], expected: 1e-300, grads: [[0.5, 0.5]] },
    { inputs: [0], expected: 0, grads: [1] },
  ],
});
