import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_TOLERANCE,
  type ExperimentConfig,
  experimentEvents,
  GRADIENT_METHOD_NAMES,
  runExperimentSync,
} from '../src/index';

/** The largest |Δgrad| of each epoch of a run (every epoch reported). */
function perEpochDiffs(overrides: Parameters<typeof experimentEvents>[0]): number[] {
  const diffs: number[] = [];
  for (const event of experimentEvents({ ...overrides, every: 1 })) {
    if (event.type === 'epoch') diffs.push(event.maxAbsGradDiff!);
  }
  return diffs;
}

describe('the forward-mode method', () => {
  it('is the third method of the record, compared by default', () => {
    expect(GRADIENT_METHOD_NAMES).toEqual(['autodiff', 'manual', 'forward']);
    const [first] = experimentEvents({ epochs: 1 }, { table: true });
    if (first?.type !== 'epoch') throw new Error('expected an epoch event');
    for (const row of first.params!) expect(row.gradients.forward).toHaveLength(row.value.length);
  });

  it('agrees with autodiff and the δ equations to 1e-12 at every epoch of the seed run', () => {
    const diffs = perEpochDiffs({});
    expect(diffs).toHaveLength(10_000);
    expect(Math.max(...diffs)).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
    // Two derivations, not one computation: forward mode rounds differently somewhere.
    expect(Math.max(...diffs)).toBeGreaterThan(0);
  });

  it('agrees at every epoch on a 2-16-16-1 tanh/sigmoid network', () => {
    const diffs = perEpochDiffs({ layers: [2, 16, 16, 1], activation: 'tanh', epochs: 200 });
    expect(diffs).toHaveLength(200);
    expect(Math.max(...diffs)).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
  });

  it('trains alone to the parameters autodiff reaches, to rounding', () => {
    const config = {
      layers: [2, 4, 1],
      activation: 'tanh',
      optimizer: 'adam',
      lr: 0.05,
      epochs: 300,
    } satisfies Partial<ExperimentConfig>;
    const forward = runExperimentSync({ ...config, method: ['forward'] });
    const autodiff = runExperimentSync({ ...config, method: ['autodiff'] });
    expect(forward.maxAbsGradDiff).toBeNull();
    expect(Object.keys(forward.params)).toEqual(Object.keys(autodiff.params));
    for (const [name, rows] of Object.entries(forward.params)) {
      const other = autodiff.params[name]!.flat();
      rows.flat().forEach((v, k) => {
        expect(Math.abs(v - other[k]!), `${name}[${k}]`).toBeLessThan(1e-12);
      });
    }
  });

  it.each(['mse', 'bce'] as const)('differentiates the %s loss as autodiff does', (loss) => {
    const diffs = perEpochDiffs({ loss, epochs: 50 });
    expect(Math.max(...diffs)).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
  });

  it.each(['identity', 'relu', 'leakyRelu', 'softplus'] as const)(
    'differentiates %s layers as autodiff does',
    (activation) => {
      const diffs = perEpochDiffs({ layers: [2, 3, 1], activation, epochs: 50 });
      expect(Math.max(...diffs)).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
    },
  );
});
