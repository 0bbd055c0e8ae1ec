import {
  abs,
  compile,
  DeltagradError,
  noGrad,
  randn,
  type Tensor,
  tensor,
  valueAndGrad,
} from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

/** A 2-4-3 tanh/sigmoid net with a softmax-free ½·SSE loss, as a training step over its four parameters. */
function mlp(seed: number) {
  const rng = createRandom(seed);
  const x = randn([5, 2], rng);
  const y = randn([5, 3], rng);
  const params = [randn([2, 4], rng), randn([1, 4], rng), randn([4, 3], rng), randn([1, 3], rng)];
  const lossOf = (W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) => {
    const h = x.matmul(W1).add(b1).tanh();
    const out = h.matmul(W2).add(b2).sigmoid();
    return y.sub(out).square().sum().mul(0.5);
  };
  const grads = valueAndGrad(lossOf);
  const step = (...ps: Tensor[]) => {
    const [loss, gs] = grads(ps[0]!, ps[1]!, ps[2]!, ps[3]!);
    return [loss, noGrad(() => ps.map((p, i) => p.sub(gs[i]!.mul(0.1))))] as const;
  };
  return { params, step };
}

/** Every value of every tensor, as bits (Object.is tells -0 from 0 and matches NaN). */
function sameBits(a: readonly Tensor[], b: readonly Tensor[]): boolean {
  return a.length === b.length && a.every((t, i) => t.data.every((v, j) => Object.is(v, b[i]!.data[j])));
}

describe('compile', () => {
  it.each([true, false])('replays a training step with the eager bits (codegen %s)', (codegen) => {
    const { params, step } = mlp(1);
    const compiled = compile(step, { codegen });
    let eager = params;
    let fast = params;
    for (let i = 0; i < 25; i++) {
      const [lossE, nextE] = step(...eager);
      const [lossC, nextC] = compiled(...fast);
      expect(Object.is(lossE.item(), lossC.item()), `loss at step ${i}`).toBe(true);
      expect(sameBits(nextE, nextC), `parameters at step ${i}`).toBe(true);
      eager = nextE;
      fast = nextC;
    }
    expect(compiled.mode).toBe(codegen ? 'generated' : 'loop');
    expect(compiled.kernelCount).toBeGreaterThan(20);
  });

  it('overwrites its results on the next call, and reads arguments before writing', () => {
    const f = compile((a: Tensor) => a.mul(2));
    const first = f(tensor([1, 2]));
    expect(first.toArray()).toEqual([2, 4]);
    const second = f(first); // the result passed back as the argument
    expect(second.toArray()).toEqual([4, 8]);
    expect(first).toBe(second);
  });

  it('traces again for arguments of new shapes and keeps both traces', () => {
    const f = compile((a: Tensor) => a.sum());
    expect(f(tensor([1, 2])).item()).toBe(3);
    expect(f.mode).toBe('traced');
    expect(f(tensor([1, 2, 3])).item()).toBe(6);
    expect(f.mode).toBe('traced');
    expect(f(tensor([5, 5])).item()).toBe(10);
    expect(f.mode).toBe('generated');
  });

  it('treats closed-over tensors as constants and arguments as the values that change', () => {
    const c = tensor([10, 20]);
    const f = compile((a: Tensor) => a.add(c));
    f(tensor([1, 1]));
    expect(f(tensor([2, 3])).toArray()).toEqual([12, 23]);
  });

  it('refuses to read values inside the traced function (NOT_COMPILABLE)', () => {
    const f = compile((a: Tensor) => (a.sum().item() > 0 ? a : a.neg()));
    expect(() => f(tensor([1]))).toThrow(DeltagradError);
    expect(() => f(tensor([1]))).toThrow(/item\(\) reads the values/);
  });

  it('compiles derivatives that are masks (abs, clamp, leakyRelu, max, maximum, minimum, pow): same bits as eager', () => {
    const loss = (x: Tensor, y: Tensor) =>
      abs(x)
        .add(x.clamp(-0.5, 0.5))
        .add(x.leakyRelu(0.1))
        .add(x.maximum(y))
        .add(x.minimum(y))
        .add(y.abs().add(0.5).pow(x))
        .max(1)
        .sum();
    const f = compile((x: Tensor, y: Tensor) => valueAndGrad(loss)(x, y)[1]);
    const cases = [
      [
        tensor([
          [1, -2, 0.25],
          [0.5, 0.5, -1],
        ]),
        tensor([
          [1, 3, -0.25],
          [0.5, -0.5, 2],
        ]),
      ],
      [
        tensor([
          [-1, 2, 0.75],
          [0.5, 0.25, -1],
        ]),
        tensor([
          [0, 3, -0.25],
          [0.5, 0.5, 2],
        ]),
      ],
    ] as const;
    for (const [x, y] of cases) {
      const compiled = f(x, y).map((g) => g.toArray());
      const eager = valueAndGrad(loss)(x, y)[1].map((g) => g.toArray());
      expect(compiled).toEqual(eager);
    }
    expect(f.mode).toBe('generated');
  });

  it('replays batched products, sums over inner axes and slices (what vmap makes) with the eager bits', () => {
    // Each of these once replayed its whole forward per call (shapes checked, offsets recomputed).
    const f = (a: Tensor, b: Tensor, w: Tensor) => {
      const ab = a.matmul(b); // [3,4,2]·[3,2,5]
      const aw = a.matmul(w); // [3,4,2]·[2,5], w broadcast over the batch
      const wb = w.matmul(b, { transposeA: true }).matmul(w, { transposeB: true }); // [5,2]·[3,2,5], then ·[2,5]ᵀ
      const head = ab.add(aw).sum([1, 2]); // [3]
      const inner = wb.sum([1]); // [3,2]
      return [head.slice([1], [3]), inner.slice([0, 1], [2, 2]), ab.slice([1, 0, 2], [3, 4, 5])];
    };
    const compiled = compile(f);
    const rng = createRandom(7);
    for (let i = 0; i < 3; i++) {
      const args = [randn([3, 4, 2], rng), randn([3, 2, 5], rng), randn([2, 5], rng)] as const;
      expect(sameBits(compiled(...args), f(...args)), `call ${i}`).toBe(true);
    }
    expect(compiled.mode).toBe('generated');
  });

  it('rejects an argument that is not a tensor', () => {
    const f = compile((a: Tensor) => a);
    expect(() => f(3 as unknown as Tensor)).toThrow(/argument 0 is not a Tensor/);
  });
});
