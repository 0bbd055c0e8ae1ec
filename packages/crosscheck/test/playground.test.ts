import {
  CrosscheckError,
  DATASET_INFO,
  DATASETS,
  datasetOf,
  type EpochEvent,
  type ExperimentConfig,
  experimentEvents,
  featuresOf,
  initialParams,
  networkOf,
  parseOption,
  REGULARIZATIONS,
  resolveConfig,
  runExperimentSync,
  splitOf,
  toManualParams,
  trainCount,
  trainingBatch,
} from '@deltagrad/crosscheck';
import { forward, lossValue, meanSquaredError, output } from '@deltagrad/manual';
import { describe, expect, it } from 'vitest';

const GENERATED = DATASETS.filter((d) => d !== 'xor');

/** The first epoch event of a run. */
function firstEpoch(config: Partial<ExperimentConfig>): EpochEvent {
  const event = experimentEvents({ every: 1, ...config }).next().value;
  if (event.type !== 'epoch') throw new Error('no epoch event');
  return event;
}

describe('datasets as Playground has them', () => {
  it.each(GENERATED)('%s: the same data seed gives the same points; another seed, others', (dataset) => {
    const a = datasetOf(resolveConfig({ dataset, datasetSize: 60 }));
    const b = datasetOf(resolveConfig({ dataset, datasetSize: 60, seed: 7 }));
    const c = datasetOf(resolveConfig({ dataset, datasetSize: 60, dataSeed: 7 }));
    expect(b.x.data).toEqual(a.x.data);
    expect(b.y.data).toEqual(a.y.data);
    expect(c.x.data).not.toEqual(a.x.data);
    expect(a.x.shape).toEqual([60, 2]);
  });

  it('classification sets have 0/1 labels, regression sets numbers between', () => {
    for (const dataset of GENERATED) {
      const y = Array.from(datasetOf(resolveConfig({ dataset, noise: 20 })).y.data);
      if (DATASET_INFO[dataset].regression) {
        expect(
          y.some((v) => v !== 0 && v !== 1 && v !== 0.5),
          dataset,
        ).toBe(true);
      } else {
        expect(new Set(y), dataset).toEqual(new Set([0, 1]));
      }
    }
  });

  it("plane's target is Playground's (x₁ + x₂)/10 in its coordinates, mapped by (t + 1)/2", () => {
    const { x, y } = datasetOf(resolveConfig({ dataset: 'plane', datasetSize: 50 }));
    for (let i = 0; i < 50; i++) {
      const t = (6 * x.data[2 * i]! + 6 * x.data[2 * i + 1]!) / 10;
      expect(y.data[i]).toBeCloseTo((t + 1) / 2, 12);
    }
  });

  it('multiGaussian is 1 at a positive bump, 0 at a negative one, ½ far from all', () => {
    const { x, y } = datasetOf(resolveConfig({ dataset: 'multiGaussian', datasetSize: 2000 }));
    for (let i = 0; i < 2000; i++) {
      const [px, py] = [6 * x.data[2 * i]!, 6 * x.data[2 * i + 1]!];
      const v = y.data[i]!;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      if (Math.hypot(px + 4, py - 2.5) < 0.05) expect(v).toBeGreaterThan(0.97);
      if (Math.hypot(px, py - 2.5) < 0.05) expect(v).toBeLessThan(0.03);
      // Every bump is 2.5 above or below the axis and reaches 2 around it.
      if (Math.abs(py) < 0.45) expect(v).toBe(0.5);
    }
  });

  it('noise flips labels near the boundary of the circle, and none without it', () => {
    const inner = (noise: number) => {
      const { x, y } = datasetOf(resolveConfig({ dataset: 'circle', datasetSize: 400, noise }));
      let flipped = 0;
      for (let i = 0; i < 400; i++) {
        const r = 6 * Math.hypot(x.data[2 * i]!, x.data[2 * i + 1]!);
        if ((r < 2.5 ? 1 : 0) !== y.data[i]) flipped++;
      }
      return flipped;
    };
    expect(inner(0)).toBe(0);
    expect(inner(50)).toBeGreaterThan(0);
  });
});

describe('the training and test split', () => {
  it('keeps ⌊n·ratio/100⌋ points to train on and the rest to test, disjoint, together all points', () => {
    const config = resolveConfig({ dataset: 'gaussians', datasetSize: 101, trainRatio: 70 });
    const { train, test } = splitOf(config);
    expect(trainCount(config)).toBe(70);
    expect(train.x.shape).toEqual([70, 2]);
    expect(test!.x.shape).toEqual([31, 2]);
    const key = (d: typeof train, i: number) => `${d.x.data[2 * i]},${d.x.data[2 * i + 1]}`;
    const all = new Set(Array.from({ length: 70 }, (_, i) => key(train, i)));
    for (let i = 0; i < 31; i++) all.add(key(test!, i));
    expect(all.size).toBe(101);
  });

  it('never splits the truth table: four points to train on, no test set', () => {
    const { train, test } = splitOf(resolveConfig({ trainRatio: 10 }));
    expect(Array.from(train.x.data)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(test).toBeNull();
    expect(firstEpoch({ epochs: 3 }).test).toBeNull();
  });

  it("reports the test set's loss at the epoch's parameters, computed apart from training", () => {
    const config = resolveConfig({
      dataset: 'gaussians',
      datasetSize: 80,
      trainRatio: 60,
      layers: [2, 3, 1],
    });
    const event = firstEpoch(config);
    const { test } = splitOf(config);
    const yHat = output(
      forward(networkOf(config), toManualParams(initialParams(config)), {
        rows: 32,
        cols: 2,
        data: test!.x.data,
      }),
    );
    const Y = { rows: 32, cols: 1, data: test!.y.data };
    expect(event.test).toEqual({
      loss: lossValue('halfSSE', yHat, Y),
      mse: meanSquaredError(yHat, Y),
      objective: lossValue('halfSSE', yHat, Y),
    });
    const result = runExperimentSync({ ...config, epochs: 20 });
    expect(result.test!.mse).toBeGreaterThan(0);
  });
});

describe('input features', () => {
  it('computes each feature of a point, the sines in Playground coordinates', () => {
    const config = resolveConfig({
      dataset: 'circle',
      features: ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'],
    });
    expect(Array.from(featuresOf(config, Float64Array.of(0.5, -0.25)))).toEqual([
      0.5,
      -0.25,
      0.25,
      0.0625,
      -0.125,
      Math.sin(3),
      Math.sin(-1.5),
    ]);
    expect(config.layers).toEqual([7, 2, 1]);
  });

  it('gives the input layer one unit per feature, and names the rule when the sizes do not fit', () => {
    expect(resolveConfig({ features: ['x1Squared', 'x2Squared'] }).layers).toEqual([2, 2, 1]);
    expect(resolveConfig({ features: ['x1'], layers: [1, 3, 1] }).layers).toEqual([1, 3, 1]);
    expect(() => resolveConfig({ features: ['x1'], layers: [2, 3, 1] })).toThrow(
      /layers must start with 1 \(one input per feature: x1\); got \[2, 3, 1\]/,
    );
    expect(() => resolveConfig({ features: [] })).toThrow(CrosscheckError);
    expect(() => resolveConfig({ features: ['x2', 'x1'] })).toThrow(/each once and in that order/);
  });

  it('reads features in any order and case from text, and writes them in the table order', () => {
    expect(parseOption('features', 'SINX2, x1')).toEqual(['x1', 'sinX2']);
    expect(() => parseOption('features', 'x1,x1')).toThrow(/features/);
    expect(() => parseOption('features', 'x3')).toThrow(/features/);
  });

  it('trains both methods on the same feature matrix, and they agree', () => {
    const config: Partial<ExperimentConfig> = {
      dataset: 'circle',
      datasetSize: 60,
      features: ['x1Squared', 'x2Squared', 'sinX1'],
      layers: [3, 4, 1],
      activation: 'tanh',
      epochs: 40,
    };
    expect(trainingBatch(resolveConfig(config)).X.cols).toBe(3);
    const r = runExperimentSync(config);
    expect(r.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
  });
});

describe('mini-batches', () => {
  it('full batches (0, or at least the training set) are the seed loop, bit for bit', () => {
    const seed = runExperimentSync({ epochs: 300 });
    expect(runExperimentSync({ epochs: 300, batchSize: 4 })).toEqual(seed);
    expect(runExperimentSync({ epochs: 300, batchSize: 100 })).toEqual(seed);
  });

  it('updates once per batch: smaller batches move further in one epoch, and the methods agree', () => {
    const base: Partial<ExperimentConfig> = {
      dataset: 'xorQuadrants',
      datasetSize: 100,
      layers: [2, 4, 1],
      activation: 'tanh',
      epochs: 30,
    };
    const full = runExperimentSync(base);
    const mini = runExperimentSync({ ...base, batchSize: 7 });
    expect(mini.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
    expect(mini.maxParamDrift!).toBeLessThanOrEqual(1e-12);
    expect(mini.mse).toBeLessThan(full.mse);
    // Same config, same batches: deterministic.
    expect(runExperimentSync({ ...base, batchSize: 7 })).toEqual(mini);
    expect(runExperimentSync({ ...base, batchSize: 7, dataSeed: 3 }).params).not.toEqual(mini.params);
  });

  it('reports the loss of the whole training set, not of a batch', () => {
    const config = resolveConfig({ dataset: 'circle', datasetSize: 60, batchSize: 5, layers: [2, 3, 1] });
    const event = firstEpoch(config);
    const { X, Y } = trainingBatch(config);
    const yHat = output(forward(networkOf(config), toManualParams(initialParams(config)), X));
    expect(event.mse).toBe(meanSquaredError(yHat, Y));
  });
});

describe('L1 and L2 regularization', () => {
  it.each(REGULARIZATIONS.filter((r) => r !== 'none'))(
    '%s: both methods add the same penalty gradient, to 1e-12, and finite differences agree',
    (regularization) => {
      const config: Partial<ExperimentConfig> = {
        layers: [2, 4, 1],
        activation: 'tanh',
        regularization,
        regularizationRate: 0.05,
        epochs: 200,
        finiteDifferenceEvery: 50,
      };
      const r = runExperimentSync(config);
      expect(r.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
      expect(r.maxParamDrift!).toBeLessThanOrEqual(1e-12);
      expect(r.maxFiniteDifferenceError!).toBeLessThan(1e-8);
      const plain = runExperimentSync({ ...config, regularization: 'none' });
      const norm = (p: Record<string, number[][]>) =>
        Object.entries(p)
          .filter(([name]) => name.startsWith('W'))
          .reduce((s, [, rows]) => s + rows.flat().reduce((t, v) => t + v * v, 0), 0);
      expect(norm(r.params)).toBeLessThan(norm(plain.params));
    },
  );

  it('reports the objective with the penalty, the losses without', () => {
    const a = firstEpoch({ regularization: 'l2', regularizationRate: 0.5 });
    const b = firstEpoch({});
    expect(a.loss).toBe(b.loss);
    expect(a.objective).toBeGreaterThan(b.objective);
  });
});
