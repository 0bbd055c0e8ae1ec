import { readFileSync } from 'node:fs';
import { type EpochEvent, experimentEvents, type ResultEvent } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

// The NumPy run of the seed script that @deltagrad/manual is tested against, written by the one
// generator of the seed's fixtures (packages/manual/test/fixtures/generate_seed_fixture.py).
interface NumpyRun {
  seed: number;
  /** The printed loss (the MSE before each update) of every epoch. */
  losses: number[];
  final: Record<'W1' | 'b1' | 'W2' | 'b2' | 'a2', number[][]>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../manual/test/fixtures/seed-xor.json', import.meta.url), 'utf8'),
) as { seeds: NumpyRun[] };

function run(seed: number): { epochs: EpochEvent[]; result: ResultEvent } {
  const events = [...experimentEvents({ seed, every: 100 }, { table: true })];
  return {
    epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'),
    result: events.at(-1) as ResultEvent,
  };
}

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const maxAbs = (a: number[][], b: number[][]) =>
  Math.max(...a.flat().map((v, i) => Math.abs(v - b.flat()[i]!)));

describe.each([42, 1])('the seed experiment, seed %i, against NumPy running the seed script', (seed) => {
  const numpy = fixture.seeds.find((s) => s.seed === seed)!;
  const { epochs, result } = run(seed);

  it('prints NumPy’s loss (the MSE before each update) every 100 epochs, to 1e-12 relative', () => {
    for (const e of epochs.filter((x) => x.epoch % 100 === 0)) {
      expect(relDiff(e.mse, numpy.losses[e.epoch]!)).toBeLessThanOrEqual(1e-12);
      expect(e.loss).toBeCloseTo(2 * e.mse, 14);
    }
  });

  it('ends at NumPy’s parameters and predictions (≤ 1e-10)', () => {
    for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
      expect(maxAbs(result.params[name]!, numpy.final[name])).toBeLessThanOrEqual(1e-10);
    }
    result.predictions.forEach((p, i) => {
      expect(Math.abs(p - numpy.final.a2[i]![0]!)).toBeLessThanOrEqual(1e-10);
    });
  });

  it('autodiff and the δ equations agree to ≤ 1e-12 at every epoch, and the copies never drift', () => {
    expect(result.maxAbsGradDiff).not.toBeNull();
    expect(result.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
    expect(result.maxParamDrift!).toBeLessThanOrEqual(1e-12);
    for (const e of epochs) {
      expect(e.params!.map((p) => p.name)).toEqual(['W1', 'b1', 'W2', 'b2']);
      for (const p of e.params!) expect(p.gradients.autodiff).toHaveLength(p.shape[0] * p.shape[1]);
    }
  });

  it('says whether XOR was learned', () => {
    expect(result.converged).toBe(seed === 1);
  });
});
