import { kernelsInUse, matmul, randn, setKernels, Tensor } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { afterEach, describe, expect, it } from 'vitest';
import { runsInWasm } from '../src/kernels/wasm';

afterEach(() => setKernels('js'));

const sameBits = (a: Tensor, b: Tensor) =>
  a.data.length === b.data.length && a.data.every((v, i) => Object.is(v, b.data[i]));

// Products the WASM kernel runs, with every tile: 4×4 blocks, then 4×2 and 4×1 for the last
// columns, and the same widths one row at a time for the last rows.
const SHAPES: [number, number, number][] = [
  [64, 72, 96],
  [65, 33, 70],
  [66, 43, 100],
  [67, 42, 120],
  [128, 256, 128],
  // Thin products of the 2-16-16-1 net: k, n or m of 1 or 2.
  [4096, 16, 2],
  [4096, 1, 16],
  [2, 16, 4096],
];

it('the WASM kernel takes these products, and leaves small ones to the JS kernel', () => {
  for (const [m, n, k] of SHAPES) expect(runsInWasm(m, n, k), `${m}×${n}×${k}`).toBe(true);
  expect(runsInWasm(4, 2, 2)).toBe(false);
  expect(runsInWasm(16, 8, 8)).toBe(false);
  expect(runsInWasm(8, 8, 0)).toBe(false);
});

describe('the WASM and JS kernels', () => {
  it.each(SHAPES)('give the same bits for m = %i, n = %i, k = %i in all three layouts', (m, n, k) => {
    const rng = createRandom(m * 1000 + n * 10 + k);
    const a = randn([m, k], rng);
    const b = randn([k, n], rng);
    const at = randn([k, m], rng);
    const bt = randn([n, k], rng);
    const run = () => [
      matmul(a, b),
      matmul(a, bt, { transposeB: true }),
      matmul(at, b, { transposeA: true }),
    ];
    setKernels('js');
    const js = run();
    setKernels('wasm');
    expect(kernelsInUse()).toBe('wasm');
    const wasm = run();
    for (let i = 0; i < 3; i++) expect(sameBits(js[i]!, wasm[i]!), `layout ${i}`).toBe(true);
  });

  it('keep -0, infinities and NaN where the JS kernel does', () => {
    const rng = createRandom(7);
    const a = randn([48, 48], rng);
    const b = randn([48, 48], rng);
    a.data[3] = Number.POSITIVE_INFINITY;
    a.data[50] = Number.NaN;
    b.data[7] = -0;
    setKernels('js');
    const js = matmul(a, b);
    setKernels('wasm');
    expect(sameBits(js, matmul(a, b))).toBe(true);
  });

  it('rejects an unknown name', () => {
    expect(() => setKernels('gpu' as 'js')).toThrow(/expected 'js' or 'wasm', got the string "gpu"/);
    expect(kernelsInUse()).toBe('js');
  });
});

describe('the JS kernel on small products (one output at a time) and on tiled ones', () => {
  // The documented order, written out: c = a(i,0)·b(0,j), then c += a(i,p)·b(p,j) for p = 1 … k − 1.
  const reference = (A: number[][], B: number[][]) =>
    A.map((row) =>
      B[0]!.map((_, j) => {
        let c = row[0]! * B[0]![j]!;
        for (let p = 1; p < row.length; p++) c += row[p]! * B[p]![j]!;
        return c;
      }),
    );
  const rowsOf = (t: Tensor) => {
    const [r, c] = t.shape as [number, number];
    return Array.from({ length: r }, (_, i) => Array.from(t.data.subarray(i * c, (i + 1) * c)));
  };
  const transpose = (M: number[][]) => M[0]!.map((_, j) => M.map((row) => row[j]!));

  it.each([
    [4, 2, 2],
    [1, 1, 1],
    [3, 5, 7],
    [2, 3, 1],
    [5, 6, 9],
    [9, 7, 6],
    // Packed panels (gemm-packed.ts): 4×3 tiles with 1×3, 4×1 and 1×1 edges; 300 > 256 resumes
    // a second block of k from the sums stored in C, 130 > 128 is a second block of rows and
    // 770 > 765 a second block of columns.
    [21, 22, 40],
    [24, 21, 33],
    [18, 20, 300],
    [130, 19, 35],
    [17, 770, 32],
  ])('sum in the documented order in every layout for m = %i, n = %i, k = %i', (m, n, k) => {
    const rng = createRandom(m * 100 + n * 10 + k);
    const a = randn([m, k], rng);
    const b = randn([k, n], rng);
    // A −0 product must stay −0 (the sum starts from the first product, not from 0).
    a.data[0] = -0;
    const want = reference(rowsOf(a), rowsOf(b));
    const bt = new Tensor(Float64Array.from(transpose(rowsOf(b)).flat()), [n, k]);
    const at = new Tensor(Float64Array.from(transpose(rowsOf(a)).flat()), [k, m]);
    const flat = want.flat();
    for (const got of [
      matmul(a, b),
      matmul(a, bt, { transposeB: true }),
      matmul(at, b, { transposeA: true }),
    ]) {
      expect(
        rowsOf(got)
          .flat()
          .map((v, i) => Object.is(v, flat[i])),
      ).not.toContain(false);
    }
  });

  it.each([
    [9, 7, 6],
    [21, 22, 300],
  ])('keep a sum of −0 products −0 and one of +0 products +0 (m = %i, n = %i, k = %i)', (m, n, k) => {
    // Row 0 of A is −0 and B is positive, so every product of row 0 is −0 (their sum −0);
    // row 1 of A is +0, every product +0 (sum +0). A kernel starting its sums from +0 fails the
    // first, one that left the −0 it starts from in place of a sum fails the second.
    const rng = createRandom(m + n + k);
    const a = randn([m, k], rng);
    const b = randn([k, n], rng);
    b.data.forEach((v, i) => {
      b.data[i] = Math.abs(v) + 1;
    });
    a.data.fill(-0, 0, k);
    a.data.fill(0, k, 2 * k);
    const c = matmul(a, b);
    for (let j = 0; j < n; j++) {
      expect(Object.is(c.data[j], -0), `c[0][${j}]`).toBe(true);
      expect(Object.is(c.data[n + j], 0), `c[1][${j}]`).toBe(true);
    }
  });
});
