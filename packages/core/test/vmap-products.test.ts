import { DeltagradError, matmul, randn, type Tensor, vmap } from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { row, stack } from './batch';

// The matrix products' batching rule folds a batch into one GEMM where one operand is a shared
// matrix (reshapes, or gathers for small per-example products); these tests hold every
// folding to a loop over the examples, bit for bit, and check that the fold happened.

const rng = numpyRandom(11);

type Layout = 'nn' | 'nt' | 'tn';
const opts = (layout: Layout) => ({ transposeA: layout === 'tn', transposeB: layout === 'nt' });

/** The stored shapes of a and b for op(a)·op(b) of m×k by k×n in `layout`. */
function shapes(layout: Layout, m: number, k: number, n: number): [number[], number[]] {
  return [layout === 'tn' ? [k, m] : [m, k], layout === 'nt' ? [n, k] : [k, n]];
}

/** vmap of the product over `batched` operands against the loop, bit for bit. */
function expectLoopBits(layout: Layout, a: Tensor, b: Tensor, batched: [boolean, boolean], size: number) {
  const f = (x: Tensor, y: Tensor) => matmul(x, y, opts(layout));
  const mapped = vmap(
    f,
    batched.map((on) => (on ? 0 : null)),
  )(a, b);
  const looped = stack(
    Array.from({ length: size }, (_, i) => f(batched[0] ? row(a, i) : a, batched[1] ? row(b, i) : b)),
  );
  expect(mapped.shape).toEqual(looped.shape);
  expect(Array.from(mapped.data)).toEqual(Array.from(looped.data));
}

/** The products in the graph of `t` (inputs followed depth-first), with their shapes. */
function productsIn(t: Tensor): string[] {
  const found: string[] = [];
  const seen = new Set<Tensor>();
  const visit = (x: Tensor) => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.op?.startsWith('matmul')) found.push(`${x.op} [${x.shape.join(', ')}]`);
    for (const y of x.inputs) visit(y);
  };
  visit(t);
  return found;
}

describe('vmap of a matrix product', () => {
  const dims: [number, number, number][] = [
    [4, 8, 8], // s·x small per example: the gathered fold
    [4, 16, 16], // s·x larger: one GEMM per example
    [4, 3, 1], // one column: reshapes only
    [1, 5, 3], // one row
    [20, 3, 2], // many shared rows: still small, the gathered fold
    [2, 0, 3], // an empty inner axis: zeros
  ];
  for (const layout of ['nn', 'nt', 'tn'] as const) {
    for (const [m, k, n] of dims) {
      const [sa, sb] = shapes(layout, m, k, n);
      it(`${layout} ${m}×${k}·${k}×${n}: batched a, batched b or both equal a loop, bit for bit`, () => {
        const a = randn([6, ...sa], rng);
        const b = randn([6, ...sb], rng);
        expectLoopBits(layout, a, row(b, 0), [true, false], 6);
        expectLoopBits(layout, row(a, 0), b, [false, true], 6);
        expectLoopBits(layout, a, b, [true, true], 6);
      });
    }
  }

  it('folds batch axes of several levels (nested vmap) and of the op itself', () => {
    const s = randn([3, 4], rng);
    const xs = randn([2, 5, 4, 2], rng); // two levels of batch over x [4, 2]
    const nested = vmap(vmap((x: Tensor) => s.matmul(x)))(xs);
    const looped = stack([0, 1].map((i) => stack([0, 1, 2, 3, 4].map((j) => s.matmul(row(row(xs, i), j))))));
    expect(Array.from(nested.data)).toEqual(Array.from(looped.data));
    const w = randn([2, 3], rng);
    const batchedOp = randn([5, 7, 4, 2], rng); // per example a batch of 7 matrices [4, 2]
    const mapped = vmap((x: Tensor) => x.matmul(w))(batchedOp);
    const loop = stack([0, 1, 2, 3, 4].map((i) => row(batchedOp, i).matmul(w)));
    expect(Array.from(mapped.data)).toEqual(Array.from(loop.data));
  });

  it('runs one GEMM for the whole batch where an operand is shared, one per example otherwise', () => {
    const w = randn([16, 8], rng, { requiresGrad: true });
    const xs = randn([10, 4, 16], rng, { requiresGrad: true });
    // Batched rows times shared w: one [40, 16]·[16, 8] product.
    expect(productsIn(vmap((x: Tensor) => x.matmul(w))(xs))).toEqual(['matmul [40, 8]']);
    // Shared s times batched x, small per example (4·8·8 multiply-adds): x's batch moved beside
    // its columns, one [4, 8]·[8, 80] product.
    const s = randn([4, 8], rng, { requiresGrad: true });
    const vs = randn([10, 8, 8], rng, { requiresGrad: true });
    expect(productsIn(vmap((x: Tensor) => s.matmul(x))(vs))).toEqual(['matmul [4, 80]']);
    // Larger per-example products run the tiled kernel well already: one per example, no gather.
    const ws = randn([10, 16, 8], rng, { requiresGrad: true });
    const s16 = randn([4, 16], rng, { requiresGrad: true });
    expect(productsIn(vmap((x: Tensor) => s16.matmul(x))(ws))).toEqual(['matmul [10, 4, 8]']);
    // Both batched: the batched product, one GEMM per example.
    expect(productsIn(vmap((x: Tensor, v: Tensor) => x.matmul(v))(xs, ws))).toEqual(['matmul [10, 4, 8]']);
  });

  it('reports mismatched inner dimensions as the op does, with the shapes', () => {
    const xs = randn([3, 4, 5], rng);
    const w = randn([6, 2], rng);
    let error: unknown;
    try {
      vmap((x: Tensor) => x.matmul(w))(xs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeltagradError);
    expect((error as DeltagradError).code).toBe('SHAPE_MISMATCH');
    expect((error as DeltagradError).message).toMatch(
      /matmul: .*\[6, 2\]: inner dimensions differ \(5 vs 6\)/,
    );
  });
});
