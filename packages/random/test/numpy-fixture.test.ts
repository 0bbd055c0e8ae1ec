import { readFileSync } from 'node:fs';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { log } from '../src/log';
import { expectBitExact, take } from './helpers';

/**
 * The shape of fixtures/numpy-legacy.json, written by fixtures/generate_numpy_fixture.py with
 * NumPy's legacy RandomState (see that script for exactly what each field is).
 */
interface SeedEntry {
  seed: number;
  raw: number[];
  rand: number[];
  randn: { values: number[]; crlog: [number, number][] };
  uniform: { lo: number; hi: number; values: number[] };
  interleaved: {
    steps: { kind: 'rand' | 'randn'; values: number[] }[];
    crlog: [number, number][];
    stateAfter: { pos: number; hasGauss: boolean; cachedGaussian: number; cachedGaussianCorrectLog: number };
  };
}

interface Fixture {
  numpy: string;
  platform: string;
  log: { x: number[]; log: number[]; libmMisrounded: number };
  seeds: SeedEntry[];
  stateAfterSeeding: { seed: number; key: number[]; pos: number; hasGauss: boolean; cachedGaussian: number };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/numpy-legacy.json', import.meta.url), 'utf8'),
) as Fixture;

/**
 * NumPy's values with the `crlog` corrections applied: the few Gaussians that change when the
 * polar method's log is correctly rounded instead of NumPy's libm log (see the generator script).
 */
function withCorrectLog(values: readonly number[], crlog: readonly [number, number][]): number[] {
  const out = values.slice();
  for (const [i, v] of crlog) out[i] = v;
  return out;
}

describe('correctly rounded log', () => {
  const { x, log: expected, libmMisrounded } = fixture.log;

  it(`equals the correctly rounded value on ${x.length} inputs, ${libmMisrounded} of them misrounded by libm`, () => {
    expectBitExact(x.map(log), expected, 'log');
  });

  it('has the special values of Math.log', () => {
    for (const v of [Number.NaN, -1, -Infinity, 0, -0, Infinity, 1]) expect(log(v)).toBe(Math.log(v));
  });
});

describe(`NumPy ${fixture.numpy} legacy RandomState fixture (${fixture.platform})`, () => {
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
      const { values, crlog } = entry.randn;
      const rng = numpyRandom(entry.seed);
      expectBitExact(
        take(values.length, () => rng.normal()),
        withCorrectLog(values, crlog),
        `randn, seed ${entry.seed}`,
      );
    });

    it('differs from NumPy only where its libm log misrounds, and then by at most 2 ulp', () => {
      const { values, crlog } = entry.randn;
      expect(crlog.length).toBeLessThanOrEqual(values.length / 100);
      for (const [i, v] of crlog) {
        const numpy = values[i]!;
        expect(v).not.toBe(numpy);
        expect(Math.abs(v - numpy)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(numpy));
      }
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
      const { steps, crlog } = entry.interleaved;
      const expected = withCorrectLog(
        steps.flatMap((step) => step.values),
        crlog,
      );
      const rng = numpyRandom(entry.seed);
      let at = 0;
      steps.forEach((step, k) => {
        const draw = step.kind === 'rand' ? () => rng.float() : () => rng.normal();
        const n = step.values.length;
        expectBitExact(
          take(n, draw),
          expected.slice(at, at + n),
          `seed ${entry.seed}, step ${k} (${step.kind}(${n}))`,
        );
        at += n;
      });
      const state = rng.getState();
      const after = entry.interleaved.stateAfter;
      expect(state.pos).toBe(after.pos);
      expect(state.hasGauss).toBe(after.hasGauss);
      expect(state.cachedGaussian).toBe(after.cachedGaussianCorrectLog);
    });
  });
});
