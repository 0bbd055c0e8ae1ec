import {
  DeltagradError,
  grad,
  gradcheck,
  gradgradcheck,
  randn,
  type Tensor,
  tensor,
  valueAndGrad,
  vjp,
} from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

describe('grad, valueAndGrad, vjp', () => {
  it('grad returns one gradient per argument and writes no .grad', () => {
    const x = tensor([1, 2, 3]);
    const w = tensor([4, 5, 6]);
    const [dx, dw] = grad((a: Tensor, b: Tensor) => a.mul(b).sum())(x, w);
    expect(dx.toArray()).toEqual([4, 5, 6]);
    expect(dw.toArray()).toEqual([1, 2, 3]);
    expect(x.grad).toBeNull();
  });

  it('valueAndGrad returns the value too', () => {
    const [value, [dx]] = valueAndGrad((x: Tensor) => x.mul(x).sum())(tensor([1, 2, 3]));
    expect(value.item()).toBe(14);
    expect(dx.toArray()).toEqual([2, 4, 6]);
  });

  it('grad of grad gives second and third derivatives', () => {
    const f = (x: Tensor) => x.pow(4).sum(); // f' = 4x³, f'' = 12x², f''' = 24x
    const df = (x: Tensor) => grad(f)(x)[0].sum();
    const d2f = (x: Tensor) => grad(df)(x)[0].sum();
    const x = tensor([2]);
    expect(grad(f)(x)[0].item()).toBe(32);
    expect(grad(df)(x)[0].item()).toBe(48);
    expect(grad(d2f)(x)[0].item()).toBe(48);
  });

  it('grad of a function that ignores its argument is zero', () => {
    const [dx] = grad((_x: Tensor) => tensor(3))(tensor([1, 2]));
    expect(dx.toArray()).toEqual([0, 0]);
  });

  it('grad refuses non-scalar outputs with advice', () => {
    expect(() => grad((x: Tensor) => x.mul(2))(tensor([1, 2]))).toThrow(
      expect.objectContaining({ code: 'NON_SCALAR_OUTPUT' }),
    );
  });

  it('vjp pulls back any cotangent, repeatedly', () => {
    const { out, vjp: pullback } = vjp((x: Tensor) => x.mul(x), tensor([1, 2, 3]));
    expect(out.toArray()).toEqual([1, 4, 9]);
    expect(pullback(tensor([1, 0, 0]))[0].toArray()).toEqual([2, 0, 0]);
    expect(pullback(tensor([0, 1, 1]))[0].toArray()).toEqual([0, 4, 6]);
  });
});

describe('gradcheck', () => {
  const rng = createRandom(7);
  const layer = (x: Tensor, w: Tensor, b: Tensor) => x.matmul(w).add(b).tanh();

  it('passes on correct gradients, element-wise and in fast mode', () => {
    const inputs = [randn([4, 3], rng), randn([3, 2], rng), randn([2], rng)];
    const full = gradcheck(layer, inputs);
    expect(full.ok).toBe(true);
    expect(full.compared).toBe(8 * (12 + 6 + 2));
    expect(gradcheck(layer, inputs, { fast: true }).compared).toBe(1);
    expect(gradgradcheck(layer, inputs).ok).toBe(true);
  });

  it('names the input, the element and both values when a derivative is wrong', () => {
    // A hook that doubles the gradient flowing into x makes the analytic gradient wrong.
    const wrong = (x: Tensor) => {
      const y = x.mul(x);
      if (y.requiresGrad) y.registerHook((g) => g.mul(2));
      return y.sum();
    };
    const x = tensor([1, 2]);
    const result = gradcheck(wrong, [x], { raise: false });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ input: 0, element: [0], analytic: 4 });
    expect(result.failure!.numeric).toBeCloseTo(2, 6);
    expect(() => gradcheck(wrong, [x])).toThrow(DeltagradError);
    expect(() => gradcheck(wrong, [x])).toThrow(
      /input 0 \(shape \[2\]\) element \[0\].*analytic 4, numeric 2/,
    );
    expect(gradcheck(wrong, [x], { fast: true, raise: false }).ok).toBe(false);
  });
});
