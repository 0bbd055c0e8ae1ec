import { readFileSync } from 'node:fs';
import { Tensor, tensor } from '@deltagrad/core';
import {
  Adam,
  type BatchInfo,
  blobs,
  clipGradNorm,
  clipGradValue,
  cosineAnnealing,
  exponentialLR,
  type FitCallbacks,
  fit,
  Linear,
  linearWarmup,
  mlp,
  NnError,
  oneCycle,
  Parameter,
  progressBar,
  reduceOnPlateau,
  SGD,
  stepLR,
  xor,
} from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

interface ScheduleCase {
  schedule: keyof typeof MAKERS;
  lr: number;
  options: Record<string, unknown>;
  metrics?: number[];
  lrs: number[];
}
const fixture: { cases: ScheduleCase[] } = JSON.parse(
  readFileSync(new URL('./fixtures/schedules.json', import.meta.url), 'utf8'),
);
const MAKERS = {
  stepLR,
  exponentialLR,
  cosineAnnealing,
  oneCycle,
  linearWarmup,
  reduceOnPlateau,
} as const;

describe("schedules against PyTorch's own schedulers (fixtures/generate_schedule_fixture.py)", () => {
  for (const c of fixture.cases) {
    it(`${c.schedule}(${JSON.stringify(c.options)})`, () => {
      const opt = new SGD([new Parameter(tensor([0]))], { lr: c.lr });
      const sched = (MAKERS[c.schedule] as (o: SGD, options: object) => { step(m?: number): void })(
        opt,
        c.options,
      );
      const lrs = [opt.lr];
      for (let i = 0; i < c.lrs.length - 1; i++) {
        sched.step(c.metrics?.[i]);
        lrs.push(opt.lr);
      }
      // oneCycle's step totalSteps follows the last batch: PyTorch extrapolates its (unused) rate, nn keeps the final one.
      const compared = c.schedule === 'oneCycle' ? lrs.length - 1 : lrs.length;
      lrs.slice(0, compared).forEach((lr, i) => {
        expect(Math.abs(lr - c.lrs[i]!), `step ${i}: ${lr} vs ${c.lrs[i]}`).toBeLessThanOrEqual(
          1e-15 * Math.abs(c.lrs[i]!),
        );
      });
      if (c.schedule === 'oneCycle') expect(lrs.at(-1)).toBe(lrs.at(-2));
    });
  }

  it('oneCycle steps per batch, refuses to run past totalSteps, and checks its options', () => {
    const opt = new SGD([new Parameter(tensor([0]))], { lr: 1 });
    const sched = oneCycle(opt, { maxLr: 0.1, totalSteps: 4 });
    expect(sched.interval).toBe('batch');
    for (let i = 0; i < 4; i++) sched.step();
    expect(() => sched.step()).toThrow(/oneCycle: stepped 5 times, more than totalSteps \(4\)/);
    expect(() => oneCycle(opt, { maxLr: 0.1, totalSteps: 3, pctStart: 0.1 })).toThrow(
      /leaves a phase without steps/,
    );
    expect(() => reduceOnPlateau(opt).step()).toThrow(
      /reduceOnPlateau: option the metric passed to step\(\) must be a finite number/,
    );
    expect(() => linearWarmup(opt, { steps: 2, startFactor: 0 })).toThrow(
      /startFactor must be a number in \(0, 1\]/,
    );
    expect(() => exponentialLR(opt, { gamma: -1 })).toThrow(NnError);
  });
});

describe('gradient clipping', () => {
  const withGrads = (...grads: number[][]) =>
    grads.map((g, i) => {
      const p = new Parameter(new Tensor(new Float64Array(g.length), [g.length]), `p${i}`);
      p.grad = tensor(g);
      return p;
    });

  it('clipGradNorm scales every gradient by maxNorm / (norm + 1e-6) when the total L2 norm is larger', () => {
    const ps = withGrads([3, 0], [0, 4]); // total norm 5
    expect(clipGradNorm(ps, 1)).toBe(5);
    const coef = 1 / (5 + 1e-6);
    expect(ps[0]!.grad!.toArray()).toEqual([3 * coef, 0]);
    expect(ps[1]!.grad!.toArray()).toEqual([0, 4 * coef]);
    const small = withGrads([0.3, 0.4]);
    expect(clipGradNorm(small, 1)).toBeCloseTo(0.5, 15);
    expect(small[0]!.grad!.toArray()).toEqual([0.3, 0.4]); // under the limit: untouched
    const inf = withGrads([1, -7], [2]);
    expect(clipGradNorm(inf, 3.5, { normType: 'inf' })).toBe(7);
    expect(inf[0]!.grad!.toArray()).toEqual([3.5 / (7 + 1e-6), (-7 * 3.5) / (7 + 1e-6)]);
  });

  it('clipGradValue clamps every value; both skip parameters without a gradient', () => {
    const ps = withGrads([3, -0.2, -5]);
    const bare = new Parameter(tensor([1]), 'bare');
    clipGradValue([...ps, bare], 1);
    expect(ps[0]!.grad!.toArray()).toEqual([1, -0.2, -1]);
    expect(bare.grad).toBeNull();
  });

  it('refuse a non-finite gradient without changing any, naming it', () => {
    const ps = withGrads([1, 2], [Number.NaN]);
    expect(() => clipGradNorm(ps, 1)).toThrow(
      /clipGradNorm: the gradient of 'p1' is NaN at flat index 0; nothing was clipped/,
    );
    expect(ps[0]!.grad!.toArray()).toEqual([1, 2]);
    expect(() => clipGradValue(ps, 0)).toThrow(/option clipValue must be a finite number > 0/);
  });

  it('fit clips before each step: with clipGradNorm, no update is longer than lr · maxNorm (SGD)', () => {
    const model = new Linear(2, 1);
    const data = {
      x: tensor([
        [100, -100],
        [50, 20],
      ]),
      y: tensor([[1], [0]]),
    };
    const before = model.stateDict();
    fit(model, data, { loss: 'mse', optimizer: new SGD(model, { lr: 0.1 }), epochs: 1, clipGradNorm: 1 });
    const after = model.stateDict();
    let squared = 0;
    for (const name of ['W', 'b']) {
      after[name]!.toArray().forEach((v, i) => {
        squared += (v - before[name]!.toArray()[i]!) ** 2;
      });
    }
    expect(Math.sqrt(squared)).toBeLessThanOrEqual(0.1 * 1 + 1e-12);
    expect(Math.sqrt(squared)).toBeGreaterThan(0.09);
  });
});

describe('fit callbacks and schedules', () => {
  it('calls onBatch after every step and the callbacks in order; a batch schedule steps per batch', () => {
    const data = blobs({ n: 50, classes: 3, seed: 1 });
    const model = mlp({ sizes: [2, 8, 3], activations: ['relu', 'identity'], seed: 0 });
    const opt = new Adam(model, { lr: 0.01 });
    const sched = oneCycle(opt, { maxLr: 0.05, totalSteps: 3 * 4 });
    const events: string[] = [];
    const batches: BatchInfo[] = [];
    const recorder: FitCallbacks = {
      onTrainBegin: (info) => events.push(`begin ${info.epochs}×${info.batches} (${info.rows} rows)`),
      onBatch: (info) => {
        events.push(`batch ${info.epoch}.${info.batch}`);
      },
      onEpoch: (info) => {
        events.push(`epoch ${info.epoch}`);
      },
      onTrainEnd: (h) => events.push(`end ${h.epochs}`),
    };
    const h = fit(model, data, {
      loss: 'crossEntropy',
      optimizer: opt,
      epochs: 3,
      batchSize: 16,
      schedule: sched,
      onBatch: (info) => {
        batches.push(info);
      },
      callbacks: [recorder],
    });
    expect(events).toEqual([
      'begin 3×4 (50 rows)',
      ...[0, 1, 2].flatMap((e) => [0, 1, 2, 3].map((b) => `batch ${e}.${b}`).concat(`epoch ${e}`)),
      'end 3',
    ]);
    expect(sched.epoch).toBe(12);
    // Each batch reports the rate its step used: the one-cycle rates, rising to the peak near
    // step 0.3 · 12 − 1 = 2.6 (so at step 3), then falling.
    const lrs = batches.map((b) => b.lr);
    expect(lrs[0]).toBeCloseTo(0.05 / 25, 15);
    const peak = lrs.indexOf(Math.max(...lrs));
    expect(peak).toBe(3);
    lrs.forEach((lr, i) => {
      if (i > 0) expect(i <= peak ? lr > lrs[i - 1]! : lr < lrs[i - 1]!).toBe(true);
    });
    expect(h.lr).toEqual([batches[0]!.lr, batches[4]!.lr, batches[8]!.lr]);
    // The epoch loss is the row-weighted mean of its batches' losses.
    const first = batches.slice(0, 4);
    expect(h.loss[0]).toBeCloseTo(
      (16 * first[0]!.loss + 16 * first[1]!.loss + 16 * first[2]!.loss + 2 * first[3]!.loss) / 50,
      14,
    );
  });

  it("'stop' from onBatch ends training after that batch; reduceOnPlateau gets the validation loss", () => {
    const model = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
    let steps = 0;
    const h = fit(model, xor(), {
      loss: 'bce',
      optimizer: new SGD(model, { lr: 0.1 }),
      epochs: 100,
      batchSize: 1,
      onBatch: () => (++steps === 6 ? 'stop' : undefined),
    });
    expect(steps).toBe(6);
    expect(h.epochs).toBe(2);
    expect(h.stopReason).toBe('callback');

    const opt = new SGD(model, { lr: 1e-9 });
    const seen: number[] = [];
    const plateau = reduceOnPlateau(opt, { patience: 0, factor: 0.5 });
    const step = plateau.step.bind(plateau);
    plateau.step = (metric?: number) => {
      seen.push(metric!);
      step(metric);
    };
    const h2 = fit(model, xor(), {
      loss: 'bce',
      optimizer: opt,
      epochs: 3,
      validation: xor(),
      schedule: plateau,
    });
    expect(seen).toEqual(h2.valLoss);
  });

  it('ends the progress line even when training fails', () => {
    const out: string[] = [];
    const model = mlp({ sizes: [1, 1], activations: 'identity', seed: 0 });
    expect(() =>
      fit(
        model,
        { x: tensor([[1e200]]), y: tensor([[0]]) },
        {
          loss: 'mse',
          optimizer: new SGD(model, { lr: 1 }),
          epochs: 2,
          callbacks: [progressBar({ stream: { write: (s) => out.push(s), isTTY: true } })],
        },
      ),
    ).toThrow(/the loss is Infinity/);
    expect(out.at(-1)).toBe('\n');
  });
});

describe('progressBar', () => {
  const run = (tty: boolean, every?: number) => {
    const out: string[] = [];
    const model = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed: 2 });
    fit(model, xor(), {
      loss: 'bce',
      optimizer: new Adam(model, { lr: 0.05 }),
      epochs: 5,
      batchSize: 2,
      validation: xor(),
      callbacks: [
        progressBar({ stream: { write: (s: string) => out.push(s), isTTY: tty, columns: 100 }, every }),
      ],
    });
    return out.join('');
  };

  it('on a terminal: one bar redrawn in place, full at the end, then a newline', () => {
    const text = run(true);
    const frames = text.split('\r\x1b[2K').filter(Boolean);
    expect(frames.length).toBeGreaterThan(5);
    expect(frames[0]).toMatch(/^training ░{30} 0\/5 epochs {2}loss — {2}\d+\.\ds$/);
    expect(frames.at(-1)).toMatch(
      /^training █{30} 5\/5 epochs {2}loss \d\.\d{4} {2}val \d\.\d{4} {2}\d+\.\ds\n$/,
    );
    expect(text.split('\n')).toHaveLength(2);
  });

  it('elsewhere: plain lines, every N epochs and the last', () => {
    const lines = run(false).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^epoch 1\/5 {2}loss \d\.\d{6} {2}val \d\.\d{6} {2}lr 0\.05 {2}\d+\.\ds$/);
    expect(
      run(false, 2)
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' ')[1]),
    ).toEqual(['1/5', '3/5', '5/5']);
    expect(() => progressBar({ stream: {} as never })).toThrow(
      /option stream must have a write\(text\) method/,
    );
  });
});
