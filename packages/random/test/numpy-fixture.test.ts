import { readFileSync } from 'node:fs';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { expectBitExact, take } from './helpers';

/**
 * The shape of fixtures/numpy-legacy.json, written by fixtures/generate_numpy_fixture.py with
 * NumPy's legacy RandomState (see that script for exactly what each field is).
 */
interface SeedEntry {
  seed: number;
  raw: number[];
  rand: number[];
  randn: number[];
  uniform: { lo: number; hi: number; values: number[] };
  interleaved: {
    steps: { kind: 'rand' | 'randn'; values: number[] }[];
    stateAfter: { pos: number; hasGauss: boolean; cachedGaussian: number };
  };
}

interface Fixture {
  numpy: string;
  seeds: SeedEntry[];
  stateAfterSeeding: { seed: number; key: number[]; pos: number; hasGauss: boolean; cachedGaussian: number };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/numpy-legacy.json', import.meta.url), 'utf8'),
) as Fixture;

describe(`NumPy ${fixture.numpy} legacy RandomState fixture`, () => {
  it('covers the seeds it promises', () => {
    expect(fixture.seeds.map((s) => s.seed)).toEqual([0, 1, 42, 1234, 2 ** 32 - 1]);
  });

  it('matches the key of RandomState(seed).get_state() right after seeding', () => {
    const expected = fixture.stateAfterSeeding;
    const state = numpyRandom(expected.seed).getState();
    expect(Array.from(state.key)).toEqual(expected.key);
    expect(state.pos).toBe(expected.pos);
    expect(state.hasGauss).toBe(expected.hasGauss);
    expect(state.cachedGaussian).toBe(expected.cachedGaussian);
  });

  describe.each(fixture.seeds)('seed $seed', (entry) => {
    it('raw 32-bit outputs equal random_raw', () => {
      const rng = numpyRandom(entry.seed);
      expect(take(entry.raw.length, () => rng.nextUint32())).toEqual(entry.raw);
    });

    it('float() x1000 equals rand(1000) bit for bit', () => {
      const rng = numpyRandom(entry.seed);
      expectBitExact(
        take(entry.rand.length, () => rng.float()),
        entry.rand,
        `rand, seed ${entry.seed}`,
      );
    });

    it('normal() x1000 equals randn(1000) bit for bit', () => {
      const rng = numpyRandom(entry.seed);
      expectBitExact(
        take(entry.randn.length, () => rng.normal()),
        entry.randn,
        `randn, seed ${entry.seed}`,
      );
    });

    it('uniform(lo, hi) equals np.random.uniform bit for bit', () => {
      const { lo, hi, values } = entry.uniform;
      const rng = numpyRandom(entry.seed);
      expectBitExact(
        take(values.length, () => rng.uniform(lo, hi)),
        values,
        `uniform, seed ${entry.seed}`,
      );
    });

    it('interleaved rand/randn calls keep the cached Gaussian exactly as NumPy does', () => {
      const rng = numpyRandom(entry.seed);
      entry.interleaved.steps.forEach((step, k) => {
        const draw = step.kind === 'rand' ? () => rng.float() : () => rng.normal();
        expectBitExact(
          take(step.values.length, draw),
          step.values,
          `seed ${entry.seed}, step ${k} (${step.kind}(${step.values.length}))`,
        );
      });
      const state = rng.getState();
      const after = entry.interleaved.stateAfter;
      expect(state.pos).toBe(after.pos);
      expect(state.hasGauss).toBe(after.hasGauss);
      expect(state.cachedGaussian).toBe(after.cachedGaussian);
    });
  });
});
