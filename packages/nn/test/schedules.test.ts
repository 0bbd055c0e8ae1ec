import { tensor } from '@deltagrad/core';
import { cosineAnnealing, Parameter, SGD, stepLR } from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

const optimizer = (lr: number) => new SGD([new Parameter(tensor([1]))], { lr });

describe('schedules', () => {
  it('stepLR: lr · γ^⌊epoch / stepSize⌋ (PyTorch StepLR)', () => {
    const opt = optimizer(1);
    const sched = stepLR(opt, { stepSize: 3, gamma: 0.5 });
    const lrs = [opt.lr];
    for (let i = 0; i < 9; i++) {
      sched.step();
      lrs.push(opt.lr);
    }
    expect(lrs).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]);
    expect(sched.epoch).toBe(9);
    expect(sched.baseLr).toBe(1);
  });

  it('cosineAnnealing: η_min + ½(η_max − η_min)(1 + cos(πt/T_max))', () => {
    const opt = optimizer(0.1);
    const sched = cosineAnnealing(opt, { tMax: 4, etaMin: 0.02 });
    const lrs = [opt.lr];
    for (let i = 0; i < 8; i++) {
      sched.step();
      lrs.push(opt.lr);
    }
    const expected = lrs.map((_, t) => 0.02 + 0.5 * (0.1 - 0.02) * (1 + Math.cos((Math.PI * t) / 4)));
    lrs.forEach((lr, t) => {
      expect(lr).toBeCloseTo(expected[t]!, 15);
    });
    expect(lrs[4]).toBeCloseTo(0.02, 15);
    expect(lrs[8]).toBeCloseTo(0.1, 15);
  });

  it('cosine to etaMin 0 reaches lr 0', () => {
    const opt = optimizer(0.1);
    const sched = cosineAnnealing(opt, { tMax: 2 });
    sched.step();
    sched.step();
    expect(opt.lr).toBe(0);
  });

  it('validates options', () => {
    expect(() => stepLR(optimizer(1), { stepSize: 0 })).toThrow(
      /stepLR: option stepSize must be an integer >= 1/,
    );
    expect(() => stepLR(optimizer(1), { stepSize: 1, gamma: -1 })).toThrow(/option gamma/);
    expect(() => cosineAnnealing(optimizer(1), { tMax: 10, etaMin: -1 })).toThrow(/option etaMin/);
    expect(() => cosineAnnealing({} as never, { tMax: 10 })).toThrow(/must be an optimizer/);
  });
});
