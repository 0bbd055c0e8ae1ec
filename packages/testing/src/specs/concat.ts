import { concat } from '@deltagrad/core';
import { at, type Dense, tabulate } from '../dense';
import { defineSpec } from '../spec';

/** Joins any number of inputs along axis 0, by plain indexing. */
function concatAxis0(...inputs: Dense[]): Dense {
  const offsets: number[] = [];
  let total = 0;
  for (const x of inputs) {
    offsets.push(total);
    total += x.shape[0]!;
  }
  return tabulate([total, ...inputs[0]!.shape.slice(1)], (index) => {
    let which = inputs.length - 1;
    while (offsets[which]! > index[0]!) which--;
    return at(inputs[which]!, [index[0]! - offsets[which]!, ...index.slice(1)]);
  });
}

/** Joins tensors along an axis (axis 0 on the generic checks, with two or three inputs). */
export const concatSpec = defineSpec({
  op: 'concat',
  kind: 'primitive',
  call: (...xs) => concat(xs, 0),
  shapes: [
    [[2], [3]],
    [
      [2, 3],
      [1, 3],
    ],
    [
      [1, 2],
      [2, 2],
      [3, 2],
    ],
    [
      [1, 2, 2],
      [2, 2, 2],
    ],
  ],
  secondOrder: true,
  linear: 'joint',
  oracle: concatAxis0,
  reference: [
    {
      name: 'along axis 1',
      call: (a, b) => concat([a!, b!], 1),
      inputs: [
        [[1], [2]],
        [[3], [4]],
      ],
      expected: [
        [1, 3],
        [2, 4],
      ],
      upstream: [
        [1, 2],
        [3, 4],
      ],
      grads: [
        [[1], [3]],
        [[2], [4]],
      ],
    },
    {
      name: 'along axis -1 of three',
      call: (...xs) => concat(xs, -1),
      inputs: [[1], [2, 3], [4]],
      expected: [1, 2, 3, 4],
      upstream: [1, 2, 3, 4],
      grads: [[1], [2, 3], [4]],
    },
    {
      name: 'a single input',
      call: (x) => concat([x!]),
      inputs: [[5, 6]],
      expected: [5, 6],
      grads: [[1, 1]],
    },
  ],
  edge: [
    {
      inputs: [
        [1e3, 0],
        [-1e3, 1e-300],
      ],
      expected: [1e3, 0, -1e3, 1e-300],
      grads: [
        [1, 1],
        [1, 1],
      ],
    },
  ],
});
