import { readFileSync } from 'node:fs';
import { tensor } from '@deltagrad/core';
import {
  Adam,
  AdamW,
  type Optimizer,
  type OptimizerStateJSON,
  optimizerFromState,
  Parameter,
  RMSprop,
  SGD,
} from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

interface Case {
  name: string;
  type: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
  options: Record<string, unknown>;
  trajectory: number[][];
}
interface Fixture {
  steps: number;
  A: number[][];
  c: number[];
  p0: number[];
  cases: Case[];
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL('./fixtures/optimizer-trajectories.json', import.meta.url), 'utf8'),
);

/** g = A·p + c, summed in the same order as the fixture script. */
function gradientOf(p: Float64Array): Float64Array {
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    let s = 0;
    for (let j = 0; j < p.length; j++) s += fixture.A[i]![j]! * p[j]!;
    g[i] = s + fixture.c[i]!;
  }
  return g;
}

function make(type: Case['type'], params: Parameter[], options: Record<string, unknown>): Optimizer {
  switch (type) {
    case 'SGD':
      return new SGD(params, options);
    case 'Adam':
      return new Adam(params, options);
    case 'AdamW':
      return new AdamW(params, options);
    case 'RMSprop':
      return new RMSprop(params, options);
  }
}

function setGrad(p: Parameter): void {
  p.grad = tensor(gradientOf(p.value.data), { shape: [...p.shape] });
}

describe('one hand-computed step of each optimizer', () => {
  // p = [1, -2], g = [0.5, -1] throughout.
  const start = () => {
    const p = new Parameter(tensor([1, -2]), 'p');
    p.grad = tensor([0.5, -1]);
    return p;
  };

  it('SGD: θ − γg', () => {
    const p = start();
    new SGD([p], { lr: 0.1 }).step();
    expect(p.value.toArray()).toEqual([1 - 0.1 * 0.5, -2 - 0.1 * -1]); // [0.95, -1.9]
  });

  it('SGD with weight decay and momentum: first step uses b₁ = g + λθ', () => {
    const p = start();
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, weightDecay: 0.1 });
    opt.step();
    // g' = [0.5 + 0.1·1, −1 + 0.1·(−2)] = [0.6, −1.2]; b₁ = g'; θ = θ − 0.1·b₁.
    expect(p.value.toArray()).toEqual([1 - 0.1 * (0.5 + 0.1 * 1), -2 - 0.1 * (-1 + 0.1 * -2)]);
    // Second step with the same gradient: b₂ = 0.9·b₁ + g'(θ₁).
    p.grad = tensor([0.5, -1]);
    const theta = p.value.toArray();
    opt.step();
    const b2 = [0.9 * 0.6 + (0.5 + 0.1 * theta[0]!), 0.9 * -1.2 + (-1 + 0.1 * theta[1]!)];
    expect(p.value.toArray()[0]).toBeCloseTo(theta[0]! - 0.1 * b2[0]!, 15);
    expect(p.value.toArray()[1]).toBeCloseTo(theta[1]! - 0.1 * b2[1]!, 15);
  });

  it('SGD Nesterov: θ − γ(g + μb)', () => {
    const p = start();
    new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true }).step();
    // b₁ = g, update g + 0.9·g = 1.9·g.
    expect(p.value.toArray()[0]).toBeCloseTo(1 - 0.1 * 1.9 * 0.5, 15);
    expect(p.value.toArray()[1]).toBeCloseTo(-2 - 0.1 * 1.9 * -1, 15);
  });

  it('Adam: the first step is γ·g/(|g| + ε), about γ·sign(g)', () => {
    const p = start();
    new Adam([p], { lr: 0.1 }).step();
    // m̂₁ = g, v̂₁ = g², so θ₁ = θ₀ − 0.1·g/(|g| + 1e-8).
    expect(p.value.toArray()[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 15);
    expect(p.value.toArray()[1]).toBeCloseTo(-2 - (0.1 * -1) / (1 + 1e-8), 15);
  });

  it('AdamW: decoupled decay θ(1 − γλ) before the Adam step', () => {
    const p = start();
    new AdamW([p], { lr: 0.1, weightDecay: 0.5 }).step();
    expect(p.value.toArray()[0]).toBeCloseTo(1 - 0.1 * 0.5 * 1 - (0.1 * 0.5) / (0.5 + 1e-8), 15);
    expect(p.value.toArray()[1]).toBeCloseTo(-2 - 0.1 * 0.5 * -2 - (0.1 * -1) / (1 + 1e-8), 15);
  });

  it('RMSprop: θ − γ·g/(√((1 − α)g²) + ε)', () => {
    const p = start();
    new RMSprop([p], { lr: 0.01, alpha: 0.99 }).step();
    const v = (g: number) => Math.sqrt(0.01 * g * g);
    expect(p.value.toArray()[0]).toBeCloseTo(1 - (0.01 * 0.5) / (v(0.5) + 1e-8), 15);
    expect(p.value.toArray()[1]).toBeCloseTo(-2 - (0.01 * -1) / (v(-1) + 1e-8), 15);
  });
});

describe('trajectories against the NumPy fixture (PyTorch documented rules)', () => {
  let maxSeen = 0;
  for (const c of fixture.cases) {
    it(`${c.name}: ${fixture.steps} steps within 1e-12`, () => {
      const p = new Parameter(tensor(fixture.p0), 'p');
      const opt = make(c.type, [p], c.options);
      let maxDiff = 0;
      for (let k = 0; k < fixture.steps; k++) {
        setGrad(p);
        opt.step();
        const expected = c.trajectory[k]!;
        p.value.toArray().forEach((v, i) => {
          const e = expected[i]!;
          maxDiff = Math.max(maxDiff, Math.abs(v - e) / Math.max(1, Math.abs(e)));
        });
      }
      maxSeen = Math.max(maxSeen, maxDiff);
      console.log(`optimizer ${c.name}: max relative difference ${maxDiff} (largest so far ${maxSeen})`);
      expect(maxDiff).toBeLessThanOrEqual(1e-12);
    });

    it(`${c.name}: state() after 10 steps resumes the same trajectory in a new optimizer`, () => {
      const p = new Parameter(tensor(fixture.p0), 'p');
      const opt = make(c.type, [p], c.options);
      for (let k = 0; k < 10; k++) {
        setGrad(p);
        opt.step();
      }
      const saved: OptimizerStateJSON = JSON.parse(JSON.stringify(opt.state()));
      const q = new Parameter(p.value.detach(), 'q');
      const resumed = optimizerFromState([q], saved);
      expect(resumed.type).toBe(c.type);
      for (let k = 10; k < fixture.steps; k++) {
        setGrad(p);
        opt.step();
        setGrad(q);
        resumed.step();
      }
      expect(q.value.toArray()).toEqual(p.value.toArray());
    });
  }
});

describe('optimizer behaviour', () => {
  it('skips parameters without a gradient, and keeps .grad after step until zeroGrad', () => {
    const a = new Parameter(tensor([1]), 'a');
    const b = new Parameter(tensor([2]), 'b');
    a.grad = tensor([1]);
    const opt = new SGD([a, b], { lr: 0.5 });
    opt.step();
    expect(a.value.toArray()).toEqual([0.5]);
    expect(b.value.toArray()).toEqual([2]);
    expect(a.grad?.toArray()).toEqual([1]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it('a non-finite gradient updates nothing', () => {
    const a = new Parameter(tensor([1, 2]), 'a');
    const b = new Parameter(tensor([3]), 'b');
    a.grad = tensor([1, 1]);
    b.grad = tensor([Number.NaN]);
    const opt = new Adam([a, b]);
    expect(() => opt.step()).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(a.value.toArray()).toEqual([1, 2]);
    expect(opt.state().params[0]!.step).toBe(0);
  });

  it('a gradient of the wrong shape is refused', () => {
    const a = new Parameter(tensor([1, 2]), 'a');
    a.grad = tensor([1, 2, 3]);
    expect(() => new SGD([a], { lr: 1 }).step()).toThrow(
      /gradient of a \(params\[0\]\) has shape \[3\], expected \[2\]/,
    );
  });

  it('validates options and names the option', () => {
    const p = () => [new Parameter(tensor([1]))];
    const cases: [() => unknown, RegExp][] = [
      [() => new SGD(p(), { lr: -1 }), /SGD: option lr must be a finite number > 0, got -1/],
      [() => new SGD(p(), { lr: Number.NaN }), /option lr/],
      [() => new SGD(p(), { lr: 0.1, nesterov: true }), /nesterov needs momentum > 0/],
      [() => new SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), /dampening 0/],
      [() => new SGD(p(), { lr: 0.1, learningRate: 1 } as never), /unknown option "learningRate"/],
      [() => new Adam(p(), { betas: [0.9, 1] }), /option betas\[1\] must be a number in \[0, 1\)/],
      [() => new Adam(p(), { betas: [0.9] as never }), /option betas must be a pair/],
      [() => new Adam(p(), { eps: -1 }), /option eps/],
      [() => new AdamW(p(), { weightDecay: -0.1 }), /AdamW: option weightDecay/],
      [() => new RMSprop(p(), { alpha: 1.5 }), /option alpha must be a number in \[0, 1\]/],
      [() => new RMSprop(p(), { momentum: -1 }), /option momentum/],
      [() => new SGD([], { lr: 1 }), /empty parameter list/],
      [
        () => new SGD([new Parameter(tensor([1]))].concat([]) as never, { lr: 0 }),
        /lr must be a finite number > 0/,
      ],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(message);
      try {
        fn();
      } catch (e) {
        expect((e as { code: string }).code).toBe('INVALID_OPTION');
      }
    }
    const q = new Parameter(tensor([1]));
    expect(() => new SGD([q, q], { lr: 1 })).toThrow(/appears more than once/);
  });

  it('lr is settable (0 allowed, negative refused)', () => {
    const opt = new SGD([new Parameter(tensor([1]))], { lr: 0.1 });
    opt.lr = 0;
    expect(opt.lr).toBe(0);
    expect(() => {
      opt.lr = -1;
    }).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('loadState rejects other types, shapes and tampered buffers, and changes nothing', () => {
    const p = new Parameter(tensor([1, 2]), 'p');
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([1, 1]);
    opt.step();
    const good = opt.state();
    const before = JSON.stringify(opt.state());
    const attempts: [unknown, string, RegExp][] = [
      [{ ...good, type: 'SGD' }, 'MODEL_FORMAT', /state is for SGD, not Adam/],
      [{ ...good, type: 'Lion' }, 'MODEL_FORMAT', /unknown optimizer "Lion"/],
      [{ ...good, params: [] }, 'MODEL_FORMAT', /state for 0 parameters, the model has 1/],
      [
        { ...good, params: [{ ...good.params[0]!, shape: [3] }] },
        'SHAPE_MISMATCH',
        /has shape \[3\], expected \[2\]/,
      ],
      [
        { ...good, params: [{ ...good.params[0]!, buffers: { ...good.params[0]!.buffers, expAvg: [1] } }] },
        'SHAPE_MISMATCH',
        /expAvg: has 1 values/,
      ],
      [
        {
          ...good,
          params: [{ ...good.params[0]!, buffers: { ...good.params[0]!.buffers, expAvg: [1, null] } }],
        },
        'NON_FINITE',
        /non-finite value at Adam.loadState.params\[0\].buffers.expAvg\[1\]/,
      ],
      [
        { ...good, params: [{ ...good.params[0]!, buffers: { expAvg: [0, 0] } }] },
        'MODEL_FORMAT',
        /no buffer 'expAvgSq'/,
      ],
      [{ ...good, options: { lr: -3 } }, 'INVALID_OPTION', /option lr/],
      [
        { ...good, params: [{ ...good.params[0]!, step: -1 }] },
        'MODEL_FORMAT',
        /step: expected an integer >= 0/,
      ],
    ];
    for (const [state, code, message] of attempts) {
      let error: unknown;
      try {
        opt.loadState(state as OptimizerStateJSON);
      } catch (e) {
        error = e;
      }
      expect(error, String(message)).toMatchObject({ code });
      expect((error as Error).message).toMatch(message);
      expect(JSON.stringify(opt.state())).toBe(before);
    }
  });
});
