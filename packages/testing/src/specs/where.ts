import { exp, greater, less, log, mul, sqrt, where } from '@deltagrad/core';
import { defineSpec } from '../spec';

/**
 * cond ? a : b, all three broadcast. The condition is sampled away from 0 (so finite
 * differences never flip it) and gets no gradient. The edge cases check that the untaken
 * branch never leaks NaN or Infinity into the gradient.
 */
export const whereSpec = defineSpec({
  op: 'where',
  kind: 'primitive',
  call: (cond, a, b) => where(cond, a, b),
  shapes: [
    [
      [2, 3],
      [2, 3],
      [2, 3],
    ],
    [[2, 3], [3], [2, 1]],
    [[3], [2, 3], []],
    [[], [], []],
  ],
  avoid: [{ points: [0], margin: 0.05 }, undefined, undefined],
  secondOrder: true,
  scalar: (cond, a, b) => (cond !== 0 ? a : b),
  derivative: (cond) => [0, cond !== 0 ? 1 : 0, cond !== 0 ? 0 : 1],
  reference: [
    {
      inputs: [
        [1, 0, 1],
        [1, 2, 3],
        [10, 20, 30],
      ],
      expected: [1, 20, 3],
      grads: [
        [0, 0, 0],
        [1, 0, 1],
        [0, 1, 0],
      ],
    },
    {
      name: 'broadcast branches sum their taken elements',
      inputs: [[1, 0, 1], 5, [7]],
      expected: [5, 7, 5],
      grads: [[0, 0, 0], 2, [1]],
    },
  ],
  edge: [
    {
      name: 'a negative condition (-1e3) counts as true',
      inputs: [-1e3, 1e3, 0],
      expected: 1e3,
      grads: [0, 1, 0],
    },
    {
      name: 'where(x > 0, sqrt(x), 0) at x = 0',
      call: (x) => where(greater(x, 0), sqrt(x), 0),
      inputs: [0],
      expected: 0,
      grads: [0],
    },
    {
      name: 'where(x > 0, sqrt(x), 0) at x = -1',
      call: (x) => where(greater(x, 0), sqrt(x), 0),
      inputs: [-1],
      expected: 0,
      grads: [0],
    },
    {
      name: 'where(x > 0, log(x), 0) at x = 0',
      call: (x) => where(greater(x, 0), log(x), 0),
      inputs: [0],
      expected: 0,
      grads: [0],
    },
    {
      name: 'where(x > 0, log(x), 0) at x = -1',
      call: (x) => where(greater(x, 0), log(x), 0),
      inputs: [-1],
      expected: 0,
      grads: [0],
    },
    {
      name: 'where(x < 100, exp(x), 0) at x = 1e3',
      call: (x) => where(less(x, 100), exp(x), 0),
      inputs: [1e3],
      expected: 0,
      grads: [0],
    },
    {
      name: 'where(x < 100, x·exp(x), 0) at x = 1e3',
      call: (x) => where(less(x, 100), mul(x, exp(x)), 0),
      inputs: [1e3],
      expected: 0,
      grads: [0],
    },
    {
      name: 'where(x > 0, x·log(x), 0) at x = 0 (an entropy term)',
      call: (x) => where(greater(x, 0), mul(x, log(x)), 0),
      inputs: [0],
      expected: 0,
      grads: [0],
    },
    {
      name: 'the untaken branch gets 0 for an upstream gradient of ±∞ or NaN',
      inputs: [
        [0, 0, 1],
        [1, 2, 3],
        [4, 5, 6],
      ],
      upstream: [Infinity, NaN, -Infinity],
      expected: [4, 5, 3],
      grads: [
        [0, 0, 0],
        [0, 0, -Infinity],
        [Infinity, NaN, 0],
      ],
    },
    {
      name: 'where(x > 0, sqrt(x), 0) taken at x = 1e-300',
      call: (x) => where(greater(x, 0), sqrt(x), 0),
      inputs: [1e-300],
      expected: 1e-150,
      grads: [5e149],
    },
  ],
});
