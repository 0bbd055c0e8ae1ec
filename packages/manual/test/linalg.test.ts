import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import {
  addRow,
  columnSums,
  matmul,
  matmulAddRow,
  matmulTransA,
  matmulTransAColumnSums,
} from '../src/linalg';
import type { Matrix } from '../src/matrix';

/** Values whose sums and products show a changed order or a lost sign: ±0, subnormals, ±∞, NaN, huge/tiny. */
const EDGES = [
  0,
  -0,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  Infinity,
  -Infinity,
  Number.NaN,
  1e308,
  -1e308,
  1e-300,
  1,
];

function randomMatrix(rows: number, cols: number, draw: () => number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return { rows, cols, data };
}

/** The bits of every entry, so -0 ≠ 0 and NaN = NaN. */
function bits(m: Matrix): string[] {
  return Array.from(m.data, (v) => (Object.is(v, -0) ? '-0' : String(v)));
}

describe('matmulAddRow', () => {
  it('gives the bits of matmul then addRow, on random and edge values', () => {
    const rng = createRandom(5);
    const mixed = () => (rng.uniform(0, 1) < 0.3 ? EDGES[rng.integer(0, EDGES.length)]! : rng.normal());
    for (const [n, m, p] of [
      [4, 2, 2],
      [4, 2, 1],
      [3, 5, 7],
      [1, 1, 1],
    ] as const) {
      for (let trial = 0; trial < 50; trial++) {
        const A = randomMatrix(n, m, mixed);
        const W = randomMatrix(m, p, mixed);
        const b = randomMatrix(1, p, mixed);
        const expected = addRow(matmul(A, W), b);
        expect(bits(matmulAddRow(A, W, b))).toEqual(bits(expected));
        const into: Matrix = { rows: n, cols: p, data: new Float64Array(n * p).fill(7) };
        expect(matmulAddRow(A, W, b, into)).toBe(into);
        expect(bits(into)).toEqual(bits(expected));
      }
    }
  });

  it('keeps -0 products as matmul does (each entry starts from +0)', () => {
    const A: Matrix = { rows: 1, cols: 1, data: new Float64Array([-0]) };
    const W: Matrix = { rows: 1, cols: 1, data: new Float64Array([1]) };
    const b: Matrix = { rows: 1, cols: 1, data: new Float64Array([-0]) };
    expect(Object.is(matmulAddRow(A, W, b).data[0], 0)).toBe(true);
  });

  it('refuses an output of the wrong shape', () => {
    const A: Matrix = { rows: 2, cols: 1, data: new Float64Array(2) };
    const W: Matrix = { rows: 1, cols: 3, data: new Float64Array(3) };
    const b: Matrix = { rows: 1, cols: 3, data: new Float64Array(3) };
    expect(() => matmulAddRow(A, W, b, { rows: 3, cols: 2, data: new Float64Array(6) })).toThrow(
      'output matrix has shape 3×2, expected 2×3',
    );
  });
});

describe('matmulTransAColumnSums', () => {
  it('gives the bits of matmulTransA and columnSums, on random and edge values', () => {
    const rng = createRandom(6);
    const mixed = () => (rng.uniform(0, 1) < 0.3 ? EDGES[rng.integer(0, EDGES.length)]! : rng.normal());
    for (const [n, m, p] of [
      [4, 2, 2],
      [4, 2, 1],
      [5, 3, 7],
      [1, 1, 1],
    ] as const) {
      for (let trial = 0; trial < 50; trial++) {
        const A = randomMatrix(n, m, mixed);
        const B = randomMatrix(n, p, mixed);
        const product: Matrix = { rows: m, cols: p, data: new Float64Array(m * p).fill(7) };
        const sums: Matrix = { rows: 1, cols: p, data: new Float64Array(p).fill(7) };
        matmulTransAColumnSums(A, B, product, sums);
        expect(bits(product)).toEqual(bits(matmulTransA(A, B)));
        expect(bits(sums)).toEqual(bits(columnSums(B)));
      }
    }
  });

  it('refuses outputs of the wrong shape', () => {
    const A: Matrix = { rows: 2, cols: 1, data: new Float64Array(2) };
    const B: Matrix = { rows: 2, cols: 3, data: new Float64Array(6) };
    const good: Matrix = { rows: 1, cols: 3, data: new Float64Array(3) };
    expect(() => matmulTransAColumnSums(A, B, { rows: 3, cols: 1, data: new Float64Array(3) }, good)).toThrow(
      'output matrix has shape 3×1, expected 1×3',
    );
    expect(() => matmulTransAColumnSums(A, B, good, { rows: 1, cols: 2, data: new Float64Array(2) })).toThrow(
      'output matrix has shape 1×2, expected 1×3',
    );
  });
});
