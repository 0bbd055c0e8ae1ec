import {
  BUG_INFO,
  BUGS,
  type BugName,
  experimentEvents,
  parseOption,
  runExperimentSync,
  traceStep,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

/** Each mistake, on the seed's 2-2-1 net and on a 2-3-3-1 one: the parameters that part at once. */
const PARTED: Record<Exclude<BugName, 'none'>, [string[], string[]]> = {
  dropActivationDerivative: [
    ['W2', 'b2', 'W1', 'b1'],
    ['W3', 'b3', 'W2', 'b2', 'W1', 'b1'],
  ],
  forgetBiasGradient: [
    ['b2', 'b1'],
    ['b3', 'b2', 'b1'],
  ],
  // A one-unit layer's W is a vector, whose reshape is its transpose: only W1's gradient (δᵀX
  // reshaped) shows it in 2-2-1; in 2-3-3-1 the 3×3 W2 also bends δ1.
  untransposedWeights: [['W1'], ['W2', 'W1', 'b1']],
  sumNotMean: [
    ['W2', 'b2', 'W1', 'b1'],
    ['W3', 'b3', 'W2', 'b2', 'W1', 'b1'],
  ],
  wrongSign: [
    ['W2', 'b2', 'W1', 'b1'],
    ['W3', 'b3', 'W2', 'b2', 'W1', 'b1'],
  ],
};

describe('bug injection', () => {
  it('offers every mistake as an option, described', () => {
    expect(BUGS).toEqual(['none', ...Object.keys(PARTED)]);
    for (const bug of BUGS) expect(BUG_INFO[bug].label.length).toBeGreaterThan(0);
    expect(parseOption('bug', 'wrongsign')).toBe('wrongSign');
  });

  it.each(Object.entries(PARTED))(
    '%s: flagged at epoch 0, naming the parameters that part, the output side first',
    (bug, [small, deep]) => {
      for (const [layers, parted] of [
        [[2, 2, 1], small],
        [[2, 3, 3, 1], deep],
      ] as const) {
        const first = experimentEvents({ bug: bug as BugName, layers: [...layers], every: 1 }).next().value;
        expect(first.type === 'epoch' && first.disagreeing).toEqual(parted);
        const r = runExperimentSync({ bug: bug as BugName, layers: [...layers], epochs: 20 });
        expect(r.firstDisagreement).toEqual({ epoch: 0, params: parted });
        expect(r.maxAbsGradDiff!).toBeGreaterThan(1e-6);
      }
    },
  );

  it('leaves the autodiff side right: finite differences agree with it whatever the δ side does', () => {
    for (const bug of BUGS) {
      const r = runExperimentSync({ bug, epochs: 5, finiteDifferenceEvery: 1 });
      expect(r.maxFiniteDifferenceError!, bug).toBeLessThan(1e-8);
    }
  });

  it('says which method parts: the δ equations by the mistake, forward mode at rounding level', () => {
    const run = experimentEvents({ bug: 'wrongSign', method: ['autodiff', 'manual', 'forward'], every: 1 });
    for (let k = 0; k < 3; k++) {
      const e = run.next().value;
      if (e.type !== 'epoch') throw new Error('expected an epoch event');
      const { manual, forward } = e.maxAbsGradDiffByMethod!;
      expect(manual!).toBeGreaterThan(1e-6);
      expect(forward!).toBeLessThanOrEqual(1e-12);
      // The event's worst is the worse of the two.
      expect(e.maxAbsGradDiff).toBe(Math.max(manual!, forward!));
    }
    const alone = experimentEvents({ method: ['manual'], every: 1 }).next().value;
    expect(alone.type === 'epoch' && alone.maxAbsGradDiffByMethod).toBeNull();
    const pair = experimentEvents({ method: ['manual', 'forward'], every: 1 }).next().value;
    expect(pair.type === 'epoch' && Object.keys(pair.maxAbsGradDiffByMethod!)).toEqual(['forward']);
  });

  it('reports no disagreement without a mistake', () => {
    const r = runExperimentSync({ layers: [2, 3, 3, 1], epochs: 50 });
    expect(r.firstDisagreement).toBeNull();
  });

  it('shows the wrong δ in the step trace where it first appears, beside the right adjoint', () => {
    const differs = (a: number[][], b: number[][]) =>
      a.flat().some((v, i) => Math.abs(v - b.flat()[i]!) > 1e-12);
    const drop = traceStep({ bug: 'dropActivationDerivative' });
    expect(differs(drop.layers[1]!.delta, drop.layers[1]!.adjoint)).toBe(true);
    const transposed = traceStep({ bug: 'untransposedWeights' });
    expect(transposed.layers.map((l) => differs(l.delta, l.adjoint))).toEqual([false, false]);
    expect(differs(transposed.layers[0]!.dW.manual, transposed.layers[0]!.dW.autodiff)).toBe(true);
    const right = traceStep();
    expect(right.layers.map((l) => differs(l.delta, l.adjoint))).toEqual([false, false]);
  });

  it('names the first place the trace parts, in backward order, with its graph node', () => {
    const expected: Record<BugName, [number, 'delta' | 'W' | 'b'] | null> = {
      none: null,
      dropActivationDerivative: [2, 'delta'],
      forgetBiasGradient: [2, 'b'],
      untransposedWeights: [1, 'W'],
      sumNotMean: [2, 'delta'],
      wrongSign: [2, 'delta'],
    };
    for (const bug of BUGS) {
      const trace = traceStep({ bug });
      const first = trace.firstMismatch;
      expect(first && [first.layer, first.quantity], bug).toEqual(expected[bug]);
      if (first) {
        const node = trace.graph.nodes.find((n) => n.id === first.node)!;
        expect(node.name, bug).toBe(
          first.quantity === 'delta' ? `z${first.layer}` : `${first.quantity}${first.layer}`,
        );
      }
    }
  });
});
