import { reshape } from '@deltagrad/core';
import { defineSpec } from '../spec';

/** The same values in a new shape: flattened on the generic checks. */
export const reshapeSpec = defineSpec({
  op: 'reshape',
  kind: 'primitive',
  call: (x) => reshape(x, [-1]),
  shapes: [[[]], [[2, 3]], [[2, 3, 2]], [[4, 1]]],
  secondOrder: true,
  linear: 'joint',
  oracle: (x) => ({ data: x.data, shape: [x.data.length] }),
  reference: [
    {
      name: 'to [2, 2]',
      call: (x) => reshape(x, [2, 2]),
      inputs: [[1, 2, 3, 4]],
      expected: [
        [1, 2],
        [3, 4],
      ],
      upstream: [
        [1, 2],
        [3, 4],
      ],
      grads: [[1, 2, 3, 4]],
    },
    {
      name: 'to [3, 1] with -1',
      call: (x) => reshape(x, [-1, 1]),
      inputs: [[[1, 2, 3]]],
      expected: [[1], [2], [3]],
    },
    {
      name: 'a 0-d tensor to [1, 1]',
      call: (x) => reshape(x, [1, 1]),
      inputs: [5],
      expected: [[5]],
      grads: [1],
    },
  ],
  edge: [
    {
      inputs: [[0, 1e3, -1e3, 1e-300]],
      call: (x) => reshape(x, [2, 2]),
      expected: [
        [0, 1e3],
        [-1e3, 1e-300],
      ],
      grads: [[1, 1, 1, 1]],
    },
  ],
});
