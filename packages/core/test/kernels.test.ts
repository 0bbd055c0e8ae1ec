import { kernelsInUse, matmul, randn, setKernels, type Tensor } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { afterEach, describe, expect, it } from 'vitest';
import { runsInWasm } from '../src/kernels/wasm';

afterEach(() => setKernels('js'));

const sameBits = (a: Tensor, b: Tensor) =>
  a.data.length === b.data.length && a.data.every((v, i) => Object.is(v, b.data[i]));

// Products the WASM kernel runs, with every tile: 4×8 blocks, then 4×2 and 4×1 for the last
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
    expect(() => setKernels('gpu' as 'js')).toThrow(/expected 'js' or 'wasm', got gpu/);
    expect(kernelsInUse()).toBe('js');
  });
});
