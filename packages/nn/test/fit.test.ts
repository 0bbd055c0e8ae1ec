import { type Tensor, tensor } from '@deltagrad/core';
import {
  Adam,
  batches,
  blobs,
  crossEntropy,
  type EpochInfo,
  fit,
  halfSSE,
  Linear,
  Module,
  mlp,
  NnError,
  SGD,
  stepLR,
  trainTestSplit,
  xor,
  xorQuadrants,
} from '@deltagrad/nn';
import { describe, expect, it } from 'vitest';

const net = (seed = 0) => mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed });

/** A module of the caller's: fit cannot know it computes with core's ops only, so it runs eagerly. */
class Scaled extends Module {
  readonly inner = new Linear(2, 1);
  override forward(x: Tensor): Tensor {
    return this.inner.forward(x).mul(0.5).sigmoid();
  }
}

/** Every parameter value, as bits. */
const valuesOf = (m: Module) => m.parameters().flatMap((p) => Array.from(p.value.data));

describe('fit runs a compiled step when it can', () => {
  it('gives the bits of the eager README loop (zeroGrad, forward, loss, backward, step)', () => {
    const data = xorQuadrants({ n: 64, seed: 2 });
    const compiled = net(5);
    fit(compiled, data, {
      loss: 'halfSSE',
      optimizer: new Adam(compiled, { lr: 0.05 }),
      epochs: 30,
      batchSize: 24,
    });
    const eager = net(5);
    const opt = new Adam(eager, { lr: 0.05 });
    for (let epoch = 0; epoch < 30; epoch++) {
      for (let start = 0; start < 64; start += 24) {
        const end = Math.min(start + 24, 64);
        opt.zeroGrad();
        halfSSE(eager.forward(data.x.slice([start], [end])), data.y.slice([start], [end])).backward();
        opt.step();
      }
    }
    expect(valuesOf(compiled).map((v, i) => Object.is(v, valuesOf(eager)[i]))).not.toContain(false);
  });

  it("crossEntropy on shuffled mini-batches of class labels gives the eager loop's bits (each batch its own labels)", () => {
    const data = blobs({ n: 60, classes: 3, seed: 4 });
    const model = () => mlp({ sizes: [2, 6, 3], activations: ['tanh', 'identity'], seed: 8 });
    const fitted = model();
    fit(fitted, data, {
      loss: 'crossEntropy',
      optimizer: new SGD(fitted, { lr: 0.1 }),
      epochs: 5,
      batchSize: 16,
      shuffle: true,
      seed: 3,
    });
    const eager = model();
    const opt = new SGD(eager, { lr: 0.1 });
    const loader = batches(data, { batchSize: 16, shuffle: true, seed: 3 });
    for (let epoch = 0; epoch < 5; epoch++) {
      for (const { x, y } of loader) {
        opt.zeroGrad();
        crossEntropy(eager.forward(x), y).backward();
        opt.step();
      }
    }
    expect(valuesOf(fitted).map((v, i) => Object.is(v, valuesOf(eager)[i]))).not.toContain(false);
  });

  it("refuses crossEntropy's bad label in a replayed batch with crossEntropy's error, before that batch's update", () => {
    const data = blobs({ n: 48, classes: 3, seed: 4 });
    const model = () => mlp({ sizes: [2, 6, 3], activations: ['tanh', 'identity'], seed: 8 });
    for (const bad of [5, 1.5, -1]) {
      const y = Float64Array.from(data.y.data);
      y[40] = bad; // the third batch of 16, its row 8: the first two batches trace and replay the step
      const fitted = model();
      expect(() =>
        fit(
          fitted,
          { x: data.x, y: tensor(y, { shape: [48, 1] }) },
          { loss: 'crossEntropy', optimizer: new SGD(fitted, { lr: 0.1 }), epochs: 1, batchSize: 16 },
        ),
      ).toThrow(
        expect.objectContaining({
          code: 'INVALID_OPTION',
          message: `crossEntropy: target[8] = ${bad} is not a class index in [0, 3)`,
        }),
      );
      const eager = model();
      const opt = new SGD(eager, { lr: 0.1 });
      for (const { x, y: labels } of [...batches(data, { batchSize: 16 })].slice(0, 2)) {
        opt.zeroGrad();
        crossEntropy(eager.forward(x), labels).backward();
        opt.step();
      }
      expect(valuesOf(fitted).map((v, i) => Object.is(v, valuesOf(eager)[i]))).not.toContain(false);
    }
  });

  it('trains a model with a module of its own eagerly, and a loss function of the caller’s too', () => {
    const model = new Scaled();
    const before = valuesOf(model);
    const history = fit(model, xor(), {
      loss: (p, t) => halfSSE(p, t),
      optimizer: new SGD(model, { lr: 0.5 }),
      epochs: 20,
    });
    expect(history.loss[19]!).toBeLessThan(history.loss[0]!);
    expect(valuesOf(model)).not.toEqual(before);
  });
});

describe('fit', () => {
  it('is deterministic for a seed, with mini-batches and shuffling', () => {
    const data = xorQuadrants({ n: 64, noise: 0.1, seed: 1, normalize: true });
    const run = (seed: number) => {
      const model = net(3);
      const h = fit(model, data, {
        loss: 'bce',
        optimizer: new Adam(model, { lr: 0.02 }),
        epochs: 20,
        batchSize: 10,
        shuffle: true,
        seed,
      });
      return { loss: h.loss, w: model.stateDict()['0.W']!.toArray() };
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8).loss).not.toEqual(a.loss);
    expect(a.loss.at(-1)!).toBeLessThan(a.loss[0]!);
  });

  it('reports the pre-update full-batch loss and the lr per epoch, and calls onEpoch', () => {
    const model = net();
    const data = xor();
    const first = halfSSE(model.forward(data.x), data.y).item();
    const seen: EpochInfo[] = [];
    const opt = new SGD(model, { lr: 0.5 });
    const h = fit(model, data, {
      loss: halfSSE,
      optimizer: opt,
      epochs: 5,
      schedule: stepLR(opt, { stepSize: 2, gamma: 0.1 }),
      onEpoch: (info) => {
        seen.push(info);
      },
    });
    expect(h.loss[0]).toBe(first);
    expect(h.lr.map((v) => Number(v.toPrecision(12)))).toEqual([0.5, 0.5, 0.05, 0.05, 0.005]);
    expect(seen.map((s) => s.epoch)).toEqual([0, 1, 2, 3, 4]);
    expect(h.stopReason).toBe('epochs');
  });

  it('stops on targetLoss, on a callback, and by early stopping', () => {
    const model = net(1);
    const h1 = fit(model, xor(), {
      loss: 'halfSSE',
      optimizer: new Adam(model, { lr: 0.05 }),
      epochs: 5000,
      targetLoss: 0.01,
    });
    expect(h1.stopReason).toBe('targetLoss');
    expect(h1.loss.at(-1)!).toBeLessThan(0.01);

    const m2 = net(1);
    const h2 = fit(m2, xor(), {
      loss: 'halfSSE',
      optimizer: new Adam(m2, { lr: 0.05 }),
      epochs: 100,
      onEpoch: ({ epoch }) => (epoch === 9 ? 'stop' : undefined),
    });
    expect(h2.epochs).toBe(10);
    expect(h2.stopReason).toBe('callback');

    const m3 = net(1);
    const h3 = fit(m3, xor(), {
      loss: 'halfSSE',
      optimizer: new SGD(m3, { lr: 1e-9 }),
      epochs: 1000,
      earlyStopping: { patience: 5, minDelta: 1e-3 },
    });
    expect(h3.stopReason).toBe('earlyStopping');
    expect(h3.epochs).toBe(6);
    expect(h3.bestEpoch).toBe(0);
  });

  it('early stopping on valLoss restores the best parameters', () => {
    const data = xorQuadrants({ n: 80, noise: 0.3, seed: 4, normalize: true });
    const { train, test } = trainTestSplit(data, { testFraction: 0.5, seed: 0 });
    const model = mlp({ sizes: [2, 8, 1], activations: ['tanh', 'sigmoid'], seed: 2 });
    let bestSnapshot: number[] = [];
    let bestVal = Infinity;
    const h = fit(model, train, {
      loss: 'bce',
      optimizer: new Adam(model, { lr: 0.2 }),
      epochs: 300,
      validation: test,
      earlyStopping: { patience: 10, monitor: 'valLoss', restoreBest: true },
      onEpoch: ({ valLoss }) => {
        if (valLoss! < bestVal) {
          bestVal = valLoss!;
          bestSnapshot = model.stateDict()['0.W']!.toArray();
        }
      },
    });
    expect(h.stopReason).toBe('earlyStopping');
    expect(h.valLoss).toHaveLength(h.epochs);
    expect(h.bestLoss).toBe(bestVal);
    expect(model.stateDict()['0.W']!.toArray()).toEqual(bestSnapshot);
  });

  it('a non-finite loss stops with NON_FINITE before the bad update', () => {
    const model = mlp({ sizes: [1, 1], activations: 'identity', seed: 0 });
    const data = { x: tensor([[1e200]]), y: tensor([[0]]) };
    const before = model.stateDict()['0.W']!.toArray();
    expect(() => fit(model, data, { loss: 'mse', optimizer: new SGD(model, { lr: 1 }), epochs: 3 })).toThrow(
      /fit: the loss is Infinity at epoch 0; its update was not made/,
    );
    expect(model.stateDict()['0.W']!.toArray()).toEqual(before);
  });

  it('validates its inputs', () => {
    const model = net();
    const opt = new SGD(model, { lr: 0.1 });
    const cases: [() => unknown, RegExp][] = [
      [
        () => fit(model, xor(), { loss: 'hinge' as never, optimizer: opt, epochs: 1 }),
        /option loss must be a function or one of/,
      ],
      [
        () => fit(model, xor(), { loss: 'mse', optimizer: opt, epochs: 0 }),
        /option epochs must be an integer >= 1/,
      ],
      [
        () =>
          fit(
            model,
            { x: tensor([[1, 2]]), y: tensor([[1], [2]]) },
            { loss: 'mse', optimizer: opt, epochs: 1 },
          ),
        /need the same number of rows/,
      ],
      [
        () => fit(model, xor(), { loss: 'mse', optimizer: new SGD(net(), { lr: 1 }), epochs: 1 }),
        /updates none of the model's parameters/,
      ],
      [
        () =>
          fit(model, xor(), {
            loss: 'mse',
            optimizer: opt,
            epochs: 1,
            earlyStopping: { patience: 1, monitor: 'valLoss' },
          }),
        /needs the validation option/,
      ],
      [
        () => fit(model, xor(), { loss: (p) => p, optimizer: opt, epochs: 1 }),
        /the loss returned shape \[4, 1\], not a scalar/,
      ],
      [
        () => fit(model, xor(), { loss: 'mse', optimizer: opt, epochs: 1, batchsize: 2 } as never),
        /unknown option "batchsize"/,
      ],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(message);
      expect(fn).toThrow(NnError);
    }
  });
});
