import { pad, type Tensor } from '@deltagrad/core';
import { at, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** On the generic checks: one zero before every axis, two after odd axes. */
const beforeOf = (shape: readonly number[]) => shape.map(() => 1);
const afterOf = (shape: readonly number[]) => shape.map((_, i) => (i % 2 === 1 ? 2 : 0));

/** Zero padding; the gradient is sliced back out. */
export const padSpec = defineSpec({
  op: 'pad',
  kind: 'primitive',
  call: (x: Tensor) => pad(x, beforeOf(x.shape), afterOf(x.shape)),
  shapes: [[[]], [[3]], [[2, 3]], [[2, 1, 2]]],
  secondOrder: true,
  linear: 'joint',
  oracle: (x) => {
    const before = beforeOf(x.shape);
    const after = afterOf(x.shape);
    return tabulate(
      x.shape.map((d, i) => before[i]! + d + after[i]!),
      (index) => {
        const inner = index.map((k, i) => k - before[i]!);
        return inner.every((k, i) => k >= 0 && k < x.shape[i]!) ? at(x, inner) : 0;
      },
    );
  },
  reference: [
    {
      name: '1 before, 2 after',
      call: (x) => pad(x, [1], [2]),
      inputs: [[1, 2]],
      expected: [0, 1, 2, 0, 0],
      upstream: [9, 1, 2, 9, 9],
      grads: [[1, 2]],
    },
    {
      name: 'a matrix, columns only',
      call: (x) => pad(x, [0, 1], [0, 0]),
      inputs: [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      expected: [
        [0, 1, 2],
        [0, 3, 4],
      ],
    },
  ],
  edge: [
    {
      name: 'pad keeps 0, ±1e3 and 1e-300',
      call: (x) => pad(x, [1], [1]),
      inputs: [[1e3, 1e-300, 0, -1e3]],
      expected: [0, 1e3, 1e-300, 0, -1e3, 0],
      grads: [[1, 1, 1, 1]],
    },
  ],
});
