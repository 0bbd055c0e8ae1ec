import { expect } from 'vitest';

/**
 * Asserts two arrays of doubles are identical bit for bit (Object.is per element), reporting the
 * first index that differs rather than a whole-array diff.
 */
export function expectBitExact(actual: readonly number[], expected: readonly number[], label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const i = actual.findIndex((x, k) => !Object.is(x, expected[k]));
  if (i !== -1) {
    expect.fail(`${label}: first difference at index ${i}: got ${actual[i]}, NumPy gave ${expected[i]}`);
  }
}

/** `n` results of `draw()`. */
export function take(n: number, draw: () => number): number[] {
  return Array.from({ length: n }, draw);
}

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
export function chiSquareUniform(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}
