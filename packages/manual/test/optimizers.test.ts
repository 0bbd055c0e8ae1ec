import {
  createOptimizer,
  fromRows,
  ManualError,
  matrix,
  type Params,
  sgdStep,
  UPDATE_RULES,
} from '@deltagrad/manual';
import { describe, expect, it } from 'vitest';

// One layer, W 2×1 and b 1×1: small enough to follow each rule by hand.
const params = (): Params => ({ W: [fromRows([[1], [-2]])], b: [fromRows([[0.5]])] });
const grads = (g: number) => ({ dW: [fromRows([[g], [-g]])], db: [fromRows([[2 * g]])] });
const flat = (p: Params) => [...p.W[0]!.data, ...p.b[0]!.data];

describe('createOptimizer', () => {
  it.each(UPDATE_RULES)(
    '%s: step into the parameters themselves gives the bits of the allocating step',
    (rule) => {
      const fresh = createOptimizer(rule, { lr: 0.05 });
      const inPlace = createOptimizer(rule, { lr: 0.05 });
      let p = params();
      const q = params();
      for (let t = 1; t <= 4; t++) {
        p = fresh.step(p, grads(t - 2.5));
        expect(inPlace.step(q, grads(t - 2.5), q)).toBe(q);
      }
      expect(flat(q).map((v, i) => Object.is(v, flat(p)[i]))).not.toContain(false);
      expect(() => inPlace.step(q, grads(1), { W: [matrix(1, 2)], b: q.b })).toThrow(/\(into\)/);
    },
  );

  it('sgd is sgdStep', () => {
    const sgd = createOptimizer('sgd', { lr: 0.1 });
    expect(flat(sgd.step(params(), grads(1)))).toEqual(flat(sgdStep(params(), grads(1), 0.1)));
    expect(sgd.steps).toBe(1);
  });

  it('momentum: v = g at the first step, then v = μv + g; θ − η v', () => {
    const opt = createOptimizer('momentum', { lr: 0.1 });
    const one = opt.step(params(), grads(1));
    // W[0]: 1 − 0.1·1; then v = 0.9·1 + 2 = 2.9, so 0.9 − 0.1·2.9.
    expect(one.W[0]!.data[0]).toBe(1 - 0.1 * 1);
    const two = opt.step(one, grads(2));
    expect(two.W[0]!.data[0]).toBe(1 - 0.1 * 1 - 0.1 * (0.9 * 1 + 2));
    expect(two.b[0]!.data[0]).toBe(0.5 - 0.1 * 2 - 0.1 * (0.9 * 2 + 4));
  });

  it('adam: the first step moves each entry by about η against the sign of its gradient', () => {
    const opt = createOptimizer('adam', { lr: 0.01 });
    const next = opt.step(params(), grads(3));
    // m̂ = g and v̂ = g² after the bias corrections, so the step is η·g/(|g| + ε).
    const g = grads(3);
    const signs = [...g.dW[0]!.data, ...g.db[0]!.data].map(Math.sign);
    flat(next).forEach((v, i) => {
      expect(v).toBeCloseTo(flat(params())[i]! - 0.01 * signs[i]!, 9);
    });
  });

  it('rmsprop: the first step is η·g/(√((1 − α)g²) + ε), about 10η for α = 0.99', () => {
    const opt = createOptimizer('rmsprop', { lr: 0.01 });
    const next = opt.step(params(), grads(1));
    // √(0.01·1²) = 0.1, so the step is 0.01·1/(0.1 + 1e-8): 0.1 to within 1e-7.
    expect(next.W[0]!.data[0]).toBeCloseTo(1 - 0.1, 7);
    expect(next.W[0]!.data[1]).toBeCloseTo(-2 + 0.1, 7);
  });

  it.each(UPDATE_RULES)('%s leaves its inputs unchanged and counts its steps', (rule) => {
    const opt = createOptimizer(rule, { lr: 0.1 });
    const p = params();
    const g = grads(1);
    opt.step(p, g);
    opt.step(p, g);
    expect(flat(p)).toEqual([1, -2, 0.5]);
    expect([...g.dW[0]!.data, ...g.db[0]!.data]).toEqual([1, -1, 2]);
    expect(opt.steps).toBe(2);
  });

  it('rejects unknown rules, bad rates and gradients that do not fit, before changing its state', () => {
    expect(() => createOptimizer('lbfgs' as never, { lr: 0.1 })).toThrow(/rule must be one of sgd, momentum/);
    expect(() => createOptimizer('adam', { lr: 0 })).toThrow(/option lr must be a finite positive number/);
    expect(() => createOptimizer('adam', { lr: 0.1, betas: [0.9, 1] })).toThrow(
      /betas\[1\] must be a number in \[0, 1\)/,
    );
    const opt = createOptimizer('momentum', { lr: 0.1 });
    const bad = { dW: [matrix(1, 2)], db: [matrix(1, 1)] };
    expect(() => opt.step(params(), bad)).toThrow(ManualError);
    expect(() => opt.step(params(), bad)).toThrow(
      /grads.dW\[0\] has shape 1×2 but params.W\[0\] has shape 2×1/,
    );
    expect(opt.steps).toBe(0);
    opt.step(params(), grads(1));
    const wider: Params = { W: [matrix(3, 1)], b: [matrix(1, 1)] };
    expect(() => opt.step(wider, { dW: [matrix(3, 1)], db: [matrix(1, 1)] })).toThrow(
      /shapes of the first step/,
    );
  });
});
