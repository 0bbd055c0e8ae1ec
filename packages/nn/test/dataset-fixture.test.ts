/**
 * The synthetic datasets against their reference implementations: scikit-learn's make_moons
 * and make_blobs, the CS231n spiral, and the documented plane and sine formulas, all seeded
 * with NumPy's legacy generator (fixtures/generate_dataset_fixture.py wrote datasets.json).
 * The same cases run here with `generator: numpyRandom(seed)`.
 */
import { readFileSync } from 'node:fs';
import {
  batches,
  blobs,
  circle,
  type Dataset,
  gaussians,
  Linear,
  manualSeed,
  moons,
  plane,
  sine,
  spiral,
  spirals,
  standardize,
  trainTestSplit,
  xorQuadrants,
} from '@deltagrad/nn';
import { createRandom, numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

interface Case {
  set: 'moons' | 'blobs' | 'spirals' | 'plane' | 'sine';
  options: Record<string, unknown>;
  seed: number;
  x: number[][];
  y: number[];
}
const fixture: { cases: Case[] } = JSON.parse(
  readFileSync(new URL('./fixtures/datasets.json', import.meta.url), 'utf8'),
);
const MAKERS = { moons, blobs, spirals, plane, sine } as const;
/** The sets whose values pass through sin or cos (Math's and libm's may differ in the last bit). */
const TRIG = new Set(['moons', 'spirals', 'sine']);

/** The distance to the next double above |v|: one unit in the last place. */
function ulp(v: number): number {
  const a = Math.abs(v);
  if (a === 0) return Number.MIN_VALUE;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}

describe('datasets match their reference implementations (NumPy / scikit-learn fixture)', () => {
  for (const c of fixture.cases) {
    it(`${c.set}(${JSON.stringify(c.options)}) with numpyRandom(${c.seed})`, () => {
      const make = MAKERS[c.set] as (opts: object) => Dataset;
      const d = make({ ...c.options, generator: numpyRandom(c.seed) });
      expect(d.x.shape).toEqual([c.x.length, c.x[0]!.length]);
      expect(d.y.shape).toEqual([c.y.length, 1]);
      const x = d.x.toArray();
      const expected = c.x.flat();
      if (TRIG.has(c.set)) {
        x.forEach((v, k) => {
          expect(Math.abs(v - expected[k]!), `x[${k}]`).toBeLessThanOrEqual(2 * ulp(expected[k]!));
        });
      } else {
        expect(x).toEqual(expected);
      }
      if (c.set === 'sine') {
        d.y.toArray().forEach((v, k) => {
          expect(Math.abs(v - c.y[k]!), `y[${k}]`).toBeLessThanOrEqual(4 * ulp(c.y[k]!));
        });
      } else {
        expect(d.y.toArray()).toEqual(c.y);
      }
    });
  }
});

/** A short fingerprint of a dataset: every value's bits, hashed (FNV-1a over the float64 bytes). */
function fingerprint(d: Dataset): string {
  let h = 0x811c9dc5;
  for (const t of [d.x, d.y]) {
    const bytes = new Uint8Array(new Float64Array(t.data).buffer);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

describe('datasets are deterministic per seed (default generator, createRandom)', () => {
  // Pinned values: a change here changes every user's data for the same seed. Update only on purpose.
  const sets: [string, () => Dataset, string][] = [
    ['moons', () => moons({ n: 50, noise: 0.2, seed: 1 }), '97610bea'],
    ['blobs', () => blobs({ n: 60, classes: 4, seed: 2 }), '1f23d13f'],
    ['spirals', () => spirals({ n: 90, seed: 3 }), 'd3b495e5'],
    ['plane', () => plane({ n: 40, seed: 4 }), '1f48fb23'],
    ['sine', () => sine({ n: 40, seed: 5 }), 'cf5b5553'],
    ['circle', () => circle({ n: 40, noise: 0.1, seed: 6 }), 'de7b9cc2'],
    ['gaussians', () => gaussians({ n: 40, noise: 0.1, seed: 7 }), 'fc7f3547'],
    ['spiral', () => spiral({ n: 40, noise: 0.1, seed: 8 }), '128075c1'],
    ['xorQuadrants', () => xorQuadrants({ n: 40, noise: 0.1, seed: 9 }), '6052cbd6'],
  ];
  for (const [name, make, pinned] of sets) {
    it(`${name}: same seed, same bits (${pinned})`, () => {
      const d = make();
      expect(fingerprint(make())).toBe(fingerprint(d));
      expect(fingerprint(d)).toBe(pinned);
    });
  }

  it('seed n is createRandom(n): the seed option and the generator option agree', () => {
    expect(fingerprint(moons({ n: 30, seed: 12 }))).toBe(
      fingerprint(moons({ n: 30, generator: createRandom(12) })),
    );
    expect(fingerprint(trainTestSplit(blobs({ seed: 1 }), { seed: 4 }).test)).toBe(
      fingerprint(trainTestSplit(blobs({ seed: 1 }), { generator: createRandom(4) }).test),
    );
  });
});

describe("data is seeded separately from the weights (nn's default generator)", () => {
  const everySet = () => [
    moons({ seed: 1 }),
    blobs({ seed: 1 }),
    spirals({ seed: 1 }),
    plane({ seed: 1 }),
    sine({ seed: 1 }),
    circle({ seed: 1 }),
    gaussians({ seed: 1 }),
    xorQuadrants({ seed: 1 }),
    spiral({ seed: 1 }),
  ];
  const weightsOf = (layer: Linear) => [...layer.W.value.toArray(), ...layer.b!.value.toArray()];

  it('making data, splitting and batching it draws nothing from the generator that initialises layers', () => {
    manualSeed(3);
    const untouched = weightsOf(new Linear(4, 3));
    manualSeed(3);
    for (const d of everySet()) {
      const { train } = trainTestSplit(d, { seed: 2 });
      standardize(train.x);
      expect([...batches(train, { batchSize: 16, shuffle: true, seed: 4 })].length).toBeGreaterThan(1);
    }
    expect(weightsOf(new Linear(4, 3))).toEqual(untouched);
  });

  it('reseeding the weights (manualSeed) does not change the data', () => {
    manualSeed(0);
    const before = everySet().map(fingerprint);
    manualSeed(12345);
    new Linear(8, 8);
    expect(everySet().map(fingerprint)).toEqual(before);
  });
});
