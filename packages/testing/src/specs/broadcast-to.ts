import { broadcastTo, type Tensor } from '@deltagrad/core';
import { at, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** The target of the generic checks: one new leading axis of 2, and every size-1 axis grown to 3. */
const targetOf = (shape: readonly number[]) => [2, ...shape.map((d) => (d === 1 ? 3 : d))];

/** Repeats x to a larger shape by NumPy's rules; the gradient sums back. */
export const broadcastToSpec = defineSpec({
  op: 'broadcastTo',
  kind: 'primitive',
  call: (x: Tensor) => broadcastTo(x, targetOf(x.shape)),
  shapes: [[[]], [[3]], [[2, 1]], [[1, 3]], [[1, 2, 1]]],
  secondOrder: true,
  linear: 'joint',
  oracle: (x) => tabulate(targetOf(x.shape), (index) => at(x, index)),
  reference: [
    {
      name: 'a row to [2, 3]',
      call: (x) => broadcastTo(x, [2, 3]),
      inputs: [[1, 2, 3]],
      expected: [
        [1, 2, 3],
        [1, 2, 3],
      ],
      grads: [[2, 2, 2]],
    },
    {
      name: 'a column to [2, 3]',
      call: (x) => broadcastTo(x, [2, 3]),
      inputs: [[[1], [2]]],
      expected: [
        [1, 1, 1],
        [2, 2, 2],
      ],
      grads: [[[3], [3]]],
    },
    {
      name: 'a 0-d tensor to [2]',
      call: (x) => broadcastTo(x, [2]),
      inputs: [4],
      expected: [4, 4],
      grads: [2],
    },
  ],
  edge: [
    {
      name: 'broadcast 0, ±1e3 and 1e-300 to [2, 4]',
      call: (x) => broadcastTo(x, [2, 4]),
      inputs: [[0, 1e3, -1e3, 1e-300]],
      expected: [
        [0, 1e3, -1e3, 1e-300],
        [0, 1e3, -1e3, 1e-300],
      ],
      grads: [[2, 2, 2, 2]],
    },
    {
      name: 'the summed gradient of 1e308 twice overflows to Infinity',
      call: (x) => broadcastTo(x, [2]),
      inputs: [1e308],
      expected: [1e308, 1e308],
      upstream: [1e308, 1e308],
      grads: [Infinity],
    },
  ],
});
