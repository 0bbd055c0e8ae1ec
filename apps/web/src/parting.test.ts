import { BUGS, initialParams, traceStep } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';
import { firstParting } from './parting';
import { defaultState, toConfig } from './state';

describe('firstParting', () => {
  it('finds nothing when the equations are right', () => {
    const config = toConfig({ ...defaultState(), layers: [2, 3, 3, 1], activation: 'tanh' });
    expect(firstParting(traceStep(config, initialParams(config)))).toBeNull();
  });

  // The first node of the backward pass each mistake shows at, on a 2-3-3-1 net (mse: a mean
  // the "sum instead of mean" mistake can break; no one-unit hidden layer to hide a transpose).
  const expected = {
    dropActivationDerivative: 'z3',
    forgetBiasGradient: 'b3',
    untransposedWeights: 'W2', // δ² is right (W³ is a vector); ∂L/∂W² is (δ²ᵀa¹) reshaped
    sumNotMean: 'z3',
    wrongSign: 'z3',
  } as const;

  it.each(BUGS.filter((b) => b !== 'none'))('finds where "%s" first shows, and nothing before it', (bug) => {
    const config = toConfig({ ...defaultState(), layers: [2, 3, 3, 1], loss: 'mse', bug });
    const trace = traceStep(config, initialParams(config));
    const parting = firstParting(trace)!;
    expect(parting.name).toBe(expected[bug as keyof typeof expected]);
    expect(parting.worst).toBeGreaterThan(1e-12);
    expect(trace.backwardOrder[parting.index]).toBe(parting.id);
  });
});
