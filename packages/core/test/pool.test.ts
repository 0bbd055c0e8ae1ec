import { noGrad, randn, type Tensor, tensor, valueAndGrad } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { arraysCreated } from '../src/pool';

function net() {
  const rng = createRandom(3);
  const x = randn([6, 3], rng);
  const y = randn([6, 2], rng);
  const W1 = randn([3, 5], rng);
  const W2 = randn([5, 2], rng);
  const lossOf = (a: Tensor, b: Tensor) => y.sub(x.matmul(a).tanh().matmul(b).sigmoid()).square().sum();
  return { W1, W2, lossOf };
}

describe('the buffer pool', () => {
  it('lets a steady training loop reuse the arrays of its backward temporaries', () => {
    const { W1, W2, lossOf } = net();
    const step = valueAndGrad(lossOf);
    let params = [W1, W2];
    const run = () => {
      const [, grads] = step(params[0]!, params[1]!);
      params = noGrad(() => params.map((p, i) => p.sub(grads[i]!.mul(0.1))));
    };
    for (let i = 0; i < 3; i++) run();
    const before = arraysCreated();
    run();
    const perStep = arraysCreated() - before;
    // Unpooled, a step creates 20 arrays. With the pool, only what the caller can see is new:
    // 7 forward values (matmul, tanh, matmul, sigmoid, sub, square, sum), the 2 gradients and
    // the 4 arrays of the update (a mul and a sub per parameter). Every δ comes from the pool.
    expect(perStep).toBe(13);
  });

  it('never hands out a gradient the caller holds (regression: pooled .grad overwritten by the next step)', () => {
    const { W1, W2, lossOf } = net();
    const [, first] = valueAndGrad(lossOf)(W1, W2);
    const copies = first.map((g) => Array.from(g.data));
    for (let i = 0; i < 3; i++) valueAndGrad(lossOf)(W1.mul(1.5), W2.mul(0.5));
    expect(first.map((g) => Array.from(g.data))).toEqual(copies);
  });

  it('never hands out leaf .grad, a retained gradient, or what a hook saw', () => {
    const x = tensor([[0.5, -1, 2]], { requiresGrad: true });
    const w = tensor([[1], [2], [3]], { requiresGrad: true });
    const seen: Tensor[] = [];
    const h = x.matmul(w).tanh().retainGrad();
    h.registerHook((g) => {
      seen.push(g, g.mul(2));
      return undefined;
    });
    h.sum().backward();
    const kept = [x.grad!, w.grad!, h.grad!, ...seen].map((t) => Array.from(t.data));
    for (let i = 0; i < 3; i++) {
      const x2 = tensor([[1, 2, 3]], { requiresGrad: true });
      x2.matmul(w.detach()).tanh().sum().backward();
    }
    expect([x.grad!, w.grad!, h.grad!, ...seen].map((t) => Array.from(t.data))).toEqual(kept);
  });
});
