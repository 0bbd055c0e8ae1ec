import { Tensor } from '@deltagrad/core';
import type { Matrix } from '@deltagrad/manual';
import { circle, type Dataset, gaussians, spiral, takeRows, xor, xorQuadrants } from '@deltagrad/nn';
import { createRandom, type RandomGenerator } from '@deltagrad/random';
import { multiGaussian, plane } from './playground-regression';
import type { ExperimentConfig } from './types';

/** The points of a run: the rows the methods train on, and the rows held out to test on. */
export interface ExperimentData {
  /** The training points: x of shape n×2 (coordinates, before any feature), y n×1 targets. */
  readonly train: Dataset;
  /** The test points, the same way; null for the truth table, which is never split. */
  readonly test: Dataset | null;
}

/** A data set's rows `rows`, in that order (new arrays). */
function take(data: Dataset, rows: readonly number[]): Dataset {
  return { x: takeRows(data.x, rows), y: takeRows(data.y, rows) };
}

/** The generated set of `config`, drawn from `rng`: Playground's generators, scaled by 1/6. */
function generate(config: ExperimentConfig, rng: RandomGenerator): Dataset {
  const opts = { n: config.datasetSize, noise: config.noise / 100, generator: rng, normalize: true };
  switch (config.dataset) {
    case 'xor':
      return xor();
    case 'xorQuadrants':
      return xorQuadrants(opts);
    case 'circle':
      return circle(opts);
    case 'gaussians':
      return gaussians(opts);
    case 'spiral':
      return spiral(opts);
    case 'plane':
      return plane(opts);
    case 'multiGaussian':
      return multiGaussian(opts);
  }
}

/** The number of training rows of a generated set: ⌊n·ratio/100⌋ (Playground's split), at least 1. */
export function trainCount(config: Pick<ExperimentConfig, 'dataset' | 'datasetSize' | 'trainRatio'>): number {
  if (config.dataset === 'xor') return 4;
  return Math.max(1, Math.floor((config.datasetSize * config.trainRatio) / 100));
}

/**
 * The run's data and the generator that goes on to shuffle its batches. One stream, seeded by
 * `dataSeed` alone (never by the weight seed), does everything in Playground's order: it draws
 * the points, shuffles them once (Fisher–Yates), and the first ⌊n·ratio/100⌋ become the training
 * rows; then the same stream reshuffles the training rows at the start of every epoch when the
 * batches are smaller than the training set. The truth table is neither drawn, shuffled nor
 * split: it trains on its four rows in the seed's order, and has no test set.
 *
 * @internal the experiment's; callers use {@link splitOf}.
 */
export function drawData(config: ExperimentConfig): ExperimentData & { shuffler: RandomGenerator } {
  const rng = createRandom(config.dataSeed);
  const all = generate(config, rng);
  if (config.dataset === 'xor') return { train: all, test: null, shuffler: rng };
  const order = rng.shuffle(Array.from({ length: config.datasetSize }, (_, i) => i));
  const cut = trainCount(config);
  return { train: take(all, order.slice(0, cut)), test: take(all, order.slice(cut)), shuffler: rng };
}

/**
 * The training and test points of `config` (see {@link drawData} for how they are drawn).
 *
 * @example
 * ```ts
 * const { train, test } = splitOf(resolveConfig({ dataset: 'spiral', datasetSize: 200, trainRatio: 70 }));
 * train.x.shape; // [140, 2]
 * test?.x.shape; // [60, 2]
 * ```
 */
export function splitOf(config: ExperimentConfig): ExperimentData {
  const { train, test } = drawData(config);
  return { train, test };
}

/**
 * Every point of `config`: the training rows, then the test rows (for the truth table its four
 * rows). x holds the 2-D coordinates, before any input feature.
 */
export function datasetOf(config: ExperimentConfig): Dataset {
  const { train, test } = drawData(config);
  if (test === null) return train;
  const rows = (a: Tensor, b: Tensor, width: number) => {
    const out = new Float64Array(a.data.length + b.data.length);
    out.set(a.data);
    out.set(b.data, a.data.length);
    return new Tensor(out, [out.length / width, width]);
  };
  return { x: rows(train.x, test.x, 2), y: rows(train.y, test.y, 1) };
}

/** A data set as @deltagrad/manual's matrices, viewing the same arrays: X (n×features) and Y (n×1). */
export function matricesOf(data: Dataset): { X: Matrix; Y: Matrix } {
  const [n, features] = data.x.shape as [number, number];
  return {
    X: { rows: n, cols: features, data: data.x.data },
    Y: { rows: n, cols: data.y.shape[1]!, data: data.y.data },
  };
}
