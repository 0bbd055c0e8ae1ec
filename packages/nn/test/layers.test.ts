import { Tensor, tensor } from '@deltagrad/core';
import {
  Adam,
  BatchNorm1d,
  Dropout,
  fit,
  LayerNorm,
  Linear,
  Module,
  ModuleBuffer,
  manualSeed,
  NnError,
  parseModel,
  parseState,
  predict,
  ReLU,
  restoreModel,
  restoreState,
  Sequential,
  stringifyModel,
  stringifyState,
  toModelJSON,
  toStateJSON,
} from '@deltagrad/nn';
import { createRandom } from '@deltagrad/random';
import { describe, expect, it } from 'vitest';

/** A state dict as plain arrays, for comparison. */
const values = (m: Module) =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, t.toArray()]));
const ones = (rows: number, cols: number) => new Tensor(new Float64Array(rows * cols).fill(1), [rows, cols]);

describe('Dropout', () => {
  it('zeroes about p of the values in training, scales the rest by 1/(1 − p), and is the identity in eval', () => {
    const d = new Dropout(0.3, { seed: 1 });
    const out = d.forward(ones(100, 100)).toArray();
    const kept = out.filter((v) => v !== 0);
    expect(kept.every((v) => v === 1 / 0.7)).toBe(true);
    expect(kept.length / out.length).toBeGreaterThan(0.68);
    expect(kept.length / out.length).toBeLessThan(0.72);
    const x = tensor([[1, 2, 3]]);
    expect(d.eval().forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
  });

  it('is deterministic per seed; without one it draws from the default generator (manualSeed)', () => {
    const masks = (d: Dropout) => [d.forward(ones(4, 8)).toArray(), d.forward(ones(4, 8)).toArray()];
    const a = masks(new Dropout(0.5, { seed: 9 }));
    expect(masks(new Dropout(0.5, { seed: 9 }))).toEqual(a);
    expect(a[1]).not.toEqual(a[0]); // the generator advances between calls
    expect(masks(new Dropout(0.5, { generator: createRandom(9) }))).toEqual(a);
    manualSeed(3);
    const b = masks(new Dropout(0.5));
    manualSeed(3);
    expect(masks(new Dropout(0.5))).toEqual(b);
  });

  it('follows train()/eval() of its container, and predict() turns it off', () => {
    const model = new Sequential(new Linear(3, 3), new Dropout(0.9, { seed: 0 }));
    const x = tensor([[1, 2, 3]]);
    const evalOut = model.eval().forward(x).toArray();
    expect(model.train().forward(x).toArray()).not.toEqual(evalOut);
    expect(predict(model, x).toArray()).toEqual(evalOut);
    expect(model.training).toBe(true);
  });

  it('refuses p outside [0, 1]', () => {
    expect(() => new Dropout(1.5)).toThrow(/Dropout: option p must be a number in \[0, 1\], got 1.5/);
    expect(() => new Dropout(0.5, { seed: 1, generator: createRandom(1) })).toThrow(NnError);
  });
});

describe('LayerNorm', () => {
  it('gives each row mean β and standard deviation γ (up to eps)', () => {
    const norm = new LayerNorm(4);
    norm.loadStateDict({ gamma: [2, 2, 2, 2], beta: [1, 1, 1, 1] });
    const y = norm
      .forward(
        tensor([
          [1, 5, -3, 9],
          [0.1, 0.2, 0.3, 0.4],
        ]),
      )
      .toNested() as number[][];
    for (const row of y) {
      const mean = row.reduce((a, b) => a + b, 0) / 4;
      const sd = Math.sqrt(row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
      expect(mean).toBeCloseTo(1, 12);
      expect(sd).toBeCloseTo(2, 2); // 2·√(var/(var + eps)): 1.9992 for the second row
    }
    expect(() => norm.forward(tensor([[1, 2, 3]]))).toThrow(
      /LayerNorm\(4\): input of shape \[1, 3\] should have shape \[\.\.\., 4\]/,
    );
  });
});

describe('BatchNorm1d', () => {
  it('updates the running statistics as PyTorch does (unbiased variance, momentum 0.1)', () => {
    const bn = new BatchNorm1d(2);
    const x = tensor([
      [1, 10],
      [2, 20],
      [4, 60],
    ]);
    bn.forward(x);
    // running = 0.9 · old + 0.1 · batch value, with the columns' means and unbiased variances.
    const mean = [7 / 3, 30];
    const unbiased = [
      ((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) / 2,
      (20 ** 2 + 10 ** 2 + 30 ** 2) / 2,
    ];
    const sd = bn.stateDict();
    sd.runningMean!.toArray().forEach((v, j) => {
      expect(v).toBeCloseTo(0.1 * mean[j]!, 14);
    });
    sd.runningVar!.toArray().forEach((v, j) => {
      expect(v).toBeCloseTo(0.9 + 0.1 * unbiased[j]!, 12);
    });
    expect(sd.batchesTracked!.item()).toBe(1);
    // momentum null: the plain average of the batches so far.
    const avg = new BatchNorm1d(2, { momentum: null });
    avg.forward(x);
    avg.forward(x.mul(3));
    avg
      .stateDict()
      .runningMean!.toArray()
      .forEach((v, j) => {
        expect(v).toBeCloseTo((mean[j]! + 3 * mean[j]!) / 2, 12);
      });
  });

  it('uses the running statistics in eval mode, so one row can be predicted', () => {
    const bn = new BatchNorm1d(2);
    bn.loadStateDict({ runningMean: [1, -1], runningVar: [4, 0.25] }, { strict: false });
    bn.eval();
    const y = bn.forward(tensor([[3, 0]])).toArray();
    expect(y[0]).toBeCloseTo(2 / Math.sqrt(4 + 1e-5), 15);
    expect(y[1]).toBeCloseTo(1 / Math.sqrt(0.25 + 1e-5), 15);
    expect(() => bn.train().forward(tensor([[3, 0]]))).toThrow(/a training batch needs at least 2 rows/);
  });

  it('keeps its buffers out of the optimizer and the parameters, in the state dict', () => {
    const model = new Sequential(new Linear(2, 3), new BatchNorm1d(3), new ReLU(), new Linear(3, 1));
    expect(model.namedParameters().map(([n]) => n)).toEqual(
      ['0.W', '0.b', '1.gamma', '1.beta', '2.W', '2.b'].map((n) => n.replace('2.', '3.')),
    );
    expect(model.namedBuffers().map(([n]) => n)).toEqual([
      '1.runningMean',
      '1.runningVar',
      '1.batchesTracked',
    ]);
    expect(Object.keys(model.stateDict())).toEqual([
      '0.W',
      '0.b',
      '1.gamma',
      '1.beta',
      '3.W',
      '3.b',
      '1.runningMean',
      '1.runningVar',
      '1.batchesTracked',
    ]);
    const opt = new Adam(model, { lr: 0.01 });
    expect(opt.params).toHaveLength(6);
  });

  it('saves its running statistics in model and state files, and loads them back', () => {
    const model = new Sequential(new Linear(2, 3), new BatchNorm1d(3), new ReLU(), new Linear(3, 1));
    const x = tensor([
      [1, 2],
      [3, -1],
      [0, 0.5],
      [2, 2],
    ]);
    fit(
      model,
      { x, y: tensor([[1], [0], [1], [0]]) },
      { loss: 'mse', optimizer: new Adam(model, { lr: 0.05 }), epochs: 5 },
    );
    const running = model.stateDict()['1.runningMean']!.toArray();
    expect(running.some((v) => v !== 0)).toBe(true);

    const json = toModelJSON(model);
    expect(Object.keys(json.buffers!)).toEqual(['1.runningMean', '1.runningVar', '1.batchesTracked']);
    const { model: back } = restoreModel(parseModel(stringifyModel(json)));
    expect(values(back)).toEqual(values(model));
    expect(predict(back, x).toArray()).toEqual(predict(model, x).toArray());

    const fresh = new Sequential(new Linear(2, 3), new BatchNorm1d(3), new ReLU(), new Linear(3, 1));
    restoreState(fresh, parseState(stringifyState(toStateJSON(model))));
    expect(values(fresh)).toEqual(values(model));
  });

  it('refuses model files whose buffers do not match the architecture', () => {
    const json = toModelJSON(new Sequential(new BatchNorm1d(2)));
    const noBuffers = { ...json, buffers: undefined };
    expect(() => parseModel(JSON.stringify(noBuffers))).toThrow(/buffers: expected an object, got undefined/);
    const missing = structuredClone(json);
    delete missing.buffers!['0.runningVar'];
    expect(() => parseModel(JSON.stringify(missing))).toThrow(/buffers: missing buffer '0.runningVar'/);
    const wrong = structuredClone(json);
    wrong.buffers!['0.runningMean'] = { shape: [3], data: [0, 0, 0] };
    expect(() => parseModel(JSON.stringify(wrong))).toThrow(
      /buffer '0.runningMean' has shape \[3\], expected \[2\]/,
    );
    const extra = toModelJSON(new Sequential(new Linear(1, 1)));
    expect(() => parseModel(JSON.stringify({ ...extra, buffers: { x: { shape: [], data: [1] } } }))).toThrow(
      /unexpected buffer 'x' \(the architecture has none\)/,
    );
  });
});

describe('ModuleBuffer fields', () => {
  it('are registered like parameter fields and saved in the state dict', () => {
    class Counter extends Module {
      lin = new Linear(1, 1);
      count = new ModuleBuffer(tensor(0));
      forward(x: Tensor): Tensor {
        if (this.training) this.count.value = tensor(this.count.value.item() + 1);
        return this.lin.forward(x);
      }
    }
    const c = new Counter();
    c.forward(tensor([[1]]));
    c.forward(tensor([[1]]));
    expect(c.namedBuffers().map(([n]) => n)).toEqual(['count']);
    expect(c.stateDict().count!.item()).toBe(2);
    expect(c.parameters()).toHaveLength(2);
    expect(() => {
      c.count.value = tensor([1, 2]);
    }).toThrow(/ModuleBuffer of shape \[\]: new value has shape \[2\], expected \[\]/);
  });
});
