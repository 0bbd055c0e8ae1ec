import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { columnSums } from '../src/kernels/reduce';

/** The reference order: out[j] = 0, then out[j] += src[r·inner + j] for r = 0, 1, … */
function reference(src: Float64Array, inner: number): Float64Array {
  const out = new Float64Array(inner);
  for (let o = 0; o < src.length; o += inner) for (let j = 0; j < inner; j++) out[j]! += src[o + j]!;
  return out;
}

const sameBits = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('columnSums (the bias gradient: sums over the leading axes)', () => {
  // Narrow widths take the column-by-column loop, with and without a remainder of columns;
  // 32 and 33 the row-by-row one. 0 rows gives zeros.
  it.each([
    [1, 1],
    [3, 5],
    [17, 33],
    [4096, 1],
    [4096, 16],
    [100, 7],
    [9, 32],
    [0, 4],
  ])('gives the row-after-row bits for %i rows × %i columns', (rows, inner) => {
    const rng = createRandom(rows * 100 + inner);
    const src = new Float64Array(rows * inner);
    // Magnitudes from 1e-8 to 1e8, so the order of the additions shows in the last bits.
    for (let i = 0; i < src.length; i++)
      src[i] = (rng.float() - 0.5) * 10 ** Math.floor(rng.float() * 17 - 8);
    const out = new Float64Array(inner).fill(Number.NaN);
    columnSums(src, inner, out);
    expect(sameBits(out, reference(src, inner))).toBe(true);
  });

  it('keeps -0 + -0 = 0, infinities and NaN where the reference does', () => {
    const src = new Float64Array([
      -0,
      -0,
      1,
      Number.POSITIVE_INFINITY,
      -0,
      -0,
      Number.NaN,
      Number.NEGATIVE_INFINITY,
    ]);
    const out = new Float64Array(4);
    columnSums(src, 4, out);
    expect(sameBits(out, reference(src, 4))).toBe(true);
    expect(Object.is(out[0], 0)).toBe(true);
  });
});
