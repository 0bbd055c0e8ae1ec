/**
 * jacfwd, jacrev and hessian map one jvp / one backward pass over a basis with `vmap`. Their
 * contract: every column (row) has the bits a single jvp (backward pass) along that basis
 * direction gives. The oracles below are the loops the transforms used to run, one direction at a
 * time; each op family and the seed network are checked against them bit for bit.
 */
import {
  abs,
  add,
  broadcastTo,
  clamp,
  concat,
  div,
  exp,
  grad,
  gradients,
  greater,
  hessian,
  jacfwd,
  jacobian,
  jacrev,
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
  vmap,
  where,
} from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { jvpFlat } from '../src/transform/forward';

const rng = numpyRandom(13);

function sample(shape: number[], lo: number, hi: number): Tensor {
  const n = shape.reduce((a, d) => a * d, 1);
  return tensor(
    Float64Array.from({ length: n }, () => rng.uniform(lo, hi)),
    { shape },
  );
}

function basis(shape: readonly number[], size: number, k: number): Tensor {
  const data = new Float64Array(size);
  data[k] = 1;
  return tensor(data, { shape });
}

type Flat = (xs: Tensor[]) => Tensor[];

/** The oracle of jacfwd: one jvp per basis direction of each input (other tangents zero, symbolically). */
function loopForward(f: Flat, ins: readonly Tensor[]): Tensor[][] {
  const columns = ins.map((x, i) =>
    Array.from(
      { length: x.size },
      (_, k) =>
        jvpFlat(
          f,
          ins,
          ins.map((_, j) => (j === i ? basis(x.shape, x.size, k) : null)),
        )[1],
    ),
  );
  return f([...ins]).map((o, oi) =>
    ins.map((x, i) => {
      const data = new Float64Array(o.size * x.size);
      columns[i]!.forEach((tangents, k) => {
        const column = tangents[oi]!.data;
        for (let p = 0; p < o.size; p++) data[p * x.size + k] = column[p]!;
      });
      return tensor(data, { shape: [...o.shape, ...x.shape] });
    }),
  );
}

/** The oracle of jacrev: one recorded evaluation, then one backward pass per basis direction of each output. */
function loopReverse(f: Flat, ins: readonly Tensor[]): Tensor[][] {
  const targets = ins.map((x) => tensor(Float64Array.from(x.data), { shape: x.shape, requiresGrad: true }));
  return f(targets).map((o) => {
    const rows = Array.from({ length: o.size }, (_, p) =>
      gradients(o, targets, basis(o.shape, o.size, p), { retainGraph: true }),
    );
    return ins.map((x, i) => {
      const data = new Float64Array(o.size * x.size);
      rows.forEach((grads, p) => {
        data.set(grads[i]!.data, p * x.size);
      });
      return tensor(data, { shape: [...o.shape, ...x.shape] });
    });
  });
}

/** The first place two tensors differ in shape or in bits (NaN equals NaN, −0 differs from +0), or null. */
function bitDifference(actual: Tensor, expected: Tensor): string | null {
  if (actual.shape.join() !== expected.shape.join()) return `shape [${actual.shape}] vs [${expected.shape}]`;
  const a = actual.data;
  const e = expected.data;
  for (let k = 0; k < e.length; k++) {
    if (!Object.is(a[k], e[k])) return `element ${k}: ${a[k]} vs ${e[k]}`;
  }
  return null;
}

function expectSameBits(actual: Tensor[][], expected: Tensor[][]): void {
  expect(actual.length).toBe(expected.length);
  const differences: string[] = [];
  expected.forEach((row, o) => {
    row.forEach((block, i) => {
      const d = bitDifference(actual[o]![i]!, block);
      if (d !== null) differences.push(`block [${o}][${i}]: ${d}`);
    });
  });
  expect(differences).toEqual([]);
}

// a: [3, 2] (positive, for log, sqrt and pow), b: [2, 2]; each case uses at least one primitive family.
const a = sample([3, 2], 0.5, 1.5);
const b = sample([2, 2], -1, 1);
const row = (v: Tensor) => slice(v, [0, 0], [1, 2]); // [1, 2]: broadcasts against [3, 2]
const cases: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
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

describe('jacfwd, jacrev and hessian under vmap equal one pass per basis direction, bit for bit', () => {
  for (const [name, f] of Object.entries(cases)) {
    const flat: Flat = ([x, y]) => [f(x!, y!)];
    it(`${name}: jacfwd`, () => {
      const J = jacfwd(f, { argnums: [0, 1] })(a, b);
      expectSameBits([J], loopForward(flat, [a, b]));
    });
    it(`${name}: jacrev`, () => {
      const J = jacrev(f, { argnums: [0, 1] })(a, b);
      expectSameBits([J], loopReverse(flat, [a, b]));
    });
    it(`${name}: hessian (forward over reverse)`, () => {
      const s = (x: Tensor, y: Tensor) => f(x, y).square().sum();
      const H = hessian(s, { argnums: [0, 1] })(a, b);
      const oracle = loopForward(([x, y]) => grad(s)(x!, y!), [a, b]);
      expectSameBits(H, oracle);
    });
  }

  // The seed network (shared/seed/backprop-xor.md): 2-2-1 sigmoid on XOR, L = ½ Σ (y − ŷ)².
  const X = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const Y = tensor([[0], [1], [1], [0]]);
  const params = [
    sample([2, 2], -1, 1),
    sample([1, 2], -0.1, 0.1),
    sample([2, 1], -1, 1),
    sample([1, 1], -0.1, 0.1),
  ];
  const forward = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) =>
    sigmoid(matmul(sigmoid(matmul(X, W1).add(b1)), W2).add(b2));
  const loss = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) =>
    Y.sub(forward(W1, b1, W2, b2))
      .square()
      .sum()
      .mul(0.5);
  const all = { argnums: [0, 1, 2, 3] as const };
  const [W1, b1, W2, b2] = params as [Tensor, Tensor, Tensor, Tensor];

  it('the seed network: the Jacobian of its outputs w.r.t. its parameters, both modes', () => {
    const flat: Flat = ([w1, c1, w2, c2]) => [forward(w1!, c1!, w2!, c2!)];
    expectSameBits([jacfwd(forward, all)(W1, b1, W2, b2)], loopForward(flat, params));
    expectSameBits([jacrev(forward, all)(W1, b1, W2, b2)], loopReverse(flat, params));
  });

  it('the seed network: the Hessian of its loss w.r.t. its parameters', () => {
    const H = hessian(loss, all)(W1, b1, W2, b2);
    const oracle = loopForward(([w1, c1, w2, c2]) => grad(loss)(w1!, c1!, w2!, c2!), params);
    expectSameBits(H, oracle);
  });

  it('pytree results: every output block, in the output structure', () => {
    const f = (x: Tensor, y: Tensor) => ({ p: matmul(x, y).tanh(), q: [x.sum(), y.mul(x.sum())] });
    const flat: Flat = ([x, y]) => {
      const r = f(x!, y!);
      return [r.p, r.q[0]!, r.q[1]!];
    };
    for (const [J, oracle] of [
      [jacfwd(f, { argnums: [0, 1] })(a, b), loopForward(flat, [a, b])],
      [jacrev(f, { argnums: [0, 1] })(a, b), loopReverse(flat, [a, b])],
    ] as const) {
      expectSameBits([J.p, J.q[0]!, J.q[1]!], oracle);
    }
  });

  it('composes: vmap of jacobian equals a loop of jacobian, and jacobian of jacobian equals the loops nested', () => {
    const xs = sample([4, 3, 2], 0.5, 1.5);
    const g = (x: Tensor) => tanh(matmul(x, b)).mul(x);
    const mapped = vmap(jacobian(g))(xs);
    const looped = Array.from({ length: 4 }, (_, e) => jacobian(g)(reshape(slice(xs, [e], [e + 1]), [3, 2])));
    expect(mapped.shape).toEqual([4, 3, 2, 3, 2]);
    looped.forEach((J, e) => {
      expect(bitDifference(reshape(slice(mapped, [e], [e + 1]), [3, 2, 3, 2]), J)).toBeNull();
    });
    const second = jacfwd(jacrev(g))(a);
    const oracle = loopForward(([x]) => [jacrev(g)(x!)], [a]);
    expectSameBits([[second]], oracle);
  });
});
