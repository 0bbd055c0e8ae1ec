import {
  calculateGain,
  type Initializer,
  kaimingNormal,
  kaimingUniform,
  normalInit,
  numpyRandn,
  pytorchDefault,
  uniformInit,
  xavierNormal,
  xavierUniform,
  zerosInit,
} from '@deltagrad/nn';
import { createRandom, numpyRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

function stats(values: number[]): { mean: number; std: number; min: number; max: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

describe('initialisers', () => {
  it("numpyRandn(numpyRandom(42)) gives the seed script's W1 then W2, zero biases", () => {
    const init = numpyRandn(numpyRandom(42));
    expect(init.weight(2, 2).toNested()).toEqual([
      [0.4967141530112327, -0.13826430117118466],
      [0.6476885381006925, 1.5230298564080254],
    ]);
    expect(init.bias(2, 2).toNested()).toEqual([[0, 0]]);
    expect(init.weight(2, 1).toNested()).toEqual([[-0.23415337472333597], [-0.23413695694918055]]);
  });

  it('calculateGain follows torch.nn.init.calculate_gain', () => {
    expect(calculateGain('linear')).toBe(1);
    expect(calculateGain('sigmoid')).toBe(1);
    expect(calculateGain('tanh')).toBe(5 / 3);
    expect(calculateGain('relu')).toBe(Math.SQRT2);
    expect(calculateGain('leakyRelu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(() => calculateGain('selu' as never)).toThrow(/option nonlinearity/);
  });

  const fanIn = 200;
  const fanOut = 100;
  const uniformCases: [string, Initializer, number][] = [
    ['xavierUniform', xavierUniform(createRandom(1)), Math.sqrt(6 / (fanIn + fanOut))],
    [
      'xavierUniform gain 2',
      xavierUniform(createRandom(1), { gain: 2 }),
      2 * Math.sqrt(6 / (fanIn + fanOut)),
    ],
    ['kaimingUniform', kaimingUniform(createRandom(1)), (Math.sqrt(3) * Math.sqrt(2)) / Math.sqrt(fanIn)],
    [
      'kaimingUniform fanOut tanh',
      kaimingUniform(createRandom(1), { mode: 'fanOut', nonlinearity: 'tanh' }),
      (Math.sqrt(3) * (5 / 3)) / Math.sqrt(fanOut),
    ],
    ['pytorchDefault', pytorchDefault(createRandom(1)), 1 / Math.sqrt(fanIn)],
  ];
  for (const [name, init, bound] of uniformCases) {
    it(`${name}: U(−${bound.toFixed(4)}, ${bound.toFixed(4)}) for a ${fanIn}×${fanOut} weight`, () => {
      const w = init.weight(fanIn, fanOut);
      expect(w.shape).toEqual([fanIn, fanOut]);
      const s = stats(w.toArray());
      expect(s.min).toBeGreaterThanOrEqual(-bound);
      expect(s.max).toBeLessThan(bound);
      expect(s.max).toBeGreaterThan(0.99 * bound);
      expect(s.std).toBeCloseTo(bound / Math.sqrt(3), 2);
    });
  }

  const normalCases: [string, Initializer, number][] = [
    ['xavierNormal', xavierNormal(createRandom(2)), Math.sqrt(2 / (fanIn + fanOut))],
    ['kaimingNormal', kaimingNormal(createRandom(2)), Math.SQRT2 / Math.sqrt(fanIn)],
    ['normalInit std 0.5', normalInit(createRandom(2), { std: 0.5 }), 0.5],
  ];
  for (const [name, init, std] of normalCases) {
    it(`${name}: N(0, ${std.toFixed(4)}²)`, () => {
      const s = stats(init.weight(fanIn, fanOut).toArray());
      expect(Math.abs(s.mean)).toBeLessThan(0.02 * std + 1e-3);
      expect(s.std / std).toBeGreaterThan(0.98);
      expect(s.std / std).toBeLessThan(1.02);
    });
  }

  it('uniformInit, normalInit mean, zerosInit; biases are zero except pytorchDefault', () => {
    const u = stats(uniformInit(createRandom(3), { low: -2, high: 3 }).weight(50, 50).toArray());
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(3);
    expect(stats(normalInit(createRandom(3), { mean: 5 }).weight(50, 50).toArray()).mean).toBeCloseTo(5, 1);
    expect(zerosInit().weight(2, 3).toArray()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(xavierUniform(createRandom(0)).bias(2, 3).toNested()).toEqual([[0, 0, 0]]);
    const b = pytorchDefault(createRandom(0)).bias(4, 3).toArray();
    expect(b.some((v) => v !== 0)).toBe(true);
    expect(b.every((v) => Math.abs(v) < 0.5)).toBe(true);
  });

  it('validates options', () => {
    expect(() => normalInit(createRandom(0), { std: -1 })).toThrow(/normalInit: option std/);
    expect(() => uniformInit(createRandom(0), { low: 1, high: 0 })).toThrow(
      /high \(0\) must be >= low \(1\)/,
    );
    expect(() => kaimingUniform(createRandom(0), { mode: 'fan_in' as never })).toThrow(/option mode/);
    expect(() => xavierUniform(createRandom(0)).weight(0, 2)).toThrow(/fanIn must be an integer >= 1/);
  });
});
