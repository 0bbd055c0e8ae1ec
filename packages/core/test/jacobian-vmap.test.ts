/**
 * jacfwd, jacrev and hessian map one jvp / one backward pass over a basis with `vmap`. Their
 * contract: every column (row) has the bits a single jvp (backward pass) along that basis
 * direction gives. The oracles below are the loops the transforms used to run, one direction at a
 * time; each op family and the seed network are checked against them bit for bit.
 */
import {
  grad,
  gradients,
  hessian,
  jacfwd,
  jacobian,
  jacrev,
  matmul,
  reshape,
  slice,
  type Tensor,
  tanh,
  tensor,
  vmap,
} from '@deltagrad/core';
import { describe, expect, it } from 'vitest';
import { jvpFlat } from '../src/transform/forward';
import { a, b, cases, forward, loss, params, sample } from './op-families';

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

  const [W1, b1, W2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
  const all = { argnums: [0, 1, 2, 3] as const };

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
