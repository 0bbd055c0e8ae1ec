import { initialParams, type LayerTrace, traceStep } from '@deltagrad/crosscheck';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import {
  activationEquation,
  activationValueEquation,
  biasEquation,
  deltaEquation,
  derivativeAt,
  type Equation,
  lossEquation,
  preactivationEquation,
  RESULT_DIGITS,
  shown,
  texNum,
  weightEquation,
} from './equations';
import { type AppState, defaultState, toConfig } from './state';

const Y = [0, 1, 1, 0];
const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** Every equation of a trace: δ, ∂L/∂a, ∂L/∂W and ∂L/∂b of every unit and example. */
function allEquations(overrides: Partial<AppState>) {
  const config = toConfig({ ...defaultState(), ...overrides });
  const trace = traceStep(config, initialParams(config));
  const y = trace.graph.nodes.find((n) => n.name === 'y')!.value;
  const x = X;
  const out: Equation[] = [];
  trace.layers.forEach((layer, l) => {
    layer.z.forEach((row, i) => {
      row.forEach((_, j) => {
        out.push(deltaEquation(trace.layers, config.loss, l, i, j, y));
        out.push(activationEquation(trace.layers, config.loss, l, i, j, y));
        out.push(preactivationEquation(trace.layers, x, l, i, j));
        out.push(activationValueEquation(trace.layers, l, i, j));
      });
    });
    layer.W.forEach((row, j) => {
      row.forEach((_, k) => {
        out.push(weightEquation(trace.layers, x, l, j, k));
      });
    });
    layer.b[0]!.forEach((_, k) => {
      out.push(biasEquation(trace.layers, l, k));
    });
  });
  const yHat = trace.layers.at(-1)!.a.map((row) => row[0]!);
  out.push(lossEquation(config.loss, yHat, y, trace.loss));
  return out;
}

describe('equations', () => {
  it('formats numbers for LaTeX', () => {
    expect(texNum(0.123456)).toBe('0.1235');
    expect(texNum(-1.5e-7)).toBe('-1.5\\times 10^{-7}');
    expect(texNum(0)).toBe('0');
  });

  it('substitutes the seed network’s numbers, and the result is the traced δ', () => {
    const config = toConfig(defaultState());
    const trace = traceStep(config, initialParams(config));
    const out = deltaEquation(trace.layers, 'halfSSE', 1, 2, 0, Y);
    expect(out.value).toBe(trace.layers[1]!.delta[2]![0]);
    expect(out.tex).toContain('\\delta^{(2)}_{3,1}');
    expect(out.tex).toContain('(0.4367 - 1)');
    // The product of the substituted numbers is the traced δ, as the equations compute it.
    const z = trace.layers[1]!.z[2]![0]!;
    expect((trace.layers[1]!.a[2]![0]! - 1) * derivativeAt('sigmoid', z)).toBe(out.value);
    const hidden = deltaEquation(trace.layers, 'halfSSE', 0, 2, 1, Y);
    expect(hidden.value).toBe(trace.layers[0]!.delta[2]![1]);
    expect(hidden.tex).toContain('\\sum_{k} W^{(2)}_{2,k}');
    for (const eq of [
      out,
      hidden,
      weightEquation(trace.layers, X, 0, 1, 0),
      biasEquation(trace.layers, 1, 0),
    ]) {
      expect(() => katex.renderToString(eq.tex, { throwOnError: true, displayMode: true })).not.toThrow();
    }
  });

  it.each(['halfSSE', 'mse', 'bce'] as const)('gives ∂L/∂a equal to the autodiff adjoint for %s', (loss) => {
    const config = toConfig({ ...defaultState(), loss });
    const trace = traceStep(config, initialParams(config));
    const a2 = trace.graph.nodes.find((n) => n.name === 'a2')!;
    const a1 = trace.graph.nodes.find((n) => n.name === 'a1')!;
    for (let i = 0; i < 4; i++) {
      const out = activationEquation(trace.layers, loss, 1, i, 0, Y);
      expect(Math.abs(out.value - a2.grad![i]!)).toBeLessThan(1e-15);
      const hidden = activationEquation(trace.layers, loss, 0, i, 1, Y);
      expect(Math.abs(hidden.value - a1.grad![i * 2 + 1]!)).toBeLessThan(1e-15);
      expect(() => katex.renderToString(out.tex, { throwOnError: true })).not.toThrow();
      const d = deltaEquation(trace.layers, loss, 1, i, 0, Y);
      expect(() => katex.renderToString(d.tex, { throwOnError: true })).not.toThrow();
    }
    expect(weightEquation(trace.layers, X, 1, 1, 0).value).toBe(trace.layers[1]!.dW.manual[1]![0]);
  });

  it.each([
    { loss: 'halfSSE' as const },
    { loss: 'mse' as const, activation: 'tanh' as const },
    { loss: 'bce' as const, layers: [2, 3, 2, 1] },
  ])('every numeric line gives its shown result from its shown numbers: %o', (overrides) => {
    for (const eq of allEquations(overrides)) {
      expect(shown(eq.shownValue, RESULT_DIGITS)).toBe(shown(eq.value, RESULT_DIGITS));
      expect(eq.digits).toBeGreaterThanOrEqual(4);
    }
  });

  it.each(['halfSSE', 'mse', 'bce'] as const)(
    'the forward pass: z, a and the loss (%s) are the traced values, and typeset',
    (loss) => {
      const config = toConfig({ ...defaultState(), loss, layers: [2, 3, 1], activation: 'tanh' });
      const trace = traceStep(config, initialParams(config));
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 3; j++) {
          const z = preactivationEquation(trace.layers, X, 0, i, j);
          expect(z.value).toBe(trace.layers[0]!.z[i]![j]);
          expect(z.tex).toContain(`z^{(1)}_{${i + 1},${j + 1}}`);
          const a = activationValueEquation(trace.layers, 0, i, j);
          expect(a.value).toBe(trace.layers[0]!.a[i]![j]);
          expect(a.tex).toContain('\\tanh(');
          for (const eq of [z, a])
            expect(() => katex.renderToString(eq.tex, { throwOnError: true })).not.toThrow();
        }
      }
      const out = activationValueEquation(trace.layers, 1, 0, 0);
      expect(out.tex).toContain('\\hat y_{1} = a^{(2)}_{1,1}');
      const yHat = trace.layers[1]!.a.map((row) => row[0]!);
      const L = lossEquation(loss, yHat, Y, trace.loss);
      expect(L.value).toBe(trace.loss);
      expect(shown(L.shownValue, RESULT_DIGITS)).toBe(shown(trace.loss, RESULT_DIGITS));
      expect(() => katex.renderToString(L.tex, { throwOnError: true })).not.toThrow();
    },
  );

  it('shows enough digits where a difference cancels (it used to read "(1 − 1) = −6.8×10⁻⁸")', () => {
    const yHat = 1 - 1.36e-5;
    const rows = (v: number) => Array.from({ length: 200 }, () => [v]);
    const output = {
      layer: 1,
      activation: 'sigmoid',
      z: rows(11.2),
      a: rows(yHat),
      delta: rows((yHat - 1) / 200),
    } as unknown as LayerTrace;
    const eq = deltaEquation([output], 'bce', 0, 0, 0, Array(200).fill(1));
    const numbers = /\\tfrac\{1\}\{200\}\\,\(([\d.]+) - 1\)/.exec(eq.tex);
    expect(numbers).not.toBeNull();
    const shownYHat = Number(numbers![1]);
    expect(shownYHat).not.toBe(1);
    // Computed from the number as shown, the line gives the shown result.
    expect(shown((shownYHat - 1) / 200, RESULT_DIGITS)).toBe(shown(eq.value, RESULT_DIGITS));
    expect(eq.tex).toContain(texNum(eq.value, RESULT_DIGITS));
  });
});
