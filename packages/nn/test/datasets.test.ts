import { circle, type Dataset, gaussians, spiral, trainTestSplit, xor, xorQuadrants } from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

function rows(d: Dataset): { x: number; y: number; label: number }[] {
  const x = d.x.toArray();
  const y = d.y.toArray();
  return y.map((label, i) => ({ x: x[2 * i]!, y: x[2 * i + 1]!, label }));
}

describe('datasets', () => {
  it("xor is the seed's truth table", () => {
    const { x, y } = xor();
    expect(x.toNested()).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(y.toNested()).toEqual([[0], [1], [1], [0]]);
  });

  const sets = { circle, gaussians, spiral, xorQuadrants };
  for (const [name, make] of Object.entries(sets)) {
    it(`${name}: shapes, 0/1 labels, seeded`, () => {
      const d = make({ n: 101, noise: 0.1, seed: 3 });
      expect(d.x.shape).toEqual([101, 2]);
      expect(d.y.shape).toEqual([101, 1]);
      expect(d.y.toArray().every((v) => v === 0 || v === 1)).toBe(true);
      expect(make({ n: 101, noise: 0.1, seed: 3 }).x.toArray()).toEqual(d.x.toArray());
      expect(make({ n: 101, noise: 0.1, seed: 4 }).x.toArray()).not.toEqual(d.x.toArray());
      const norm = make({ n: 101, noise: 0.1, seed: 3, normalize: true });
      norm.x.toArray().forEach((v, i) => {
        expect(v).toBeCloseTo(d.x.toArray()[i]! / 6, 15);
      });
    });
  }

  it('circle without noise: label 1 exactly inside radius 2.5, 0 in the ring [3.5, 5)', () => {
    for (const p of rows(circle({ n: 200, seed: 1 }))) {
      const r = Math.hypot(p.x, p.y);
      if (p.label === 1) expect(r).toBeLessThan(2.5);
      else {
        expect(r).toBeGreaterThanOrEqual(3.5 - 1e-12);
        expect(r).toBeLessThan(5 + 1e-12);
      }
    }
  });

  it('xorQuadrants without noise: label 1 iff x·y ≥ 0, points off the axes by 0.3', () => {
    for (const p of rows(xorQuadrants({ n: 300, seed: 2 }))) {
      expect(p.label).toBe(p.x * p.y >= 0 ? 1 : 0);
      expect(Math.abs(p.x)).toBeGreaterThanOrEqual(0.3);
      expect(Math.abs(p.y)).toBeGreaterThanOrEqual(0.3);
      expect(Math.abs(p.x)).toBeLessThanOrEqual(5.3);
    }
  });

  it('gaussians: two blobs around (2, 2) and (−2, −2), half each', () => {
    const ps = rows(gaussians({ n: 400, seed: 5 }));
    const ones = ps.filter((p) => p.label === 1);
    expect(ones).toHaveLength(200);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(ones.map((p) => p.x))).toBeCloseTo(2, 0);
    expect(mean(ps.filter((p) => p.label === 0).map((p) => p.y))).toBeCloseTo(-2, 0);
  });

  it('spiral without noise: radius grows to 5 along each arm', () => {
    const ps = rows(spiral({ n: 100, seed: 0 }));
    expect(ps.filter((p) => p.label === 1)).toHaveLength(50);
    const radii = ps.slice(0, 50).map((p) => Math.hypot(p.x, p.y));
    radii.forEach((r, i) => {
      expect(r).toBeCloseTo((i / 50) * 5, 12);
    });
  });

  it('trainTestSplit partitions the rows, seeded', () => {
    const d = xorQuadrants({ n: 50, seed: 9 });
    const { train, test } = trainTestSplit(d, { testFraction: 0.2, seed: 1 });
    expect(test.x.shape).toEqual([10, 2]);
    expect(train.x.shape).toEqual([40, 2]);
    const key = (s: Dataset) => rows(s).map((p) => `${p.x},${p.y},${p.label}`);
    expect(new Set([...key(train), ...key(test)])).toEqual(new Set(key(d)));
    expect(key(trainTestSplit(d, { testFraction: 0.2, seed: 1 }).test)).toEqual(key(test));
    expect(key(trainTestSplit(d, { testFraction: 0.2, seed: 2 }).test)).not.toEqual(key(test));
  });

  it('validates options', () => {
    expect(() => circle({ n: 1 })).toThrow(/circle: option n must be an integer >= 2, got 1/);
    expect(() => spiral({ noise: -0.1 })).toThrow(/spiral: option noise/);
    expect(() => gaussians({ seed: 1.5 })).toThrow(/option seed must be an integer in \[0, 2\^32\)/);
    expect(() => xorQuadrants({ size: 3 } as never)).toThrow(/unknown option "size"/);
    expect(() => trainTestSplit(xor(), { testFraction: 1 })).toThrow(
      /testFraction must be a number in \(0, 1\)/,
    );
    expect(() => trainTestSplit(xor(), { testFraction: 0.01 })).toThrow(/leaves an empty part/);
  });
});
