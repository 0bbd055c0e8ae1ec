import { defineOp, grad, jacfwd, jvp, linearize, type Tensor, tensor, vjp, vmap } from '@deltagrad/core';
import { describe, expect, it } from 'vitest';
import { thrown } from './expect-error';
import { a, b, cases, forward, loss, params, sample } from './op-families';

/** Same shape and the same bits (NaN equals NaN, −0 differs from +0). */
function expectSameBits(actual: Tensor, expected: Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const differing = Array.from(expected.data).flatMap((e, k) => (Object.is(actual.data[k], e) ? [] : [k]));
  expect(differing).toEqual([]);
}

describe('linearize', () => {
  it('gives the outputs of f and an fJvp with the bits of jvp, on every op family', () => {
    for (const [name, f] of Object.entries(cases)) {
      const [y, fJvp] = linearize(f, a, b);
      expectSameBits(y, f(a, b));
      for (let trial = 0; trial < 2; trial++) {
        const ta = sample([3, 2], -1, 1);
        const tb = sample([2, 2], -1, 1);
        const [, expected] = jvp(f, [a, b], [ta, tb]);
        try {
          expectSameBits(fJvp(ta, tb), expected);
        } catch (e) {
          throw new Error(`${name}: ${String(e)}`);
        }
      }
    }
  });

  it('never evaluates f again: fJvp replays the recorded linear part (counting calls)', () => {
    let calls = 0;
    const counted = (...ps: Tensor[]) => {
      calls++;
      return forward(ps[0]!, ps[1]!, ps[2]!, ps[3]!);
    };
    const [out, fJvp] = linearize(counted, ...params);
    expect(calls).toBe(1);
    expectSameBits(out, forward(params[0]!, params[1]!, params[2]!, params[3]!));
    for (let trial = 0; trial < 3; trial++) {
      const tangents = params.map((p) => sample([...p.shape], -1, 1));
      const got = fJvp(...tangents);
      const before = calls;
      const [, expected] = jvp(counted, params, tangents);
      expect(calls).toBe(before + 1);
      expectSameBits(got, expected);
    }
    expect(calls).toBe(1 + 3); // the jvp oracle's three calls only
  });

  it('linearizes the seed loss: fJvp(t) is ⟨∇L, t⟩, and equals jvp bit for bit', () => {
    type Four = [Tensor, Tensor, Tensor, Tensor];
    const at = params as Four;
    const [L, fJvp] = linearize(loss, ...at);
    expectSameBits(L, loss(...at));
    const tangents = params.map((p) => sample([...p.shape], -1, 1)) as Four;
    const dL = fJvp(...tangents);
    expectSameBits(dL, jvp(loss, at, tangents)[1]);
    const gradient = grad(loss)(params[0]!, params[1]!, params[2]!, params[3]!);
    const inner = gradient.reduce((s, g, i) => s + g.mul(tangents[i]!).sum().item(), 0);
    expect(Math.abs(dL.item() - inner)).toBeLessThan(1e-14);
  });

  it('takes and returns pytrees: one tangent per primal of its structure, output tangents as the outputs', () => {
    const f = (p: { w: Tensor; b: Tensor }, x: Tensor) => ({
      out: x.matmul(p.w).add(p.b).tanh(),
      norms: [p.w.square().sum(), x.sum()],
    });
    const primals = [{ w: b, b: tensor([[0.1, -0.2]]) }, a] as const;
    const [y, fJvp] = linearize(f, ...primals);
    expect(y.out.shape).toEqual([3, 2]);
    const tangents = [{ w: sample([2, 2], -1, 1), b: sample([1, 2], -1, 1) }, sample([3, 2], -1, 1)] as const;
    const got = fJvp(...tangents);
    const [, expected] = jvp(f, [...primals], [...tangents]);
    expectSameBits(got.out, expected.out);
    expectSameBits(got.norms[0]!, expected.norms[0]!);
    expectSameBits(got.norms[1]!, expected.norms[1]!);
  });

  it("takes null for a zero tangent (a symbolic zero): the derivative along the other arguments, with jacfwd's bits", () => {
    type Four = [Tensor, Tensor, Tensor, Tensor];
    const at = params as Four;
    const [, fJvp] = linearize(loss, ...at);
    // One parameter tensor at a time, the others null: vmap over its basis is its gradient,
    // bit for bit what jacfwd gives (whose JVPs hold the other tangents null too).
    at.forEach((p, i) => {
      const basis = tensor(
        Array.from({ length: p.size * p.size }, (_, k) => (k % (p.size + 1) === 0 ? 1 : 0)),
        { shape: [p.size, ...p.shape] },
      );
      const column = vmap((t: Tensor) => fJvp(...(at.map((_, j) => (j === i ? t : null)) as Four)))(basis);
      expectSameBits(column.reshape(p.shape), jacfwd(loss, { argnums: i })(...at));
    });
    // Every tangent null: zero, of the output's shape.
    const zero = fJvp(null, null, null, null);
    expect(zero.shape).toEqual([]);
    expect(zero.item()).toBe(0);
    // Against explicit zeros, on every op family: the same values (up to the sign of a zero).
    for (const [name, f] of Object.entries(cases)) {
      const [, g] = linearize(f, a, b);
      const ta = sample([3, 2], -1, 1);
      const symbolic = Array.from(g(ta, null).data);
      const explicit = Array.from(g(ta, tensor(new Float64Array(4), { shape: [2, 2] })).data);
      expect(
        symbolic.map((v, k) => v === explicit[k] || (Number.isNaN(v) && Number.isNaN(explicit[k]!))),
        name,
      ).not.toContain(false);
    }
  });

  it('gives zero for an output that does not depend on the primals', () => {
    const [, fJvp] = linearize((x: Tensor) => [x.exp(), tensor([1, 2])], a);
    const [dy, dc] = fJvp(sample([3, 2], -1, 1));
    expect(dy!.shape).toEqual([3, 2]);
    expect(dc!.toArray()).toEqual([0, 0]);
  });

  it('is made of ops: its gradient in the tangents is the transposed map (the VJP)', () => {
    const f = (x: Tensor, y: Tensor) => x.matmul(y).sigmoid();
    const [, fJvp] = linearize(f, a, b);
    const u = sample([3, 2], -1, 1);
    const [ga, gb] = grad((ta: Tensor, tb: Tensor) => fJvp(ta, tb).mul(u).sum())(
      sample([3, 2], -1, 1),
      sample([2, 2], -1, 1),
    );
    const [va, vb] = vjp(f, a, b).vjp(u);
    for (const [got, want] of [
      [ga!, va!],
      [gb!, vb!],
    ] as const) {
      got.toArray().forEach((v, k) => {
        expect(Math.abs(v - want.data[k]!)).toBeLessThan(1e-15);
      });
    }
  });

  it('works for a user op whose JVP is derived from its VJP', () => {
    const cube = defineOp({
      name: 'cubeForLinearize',
      forward: (x) => ({ data: x.data.map((v) => v * v * v), shape: x.shape }),
      vjp: (g, { inputs: [x] }) => [g.mul(x!.square().mul(3))],
    });
    const f = (x: Tensor) => cube(x).sum();
    const [, fJvp] = linearize(f, a);
    const t = sample([3, 2], -1, 1);
    expectSameBits(fJvp(t), jvp(f, [a], [t])[1]);
  });

  it('refuses tangents that do not fit the primals, naming the argument and the shapes', () => {
    const [, fJvp] = linearize((x: Tensor, p: { w: Tensor }) => x.matmul(p.w), a, { w: b });
    const count = thrown(() => (fJvp as (...ts: unknown[]) => unknown)(a));
    expect(count.code).toBe('INVALID_ARGUMENT');
    expect(count.message).toBe('linearize: fJvp takes 2 tangents (one per primal), got 1');
    const shape = thrown(() => fJvp(tensor([1, 2]), { w: b }));
    expect(shape.code).toBe('SHAPE_MISMATCH');
    expect(shape.message).toBe('linearize: tangents[0] has shape [2], its primal [3, 2]');
    const tree = thrown(() => (fJvp as (...ts: unknown[]) => unknown)(a, [b]));
    expect(tree.code).toBe('SHAPE_MISMATCH');
    expect(tree.message).toBe('linearize: tangents[1] has structure [Tensor], its primal { w: Tensor }');
    const junk = thrown(() => (fJvp as (...ts: unknown[]) => unknown)(a, { w: 3 }));
    expect(junk.code).toBe('INVALID_ARGUMENT');
    expect(junk.message).toMatch(/^linearize: tangents\[1\]\.w must be a Tensor/);
    expect(thrown(() => linearize(3 as never, a)).message).toMatch(/^linearize: f must be a function/);
  });
});
