import {
  ACTIVATIONS,
  activate,
  activationDerivative,
  fromRows,
  hiddenDelta,
  LEAKY_RELU_SLOPE,
  LOSSES,
  lossGradient,
  lossValue,
  ManualError,
  matrix,
  meanSquaredError,
  outputDelta,
  sigmoid,
  sigmoidDerivative,
  toRows,
} from '@deltagrad/manual';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';
import { multiplySlope, TABLE } from '../src/activations';

const row = (...xs: number[]) => fromRows([xs]);
const values = (m: { data: Float64Array }) => Array.from(m.data);

describe('activations', () => {
  it('δ ⊙ f′ read from a = f(z) has the bits of δ ⊙ f′(z), for every activation and edge value', () => {
    // The backward pass reads f′ from the forward pass's a where it can: it must not change a bit.
    const z = row(-800, -40, -2.5, -1e-300, -0, 0, 1e-300, 0.3, 2.5, 40, 800, Infinity, -Infinity, NaN);
    const rng = createRandom(5);
    const d = matrix(1, z.cols);
    for (let i = 0; i < z.cols; i++) d.data[i] = rng.normal();
    d.data[0] = -0;
    for (const name of ACTIVATIONS) {
      const derivative = activationDerivative(name, z);
      const want = d.data.map((v, i) => v * derivative.data[i]!);
      const got = matrix(1, z.cols);
      got.data.set(d.data);
      multiplySlope(name, got.data, z.data, activate(name, z).data);
      expect(
        Array.from(got.data).map((v, i) => Object.is(v, want[i])),
        name,
      ).not.toContain(false);
    }
  });

  it('f′(z) and δ ⊙ f′(z) in plain loops keep the bits of the scalar derivative, for every activation and edge value', () => {
    // activationDerivative and hiddenDelta used to call df through a table once per entry; the
    // loops that replaced the calls must give df(z) and δ·df(z) exactly, NaN and −0 included.
    const z = row(-800, -40, -2.5, -1e-300, -0, 0, 1e-300, 0.3, 2.5, 40, 800, Infinity, -Infinity, NaN);
    const n = z.cols;
    const rng = createRandom(11);
    const next = matrix(n, 1);
    for (let i = 0; i < n; i++) next.data[i] = rng.normal();
    const dNext = fromRows([[0.75]]);
    for (const name of ACTIVATIONS) {
      const slope = TABLE[name].df;
      const derivative = values(activationDerivative(name, z));
      expect(
        derivative.map((v, i) => Object.is(v, slope(z.data[i]!))),
        name,
      ).not.toContain(false);
      // δ^(l) = (δ^(l+1) W^(l+1)ᵀ) ⊙ f′(z^(l)) with one output unit: 0.75·W[i] entry i.
      const delta = values(hiddenDelta(dNext, next, z, name));
      const want = Array.from(next.data, (w, i) => 0.75 * w * slope(z.data[i]!));
      expect(
        delta.map((v, i) => Object.is(v, want[i])),
        name,
      ).not.toContain(false);
    }
  });

  it('activate gives the same bits new, into a given matrix and in place (z overwritten by a)', () => {
    const z = row(-800, -40, -2.5, -1e-300, -0, 0, 1e-300, 0.3, 2.5, 40, 800, Infinity, -Infinity, NaN);
    const scalar: Partial<Record<string, (x: number) => number>> = {
      sigmoid,
      tanh: Math.tanh,
      relu: (x) => Math.max(x, 0),
    };
    for (const name of ACTIVATIONS) {
      const fresh = activate(name, z);
      const into = activate(name, z, matrix(1, z.cols));
      const inPlace = fromRows([Array.from(z.data)]);
      activate(name, inPlace, inPlace);
      for (const m of [into, inPlace]) {
        expect(
          Array.from(m.data).map((v, i) => Object.is(v, fresh.data[i])),
          name,
        ).not.toContain(false);
      }
      const f = scalar[name];
      if (f !== undefined) {
        expect(
          Array.from(fresh.data).map((v, i) => Object.is(v, f(z.data[i]!))),
          name,
        ).not.toContain(false);
      }
    }
  });

  it('f and f′ at a few points', () => {
    const z = row(-2, -0.5, 0, 0.5, 2);
    expect(values(activate('identity', z))).toEqual([-2, -0.5, 0, 0.5, 2]);
    expect(values(activationDerivative('identity', z))).toEqual([1, 1, 1, 1, 1]);
    expect(values(activate('relu', z))).toEqual([0, 0, 0, 0.5, 2]);
    expect(values(activationDerivative('relu', z))).toEqual([0, 0, 0, 1, 1]);
    expect(values(activate('leakyRelu', z))).toEqual([-0.02, -0.005, 0, 0.5, 2]);
    expect(values(activationDerivative('leakyRelu', z))).toEqual([0.01, 0.01, 0.01, 1, 1]);
    expect(LEAKY_RELU_SLOPE).toBe(0.01);
    expect(values(activate('tanh', z))).toEqual([-2, -0.5, 0, 0.5, 2].map(Math.tanh));
    expect(activationDerivative('tanh', row(0)).data[0]).toBe(1);
    expect(values(activate('sigmoid', row(0)))).toEqual([0.5]);
    expect(values(activationDerivative('sigmoid', row(0)))).toEqual([0.25]);
    expect(activate('softplus', row(0)).data[0]).toBeCloseTo(Math.LN2, 15);
    expect(values(activationDerivative('softplus', z))).toEqual([-2, -0.5, 0, 0.5, 2].map(sigmoid));
  });

  it('sigmoid is the seed’s 1 / (1 + exp(-x)) and its derivative recomputes it', () => {
    for (const x of [-3.7, -0.1, 0.3, 5]) {
      expect(sigmoid(x)).toBe(1 / (1 + Math.exp(-x)));
      expect(sigmoidDerivative(x)).toBe(sigmoid(x) * (1 - sigmoid(x)));
    }
  });

  it('softplus does not overflow', () => {
    expect(values(activate('softplus', row(1000, -1000)))).toEqual([1000, 0]);
  });

  it('every f′ matches a central difference of f away from kinks', () => {
    const rng = createRandom(3);
    for (const act of ACTIVATIONS) {
      for (let k = 0; k < 50; k++) {
        let x = rng.uniform(-4, 4);
        if (Math.abs(x) < 1e-3) x += 0.01;
        const h = 1e-6;
        const fd = (activate(act, row(x + h)).data[0]! - activate(act, row(x - h)).data[0]!) / (2 * h);
        expect(activationDerivative(act, row(x)).data[0]!).toBeCloseTo(fd, 8);
      }
    }
  });

  it('rejects an unknown activation', () => {
    expect(() => activate('gelu' as never, row(1))).toThrow(
      new ManualError(
        'INVALID_ACTIVATION',
        "activate: activation must be one of identity, sigmoid, tanh, relu, leakyRelu, softplus, got 'gelu'",
      ),
    );
  });
});

describe('losses', () => {
  const yHat = fromRows([[0.25], [0.5], [0.75], [0.5]]);
  const Y = fromRows([[0], [1], [1], [0]]);

  it('values', () => {
    expect(lossValue('halfSSE', yHat, Y)).toBe(0.5 * (0.0625 + 0.25 + 0.0625 + 0.25));
    expect(lossValue('mse', yHat, Y)).toBe((0.0625 + 0.25 + 0.0625 + 0.25) / 4);
    expect(meanSquaredError(yHat, Y)).toBe(lossValue('mse', yHat, Y));
    const bce = -(Math.log(0.75) + Math.log(0.5) + Math.log(0.75) + Math.log(0.5)) / 4;
    expect(lossValue('bce', yHat, Y)).toBeCloseTo(bce, 15);
  });

  it('bce floors each log at −100, so saturated outputs stay finite', () => {
    expect(lossValue('bce', row(1, 0), row(0, 1))).toBe(100);
  });

  it('bce on probabilities equals the stable logit form max(z,0) − z·y + ln(1 + e^(−|z|))', () => {
    const rng = createRandom(11);
    for (let k = 0; k < 100; k++) {
      const z = rng.uniform(-8, 8);
      const y = rng.float();
      const stable = Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      expect(lossValue('bce', row(sigmoid(z)), row(y))).toBeCloseTo(stable, 11);
    }
  });

  it('∂L/∂ŷ matches central differences of the loss for every loss', () => {
    const rng = createRandom(5);
    for (const loss of LOSSES) {
      const p = matrix(3, 2);
      const t = matrix(3, 2);
      for (let i = 0; i < 6; i++) {
        p.data[i] = rng.uniform(0.05, 0.95);
        t.data[i] = rng.float();
      }
      const g = lossGradient(loss, p, t);
      for (let i = 0; i < 6; i++) {
        const x = p.data[i]!;
        const h = 1e-6;
        p.data[i] = x + h;
        const up = lossValue(loss, p, t);
        p.data[i] = x - h;
        const down = lossValue(loss, p, t);
        p.data[i] = x;
        expect(g.data[i]!).toBeCloseTo((up - down) / (2 * h), 8);
      }
    }
  });

  it('halfSSE’s gradient is the seed’s d_a2 = -(y - a2)', () => {
    expect(toRows(lossGradient('halfSSE', yHat, Y))).toEqual([[0.25], [-0.5], [-0.25], [0.5]]);
  });

  it('δ^(L) for halfSSE with a sigmoid output has the bits of ∂L/∂ŷ ⊙ σ′(z), on edge and random values', () => {
    // The seed's output layer runs one fused loop: it must equal the two steps it replaces.
    const edges = [-800, -40, -2.5, -1e-300, -0, 0, 5e-324, 0.3, 2.5, 40, 800, Infinity, -Infinity, NaN];
    const rng = createRandom(9);
    const z = row(...edges, ...Array.from({ length: 50 }, () => rng.normal() * 4));
    const a = activate('sigmoid', z);
    const targets = [0, 1, -0, 0.5, NaN, Infinity, 1e-300];
    const t = row(...Array.from(z.data, (_, i) => (i < 30 ? targets[i % targets.length]! : rng.normal())));
    const fused = outputDelta('halfSSE', 'sigmoid', z, a, t);
    const slope = activationDerivative('sigmoid', z);
    const twoSteps = values(lossGradient('halfSSE', a, t)).map((g, i) => g * slope.data[i]!);
    expect(values(fused).map((d, i) => Object.is(d, twoSteps[i]))).not.toContain(false);
  });

  it('δ^(L) for bce with a sigmoid output is (ŷ − y)/N, the general form simplified', () => {
    const z = row(-1, 0.5, 2);
    const a = activate('sigmoid', z);
    const t = row(0, 1, 1);
    const simplified = outputDelta('bce', 'sigmoid', z, a, t);
    const general = values(lossGradient('bce', a, t)).map((g, i) => g * sigmoidDerivative(z.data[i]!));
    values(simplified).forEach((d, i) => {
      expect(d).toBe((a.data[i]! - t.data[i]!) / 3);
      expect(d).toBeCloseTo(general[i]!, 15);
    });
    expect(() => outputDelta('bce', 'tanh', z, a, t)).toThrow(
      "outputDelta: loss 'bce' needs a sigmoid output activation, got 'tanh'",
    );
  });

  it('rejects mismatched shapes and unknown losses', () => {
    expect(() => lossValue('mse', yHat, matrix(4, 2))).toThrow(
      new ManualError(
        'SHAPE_MISMATCH',
        'lossValue: Y has shape 4×2 but the prediction yHat has shape 4×1 (one row of targets per example, one column per output unit)',
      ),
    );
    expect(() => lossValue('l1' as never, yHat, Y)).toThrow(
      "lossValue: loss must be one of halfSSE, mse, bce, got 'l1'",
    );
  });
});
