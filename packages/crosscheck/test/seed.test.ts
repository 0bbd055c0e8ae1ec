import { readFileSync } from 'node:fs';
import { type EpochEvent, experimentEvents, type ResultEvent } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

interface NumpyRun {
  mseEvery100: Record<string, number>;
  W1: number[][];
  b1: number[][];
  W2: number[][];
  b2: number[][];
  predictions: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/seed-numpy.json', import.meta.url), 'utf8')) as {
  seeds: Record<string, NumpyRun>;
};

function run(seed: number): { epochs: EpochEvent[]; result: ResultEvent } {
  const events = [...experimentEvents({ seed, every: 100 })];
  return {
    epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'),
    result: events.at(-1) as ResultEvent,
  };
}

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
const maxAbs = (a: number[][], b: number[][]) =>
  Math.max(...a.flat().map((v, i) => Math.abs(v - b.flat()[i]!)));

describe.each([42, 1])('the seed experiment, seed %i, against NumPy running the seed script', (seed) => {
  const numpy = fixture.seeds[String(seed)]!;
  const { epochs, result } = run(seed);

  it('prints NumPy’s loss (the MSE before each update) every 100 epochs, to 1e-12 relative', () => {
    for (const e of epochs.filter((x) => x.epoch % 100 === 0)) {
      expect(relDiff(e.mse, numpy.mseEvery100[String(e.epoch)]!)).toBeLessThanOrEqual(1e-12);
      expect(e.loss).toBeCloseTo(2 * e.mse, 14);
    }
  });

  it('ends at NumPy’s parameters and predictions (≤ 1e-10)', () => {
    for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
      expect(maxAbs(result.params[name]!, numpy[name])).toBeLessThanOrEqual(1e-10);
    }
    result.predictions.forEach((p, i) => {
      expect(Math.abs(p - numpy.predictions[i]!)).toBeLessThanOrEqual(1e-10);
    });
  });

  it('autodiff and the δ equations agree to ≤ 1e-12 at every epoch, and the copies never drift', () => {
    expect(result.maxAbsGradDiff).not.toBeNull();
    expect(result.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
    expect(result.maxParamDrift!).toBeLessThanOrEqual(1e-12);
    for (const e of epochs) {
      expect(e.params.map((p) => p.name)).toEqual(['W1', 'b1', 'W2', 'b2']);
      for (const p of e.params) expect(p.autodiff).toHaveLength(p.shape[0] * p.shape[1]);
    }
  });

  it('says whether XOR was learned', () => {
    expect(result.converged).toBe(seed === 1);
  });
});
