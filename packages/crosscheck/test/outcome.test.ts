import {
  classifyOutcome,
  countWrong,
  OUTCOME_NAMES,
  runExperimentSync,
  runSweepSync,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

const bars = { convergedBelow: 0.01, vanishingGradient: 0.01 };

describe('outcome classes', () => {
  it('are learned, slow, stuck and diverged', () => {
    expect(OUTCOME_NAMES).toEqual(['learned', 'slow', 'stuck', 'diverged']);
  });

  it('learned: below the bar; slow: every point right, or the gradient still large; stuck: a point wrong and the gradient vanished', () => {
    const e = { mse: 0.05, objective: 0.1, wrongPoints: 0, maxAbsGrad: 1e-6, ...bars };
    expect(classifyOutcome({ ...e, mse: 0.009 })).toBe('learned');
    expect(classifyOutcome(e)).toBe('slow');
    expect(classifyOutcome({ ...e, wrongPoints: 1 })).toBe('stuck');
    expect(classifyOutcome({ ...e, wrongPoints: 1, maxAbsGrad: 0.002 })).toBe('slow');
  });

  it('counts a point wrong when it is 0.5 or more from its label, or NaN', () => {
    expect(countWrong([0.1, 0.9, 0.5, Number.NaN], [0, 1, 1, 0])).toBe(2);
  });

  // The review's example: seed 40 at 5,000 epochs has MSE 0.0101 with all four points right.
  it('a sweep calls seed 40 at 5,000 epochs slow, not stuck', () => {
    const summary = runSweepSync({ epochs: 5000 }, [40]);
    const [forty] = summary.outcomes;
    expect(forty!.mse).toBeGreaterThan(0.01);
    expect(forty!.predictions.map((p) => Math.round(p))).toEqual([0, 1, 1, 0]);
    expect(forty!.outcome).toBe('slow');
    expect(summary.counts).toEqual({ learned: 0, slow: 1, stuck: 0, diverged: 0 });
  });

  it('the seed run (seed 42, 10,000 epochs) is stuck: two points wrong, the gradient vanished', () => {
    const r = runExperimentSync();
    expect(r.outcome).toBe('stuck');
    expect(r.wrongPoints).toBe(2);
    expect(r.finalMaxAbsGrad).toBeLessThanOrEqual(0.01 * r.objective);
    expect(runExperimentSync({ seed: 1 }).outcome).toBe('learned');
  });
});
