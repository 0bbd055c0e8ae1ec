/** The digits data set as committed (data/digits.bin, written by data/extract_digits.py). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadDigits } from '@deltagrad/nn/node';
import { describe, expect, it } from 'vitest';

describe('loadDigits', () => {
  it('reads the committed file: the SHA-256 that extract_digits.py printed', async () => {
    const bytes = await readFile(new URL('../data/digits.bin', import.meta.url));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '87ff0c9e40dc7e2c0e34e7257799c2e3f3aec1a016363bb11cad869ec428a826',
    );
  });

  it("gives scikit-learn's load_digits: 1,797 images of 64 pixels 0–16, labels 0–9 in its order", async () => {
    const { x, y } = await loadDigits();
    expect(x.shape).toEqual([1797, 64]);
    expect(y.shape).toEqual([1797, 1]);
    // load_digits().images[0] and the first and last labels, as scikit-learn 1.9.1 gives them.
    expect(x.toArray().slice(0, 64)).toEqual([
      0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
      0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0,
    ]);
    const labels = y.toArray();
    expect(labels.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(labels.slice(-3)).toEqual([8, 9, 8]);
    expect(Array.from({ length: 10 }, (_, d) => labels.filter((v) => v === d).length)).toEqual([
      178, 182, 177, 183, 181, 182, 181, 179, 174, 180,
    ]);
    expect(Math.max(...x.toArray())).toBe(16);
  });
});
