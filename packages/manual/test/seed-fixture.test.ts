import {
  backward,
  forward,
  initParams,
  meanSquaredError,
  output,
  runSeed,
  SEED_SETTINGS,
  seedNetwork,
  toRows,
  xorData,
} from '@deltagrad/manual';
import { numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { fixture, maxAbsDiff, maxRelDiff, seedEntry } from './fixture';

/**
 * The seed script against NumPy (fixtures/seed-xor.json). NumPy's exp (a SIMD kernel) and its
 * BLAS matrix products (fused multiply-adds, pairwise sums) differ from Math.exp and plain
 * left-to-right sums in the last bit now and then, so values are compared with tolerances;
 * the printed output is compared character for character.
 */
describe(`the seed script against NumPy ${fixture.numpy} (${fixture.platform})`, () => {
  it('records seed 42 (the document’s) and seed 1 (one that learns XOR)', () => {
    expect(fixture.seeds.map((s) => s.seed)).toEqual([42, 1]);
    expect(seedEntry(42).lr).toBe(SEED_SETTINGS.lr);
    expect(seedEntry(42).epochs).toBe(SEED_SETTINGS.epochs);
  });

  for (const seed of [42, 1]) {
    describe(`seed ${seed}`, () => {
      const entry = seedEntry(seed);
      const rng = numpyRandom(seed);
      const run = runSeed(() => rng.normal());

      it('draws W1 = randn(2, 2) then W2 = randn(2, 1) bit for bit, biases zero', () => {
        expect(toRows(run.initial.W[0]!)).toEqual(entry.W1);
        expect(toRows(run.initial.W[1]!)).toEqual(entry.W2);
        expect(toRows(run.initial.b[0]!)).toEqual([[0, 0]]);
        expect(toRows(run.initial.b[1]!)).toEqual([[0]]);
      });

      it('prints exactly what the script prints', () => {
        expect(run.stdout).toBe(entry.stdout);
        expect(run.stdout.split('\n').slice(0, -1)).toEqual(entry.lines);
      });

      it('matches every epoch’s MSE within 1e-12 relative', () => {
        expect(run.result.mse.length).toBe(10000);
        expect(maxRelDiff(run.result.mse, entry.losses)).toBeLessThan(1e-12);
      });

      it('ends with W1, b1, W2, b2 and the predictions a2 within 1e-10', () => {
        const { params, output: a2 } = run.result;
        const got = {
          W1: toRows(params.W[0]!),
          b1: toRows(params.b[0]!),
          W2: toRows(params.W[1]!),
          b2: toRows(params.b[1]!),
          a2: toRows(a2),
        };
        for (const key of ['W1', 'b1', 'W2', 'b2', 'a2'] as const) {
          expect(maxAbsDiff(got[key], entry.final[key]), key).toBeLessThan(1e-10);
        }
      });

      it('reproduces epoch 0’s forward and backward values within a few ulps', () => {
        const { X, Y } = xorData();
        const r = numpyRandom(seed);
        const params = initParams(seedNetwork, () => r.normal());
        const cache = forward(seedNetwork, params, X);
        const grads = backward(params, cache, Y);
        const e = entry.epoch0;
        const pairs = [
          ['z1', cache.z[0]!, e.z1],
          ['a1', cache.a[0]!, e.a1],
          ['z2', cache.z[1]!, e.z2],
          ['a2', output(cache), e.a2],
          ['d_z2', grads.delta[1]!, e.d_z2],
          ['d_z1', grads.delta[0]!, e.d_z1],
          ['dW1', grads.dW[0]!, e.dW1],
          ['db1', grads.db[0]!, e.db1],
          ['dW2', grads.dW[1]!, e.dW2],
          ['db2', grads.db[1]!, e.db2],
        ] as const;
        for (const [name, got, want] of pairs) {
          expect(maxAbsDiff(toRows(got), want), name).toBeLessThan(1e-15);
        }
        expect(meanSquaredError(output(cache), Y)).toBeCloseTo(e.loss, 15);
      });
    });
  }
});
