import { Tensor, tensor } from '@deltagrad/core';
import {
  batches,
  blobs,
  moons,
  NnError,
  plane,
  sine,
  spirals,
  standardize,
  trainTestSplit,
  xor,
} from '@deltagrad/nn';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

/** A dataset whose x row i is [i, 10·i] and y row i is [i]: rows are easy to trace. */
function numbered(n: number) {
  return {
    x: new Tensor(
      Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 ? 10 : 1) * Math.floor(k / 2)),
      [n, 2],
    ),
    y: new Tensor(
      Float64Array.from({ length: n }, (_, i) => i),
      [n, 1],
    ),
  };
}
const rowsOf = (loader: Iterable<{ y: Tensor }>) => [...loader].map((b) => b.y.toArray());

describe('batches', () => {
  it('slices the rows in order, the last batch smaller, unless dropLast', () => {
    const data = numbered(7);
    const loader = batches(data, { batchSize: 3 });
    expect(loader.length).toBe(3);
    expect(loader.rows).toBe(7);
    expect(rowsOf(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(rowsOf(batches(data, { batchSize: 3, dropLast: true }))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const first = [...loader][1]!;
    expect(first.index).toBe(1);
    expect(first.x.toNested()).toEqual([
      [3, 30],
      [4, 40],
      [5, 50],
    ]);
  });

  it('a batch of every row, unshuffled, is the dataset itself (no copy)', () => {
    const data = numbered(5);
    const [only] = [...batches(data, { batchSize: 8 })];
    expect(only!.x).toBe(data.x);
    expect(only!.y).toBe(data.y);
  });

  it('shuffles every pass anew, covering every row once, the same for the same seed', () => {
    const data = numbered(10);
    const a = batches(data, { batchSize: 4, shuffle: true, seed: 3 });
    const pass1 = rowsOf(a);
    const pass2 = rowsOf(a);
    expect(pass1.flat().sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pass2.flat().sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pass2).not.toEqual(pass1);
    const b = batches(data, { batchSize: 4, shuffle: true, seed: 3 });
    expect([rowsOf(b), rowsOf(b)]).toEqual([pass1, pass2]);
    expect(rowsOf(batches(data, { batchSize: 4, shuffle: true, seed: 4 }))).not.toEqual(pass1);
    // x and y rows stay together.
    for (const { x, y } of a) {
      expect(x.toArray().filter((_, k) => k % 2 === 0)).toEqual(y.toArray());
    }
  });

  it('takes a generator instead of a seed (it advances)', () => {
    const rng = createRandom(3);
    const withGen = batches(numbered(10), { batchSize: 4, shuffle: true, generator: rng });
    expect(rowsOf(withGen)).toEqual(rowsOf(batches(numbered(10), { batchSize: 4, shuffle: true, seed: 3 })));
  });

  it('refuses bad options with INVALID_OPTION naming them', () => {
    const data = numbered(4);
    const cases: [() => unknown, RegExp][] = [
      [() => batches(data, { batchSize: 0 }), /batches: option batchSize must be an integer >= 1, got 0/],
      [() => batches(data, { shuffle: 1 as never }), /batches: option shuffle must be true or false/],
      [() => batches(data, { seed: 1, generator: createRandom(1) }), /give option seed or option generator/],
      [() => batches(data, { generator: {} as never }), /option generator must be a RandomGenerator/],
      [() => batches(data, { size: 2 } as never), /unknown option "size"/],
      [() => batches({ x: data.x, y: tensor([[1]]) }, {}), /need the same number of rows/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(message);
      expect(fn).toThrow(NnError);
    }
  });
});

describe('standardize', () => {
  it('fits mean and population std on the rows it is given and applies them to others', () => {
    const train = tensor([
      [1, 10, 5],
      [3, 10, 7],
      [5, 10, 9],
    ]);
    const s = standardize(train);
    expect([...s.mean]).toEqual([3, 10, 7]);
    const sd = Math.sqrt(8 / 3);
    expect([...s.scale]).toEqual([sd, 1, sd]); // the constant column gets 1
    const t = s.transform(train).toNested() as number[][];
    expect(t.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(t[0]![0]).toBe(-2 / sd);
    // Test rows use the training statistics, not their own.
    expect(s.transform(tensor([[3, 11, 7]])).toNested()).toEqual([[0, 1, 0]]);
    expect(s.inverse(s.transform(tensor([[3, 11, 7]]))).toNested()).toEqual([[3, 11, 7]]);
  });

  it('gives columns of mean 0 and std 1 on its own rows', () => {
    const { x } = blobs({ n: 200, features: 3, seed: 1 });
    const z = standardize(x).transform(x).toNested() as number[][];
    for (let j = 0; j < 3; j++) {
      const col = z.map((r) => r[j]!);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length;
      expect(Math.abs(mean)).toBeLessThan(1e-14);
      expect(variance).toBeCloseTo(1, 12);
    }
  });

  it('refuses what it cannot standardize', () => {
    const s = standardize(tensor([[1, 2]]));
    expect(() => standardize(tensor([1, 2]))).toThrow(/expected rows of shape \[n, features\].*got \[2\]/);
    expect(() => standardize(tensor([[1, Number.NaN]]))).toThrow(/x\[0, 1\] is NaN/);
    expect(() => s.transform(tensor([[1, 2, 3]]))).toThrow(/fitted on 2 features/);
    expect(() => s.transform(tensor([[1, 2, 3]]))).toThrow(NnError);
  });
});

describe('synthetic sets', () => {
  it('moons: ⌊n/2⌋ rows of class 0 on the upper unit half circle, then class 1', () => {
    const d = moons({ n: 9, noise: 0 });
    const x = d.x.toNested() as number[][];
    expect(d.y.toArray()).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1]);
    for (const [px, py] of x.slice(0, 4)) expect(Math.hypot(px!, py!)).toBeCloseTo(1, 15);
    for (const [px, py] of x.slice(4)) expect(Math.hypot(px! - 1, py! - 0.5)).toBeCloseTo(1, 15);
    expect(x[0]).toEqual([1, 0]);
    expect(x[4]).toEqual([0, 0.5]);
  });

  it('blobs: classes in blocks, the first n mod k one larger, around their centres', () => {
    const d = blobs({ n: 1000 + 2, classes: 4, noise: 0.01, seed: 3 });
    const y = d.y.toArray();
    expect([0, 1, 2, 3].map((c) => y.filter((v) => v === c).length)).toEqual([251, 251, 250, 250]);
    expect(y.slice(0, 251).every((v) => v === 0)).toBe(true);
    const x = d.x.toNested() as number[][];
    // With noise 0.01 each class sits on its centre: every point is within 0.1 of its class's first point.
    x.forEach((p, i) => {
      const first = x[y.indexOf(y[i]!)]!;
      expect(Math.hypot(p[0]! - first[0]!, p[1]! - first[1]!)).toBeLessThan(0.1);
    });
  });

  it('spirals: k arms, radius growing from 0 to 1 along each', () => {
    const d = spirals({ n: 30, classes: 3, noise: 0 });
    const x = d.x.toNested() as number[][];
    expect(d.y.toArray()).toEqual([...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2)]);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 10; i++) {
        const [px, py] = x[10 * c + i]!;
        expect(Math.hypot(px!, py!)).toBeCloseTo(i / 9, 14);
      }
    }
  });

  it('plane without noise is exactly linear; sine stays within the noise of sin(x)', () => {
    const d = plane({ n: 20, weights: [0.5, -1, 2], bias: 3, noise: 0, seed: 2 });
    const x = d.x.toNested() as number[][];
    d.y.toArray().forEach((v, i) => {
      const [a, b, c] = x[i]!;
      expect(v).toBe(0.5 * a! + -1 * b! + 2 * c! + 3);
      expect(Math.max(...x[i]!.map(Math.abs))).toBeLessThanOrEqual(1);
    });
    const s = sine({ n: 100, noise: 0.01, seed: 1 });
    const sx = s.x.toArray();
    expect(s.x.shape).toEqual([100, 1]);
    s.y.toArray().forEach((v, i) => {
      expect(Math.abs(v - Math.sin(sx[i]!))).toBeLessThan(0.06);
    });
  });

  it('draw from their own generator, not the default one that initialises weights', () => {
    const rng = createRandom(5);
    const a = moons({ n: 10, generator: rng });
    const b = moons({ n: 10, generator: rng }); // the generator advanced
    expect(b.x.toArray()).not.toEqual(a.x.toArray());
    expect(moons({ n: 10, seed: 5 }).x.toArray()).toEqual(a.x.toArray());
  });

  it('refuse bad options, naming them', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => moons({ n: 1 }), /moons: option n must be an integer >= 2, got 1/],
      [() => moons({ noise: -1 }), /moons: option noise must be a finite number >= 0/],
      [() => blobs({ classes: 1 }), /blobs: option classes must be an integer >= 2/],
      [() => blobs({ n: 2, classes: 3 }), /blobs: option n must be an integer >= 3/],
      [() => blobs({ centerBox: [1, 1] }), /blobs: option centerBox must have lo < hi/],
      [() => blobs({ centerBox: 3 as never }), /blobs: option centerBox must be \[lo, hi\]/],
      [() => spirals({ n: 5, classes: 3 }), /spirals: option n must be an integer >= 6/],
      [() => plane({ weights: [] }), /plane: option weights must be a non-empty array/],
      [() => plane({ weights: [1, Number.NaN] }), /plane: option weights\[1\] must be a finite number/],
      [() => sine({ seed: -1 }), /sine: option seed must be an integer in \[0, 2\^32\)/],
      [() => sine({ classes: 2 } as never), /sine: unknown option "classes"/],
      [() => trainTestSplit(xor(), { seed: 1, generator: createRandom(1) }), /seed or option generator/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(message);
      expect(fn).toThrow(NnError);
    }
  });
});
