/**
 * Functions that exercise every family of primitives (each case at least one), and the seed
 * network, for the tests that check a transform against its definition on all of them.
 */
import {
  abs,
  add,
  broadcastTo,
  clamp,
  concat,
  div,
  exp,
  greater,
  leakyRelu,
  log,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maximum,
  mean,
  minimum,
  mul,
  mulNoNan,
  neg,
  pad,
  permute,
  pow,
  powScalar,
  relu,
  reshape,
  sigmoid,
  slice,
  softmax,
  softplus,
  sqrt,
  square,
  sub,
  sum,
  type Tensor,
  tanh,
  tensor,
  where,
} from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';

const rng = numpyRandom(13);

/** A tensor of `shape` drawn uniformly from [lo, hi). */
export function sample(shape: number[], lo: number, hi: number): Tensor {
  const n = shape.reduce((a, d) => a * d, 1);
  return tensor(
    Float64Array.from({ length: n }, () => rng.uniform(lo, hi)),
    { shape },
  );
}

// a: [3, 2] (positive, for log, sqrt and pow), b: [2, 2]; each case uses at least one primitive family.
export const a = sample([3, 2], 0.5, 1.5);
export const b = sample([2, 2], -1, 1);
const row = (v: Tensor) => slice(v, [0, 0], [1, 2]); // [1, 2]: broadcasts against [3, 2]
export const cases: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
  'add, sub, neg (broadcast)': (x, y) => neg(sub(add(x, row(y)), row(y).mul(2))),
  'mul, div': (x, y) => div(mul(x, row(y)), x.add(1)),
  mulNoNan: (x, y) => mulNoNan(x, row(y)),
  'pow, powScalar, square': (x, y) =>
    pow(x, row(y))
      .add(powScalar(x, 3))
      .add(square(row(y))),
  'exp, log, sqrt, abs': (x, y) =>
    exp(row(y))
      .mul(log(x))
      .add(sqrt(x))
      .sub(abs(row(y))),
  'sigmoid, tanh': (x, y) => sigmoid(x.mul(row(y))).add(tanh(x.sub(row(y)))),
  'relu, leakyRelu, softplus': (x, y) =>
    relu(x.sub(1).mul(row(y)))
      .add(leakyRelu(x.sub(row(y)), 0.1))
      .add(softplus(x.mul(row(y)))),
  'maximum, minimum, clamp': (x, y) =>
    maximum(x.sub(1), row(y))
      .add(minimum(x, row(y).add(1)))
      .add(clamp(x, 0.7, 1.2)),
  'compare, where': (x, y) => where(greater(x.sub(1), row(y)), x.mul(row(y)), x.square()),
  matmul: (x, y) => matmul(x, y),
  'matmul, transposes (NT, TN in the rules)': (x, y) => matmul(matmul(x, y), permute(y, [1, 0])).tanh(),
  'sum, mean (over axes)': (x, y) => add(sum(x.mul(row(y)), 0, true), mean(x.square(), 1).reshape([3, 1])),
  'max (reduction)': (x, y) => max(x.mul(row(y)), 1).add(max(x.add(row(y)))),
  'reshape, permute, broadcastTo': (x, y) =>
    permute(reshape(x, [2, 3]), [1, 0]).mul(broadcastTo(row(y), [3, 2])),
  'slice, pad, concat': (x, y) => concat([pad(slice(x, [1, 0], [3, 2]), [1, 0], [0, 0]), y.mul(x.sum())], 0),
  'softmax, logSoftmax, logSumExp': (x, y) =>
    softmax(x.mul(row(y)), 1)
      .add(logSoftmax(x, 0))
      .add(logSumExp(x.add(row(y)), 1, true)),
};

// The seed network (shared/seed/backprop-xor.md): 2-2-1 sigmoid on XOR, L = ½ Σ (y − ŷ)².
export const X = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
export const Y = tensor([[0], [1], [1], [0]]);
export const params = [
  sample([2, 2], -1, 1),
  sample([1, 2], -0.1, 0.1),
  sample([2, 1], -1, 1),
  sample([1, 1], -0.1, 0.1),
];
export const forward = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) =>
  sigmoid(matmul(sigmoid(matmul(X, W1).add(b1)), W2).add(b2));
export const loss = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) =>
  Y.sub(forward(W1, b1, W2, b2))
    .square()
    .sum()
    .mul(0.5);
