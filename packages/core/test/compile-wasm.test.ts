import { compile, matmul, noGrad, randn, setKernels, type Tensor, valueAndGrad } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => setKernels('js'));

/** Every value of every tensor, as bits (Object.is tells -0 from 0 and matches NaN). */
function sameBits(a: readonly Tensor[], b: readonly Tensor[]): boolean {
  return a.length === b.length && a.every((t, i) => t.data.every((v, j) => Object.is(v, b[i]!.data[j])));
}

/**
 * A training step of an in-h-out relu/tanh net on a batch of `batch`, L = ½·SSE, plain SGD: its
 * products run in all three layouts (x·W forward, δ·Wᵀ and aᵀ·δ backward), with the data x and
 * y closed over (constants of the trace) and the parameters as arguments.
 */
function net(seed: number, batch: number, sizes: [number, number, number]) {
  const rng = createRandom(seed);
  const [nIn, nHidden, nOut] = sizes;
  const x = randn([batch, nIn], rng);
  const y = randn([batch, nOut], rng);
  const params = [randn([nIn, nHidden], rng), randn([1, nHidden], rng), randn([nHidden, nOut], rng)];
  const lossOf = (W1: Tensor, b1: Tensor, W2: Tensor) => {
    const h = x.matmul(W1).add(b1).relu();
    return y.sub(h.matmul(W2).tanh()).square().sum().mul(0.5);
  };
  const grads = valueAndGrad(lossOf);
  const step = (...ps: Tensor[]) => {
    const [loss, gs] = grads(ps[0]!, ps[1]!, ps[2]!);
    return [loss, noGrad(() => ps.map((p, i) => p.sub(gs[i]!.mul(0.01))))] as const;
  };
  return { params, step };
}

/** `steps` steps, eager with the JS kernels: the reference bits. */
function eagerRun(seed: number, batch: number, sizes: [number, number, number], steps: number): Tensor[] {
  setKernels('js');
  const { params, step } = net(seed, batch, sizes);
  let ps = params;
  let loss: Tensor | null = null;
  for (let s = 0; s < steps; s++) [loss, ps] = step(...ps);
  return [loss!, ...ps];
}

describe('a compiled step with the WASM kernels (buffers resident in its own WebAssembly memory)', () => {
  // Odd shapes: 1×1 products, k = 1, widths that leave every edge tile, and 64×96 products
  // large enough for the WASM kernel in every layout. `resident`: some product is large enough
  // for WebAssembly (batch·in·hidden ≥ 2,048), so the step moves its buffers into its own
  // memory; with none (every product runs the JS kernel) its arrays stay plain.
  it.each<[number, [number, number, number], boolean]>([
    [1, [1, 1, 1], false],
    [3, [5, 1, 3], false],
    [17, [33, 5, 1], true],
    [65, [33, 17, 3], true],
    [64, [96, 70, 9], true],
  ])('gives the eager JS bits: batch %i, sizes %j (resident: %s)', (batch, sizes, resident) => {
    const steps = 4;
    const want = eagerRun(batch, batch, sizes, steps);
    setKernels('wasm');
    const { params, step } = net(batch, batch, sizes);
    const compiled = compile(step);
    let ps = params;
    let loss: Tensor | null = null;
    for (let s = 0; s < steps; s++) [loss, ps] = compiled(...ps);
    expect(compiled.mode).toBe('generated');
    expect(sameBits([loss!, ...ps], want)).toBe(true);
    // Resident results are views into the step's WebAssembly memory, not arrays of their own.
    for (const t of [loss!, ...ps]) {
      expect(t.data.buffer.byteLength > t.data.byteLength).toBe(resident);
    }
  });

  it('keeps its results valid, and its bits, while eager products grow the shared WASM memory', () => {
    const want = eagerRun(9, 64, [96, 70, 9], 3);
    setKernels('wasm');
    const { params, step } = net(9, 64, [96, 70, 9]);
    const compiled = compile(step);
    let [loss, ps] = compiled(...params);
    // An eager product this size makes the module's shared memory grow (a detaching change).
    const big = randn([700, 700], createRandom(3));
    matmul(big, big);
    expect(Number.isFinite(loss.item())).toBe(true);
    for (let s = 1; s < 3; s++) {
      [loss, ps] = compiled(...ps);
      matmul(big, big);
    }
    expect(sameBits([loss, ...ps], want)).toBe(true);
  });

  it('a step traced with the WASM kernels gives the same bits after switching to the JS kernels', () => {
    const want = eagerRun(4, 64, [96, 70, 9], 3);
    setKernels('wasm');
    const { params, step } = net(4, 64, [96, 70, 9]);
    const compiled = compile(step);
    let [loss, ps] = compiled(...params);
    setKernels('js');
    for (let s = 1; s < 3; s++) [loss, ps] = compiled(...ps);
    expect(sameBits([loss, ...ps], want)).toBe(true);
  });
});
