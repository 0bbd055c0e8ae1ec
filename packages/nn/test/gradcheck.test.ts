import { gradcheck, gradgradcheck, randn, type Tensor, tensor } from '@deltagrad/core';
import {
  bce,
  bceWithLogits,
  functionalCall,
  halfSSE,
  Identity,
  LeakyReLU,
  Linear,
  LogSoftmax,
  type Module,
  mlp,
  mse,
  type Reduction,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  softmaxCrossEntropy,
  Tanh,
} from '@deltagrad/nn';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

const rng = createRandom(2024);
/** Values away from 0, so ReLU and LeakyReLU are checked off their kink. */
const offKink = (shape: number[]) => {
  const t = randn(shape, rng);
  return tensor(
    t.data.map((v) => (Math.abs(v) < 0.1 ? v + Math.sign(v || 1) * 0.2 : v)),
    { shape },
  );
};

/** Checks d(module(x))/d(x, every parameter) with gradcheck, parameters passed as arguments. */
function checkModule(module: Module, x: Tensor): void {
  const names = module.namedParameters().map(([n]) => n);
  const values = module.namedParameters().map(([, p]) => p.value.detach());
  const fn = (input: Tensor, ...params: Tensor[]) =>
    functionalCall(module, Object.fromEntries(names.map((n, i) => [n, params[i]!])), input);
  const result = gradcheck(fn, [x, ...values]);
  expect(result.ok).toBe(true);
  expect(result.compared).toBeGreaterThan(0);
}

describe('gradcheck of every module', () => {
  const x = offKink([3, 4]);
  const activations: Module[] = [
    new Identity(),
    new Sigmoid(),
    new Tanh(),
    new ReLU(),
    new LeakyReLU(0.1),
    new Softplus(),
    new Softmax(),
    new LogSoftmax(),
  ];
  for (const m of activations) {
    it(m.toString(), () => {
      checkModule(m, x);
    });
  }

  it('Linear (x, W, b)', () => {
    checkModule(new Linear(4, 3), x);
  });

  it('Linear without bias', () => {
    checkModule(new Linear(4, 2, { bias: false }), x);
  });

  it('Sequential / mlp with every activation', () => {
    const model = mlp({
      sizes: [4, 5, 4, 3, 3, 2, 2, 1],
      activations: ['tanh', 'sigmoid', 'softplus', 'leakyRelu', 'relu', 'identity', 'sigmoid'],
      seed: 5,
    });
    checkModule(model, x);
  });

  it('nested Sequential, second derivatives too (gradgradcheck)', () => {
    const model = new Sequential(
      new Sequential(new Linear(4, 3), new Tanh()),
      new Linear(3, 2),
      new Sigmoid(),
    );
    checkModule(model, x);
    const names = model.namedParameters().map(([n]) => n);
    const values = model.namedParameters().map(([, p]) => p.value.detach());
    const fn = (input: Tensor, ...params: Tensor[]) =>
      functionalCall(model, Object.fromEntries(names.map((n, i) => [n, params[i]!])), input);
    expect(gradgradcheck(fn, [x, ...values]).ok).toBe(true);
  });
});

describe('gradcheck of every loss', () => {
  const reductions: Reduction[] = ['mean', 'sum', 'none'];
  const p = tensor([
    [0.2, 0.7],
    [0.9, 0.4],
    [0.55, 0.1],
  ]);
  const soft = tensor([
    [0.1, 0.9],
    [0.6, 0.4],
    [0.3, 0.7],
  ]);

  it('halfSSE (prediction and target)', () => {
    expect(gradcheck(halfSSE, [p, soft]).ok).toBe(true);
  });

  for (const reduction of reductions) {
    it(`mse, reduction ${reduction}`, () => {
      expect(gradcheck((a, b) => mse(a, b, { reduction }), [p, soft]).ok).toBe(true);
    });
    it(`bce, reduction ${reduction}`, () => {
      expect(gradcheck((a, b) => bce(a, b, { reduction }), [p, soft]).ok).toBe(true);
    });
    it(`bceWithLogits, reduction ${reduction}`, () => {
      expect(gradcheck((a, b) => bceWithLogits(a, b, { reduction }), [randn([3, 2], rng), soft]).ok).toBe(
        true,
      );
    });
    it(`softmaxCrossEntropy (probabilities and labels), reduction ${reduction}`, () => {
      const logits = randn([3, 4], rng);
      const probs = tensor([
        [0.1, 0.2, 0.3, 0.4],
        [1, 0, 0, 0],
        [0.25, 0.25, 0.25, 0.25],
      ]);
      expect(gradcheck((z, t) => softmaxCrossEntropy(z, t, { reduction }), [logits, probs]).ok).toBe(true);
      const labels = tensor([3, 0, 2]);
      expect(gradcheck((z) => softmaxCrossEntropy(z, labels, { reduction }), [logits]).ok).toBe(true);
    });
  }

  it('bceWithLogits at logits ±1e3: finite, and the gradient is σ(z) − y', () => {
    const z = tensor([
      [1e3, -1e3],
      [-1e3, 1e3],
    ]);
    const t = tensor([
      [1, 0],
      [1, 0],
    ]);
    const result = gradcheck((a) => bceWithLogits(a, t, { reduction: 'sum' }), [z]);
    expect(result.ok).toBe(true);
    const leaf = z.detach().requireGrad();
    const loss = bceWithLogits(leaf, t, { reduction: 'sum' });
    expect(loss.item()).toBe(2000);
    loss.backward();
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    expect(leaf.grad?.toArray()).toEqual(z.toArray().map((v, i) => sig(v) - t.toArray()[i]!));
    expect(leaf.grad?.toArray()).toEqual([0, 0, -1, 1]);
    // Also with the target as a differentiated input, and at mixed signs near the extremes.
    expect(
      gradcheck((a, b) => bceWithLogits(a, b), [tensor([[999.5, -999.5]]), tensor([[0.3, 0.8]])]).ok,
    ).toBe(true);
  });
});
