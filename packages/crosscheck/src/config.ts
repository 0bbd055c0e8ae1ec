import { ACTIVATIONS, LOSSES } from '@deltagrad/manual';
import { CrosscheckError } from './errors';
import type { DatasetName, ExperimentConfig, InitName, MethodName, OptimizerName } from './types';

// The activations and losses are the equations' own: both engines implement each of them.
export { ACTIVATIONS, LOSSES };
export const INITS: readonly InitName[] = ['numpy', 'xavier', 'he'];
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop'];
export const DATASETS: readonly DatasetName[] = ['xor', 'xorQuadrants', 'circle', 'gaussians', 'spiral'];
export const METHODS: readonly MethodName[] = ['both', 'autodiff', 'manual'];

/**
 * The seed experiment: the source document's 2-2-1 sigmoid network on XOR, NumPy's randn
 * weights for seed 42 (biases zero), SGD with lr 0.1 for 10,000 epochs on the gradients of
 * ½·Σ(y−ŷ)², reporting every 1000 epochs.
 */
export const SEED_EXPERIMENT: Readonly<ExperimentConfig> = Object.freeze({
  layers: [2, 2, 1],
  activation: 'sigmoid',
  outputActivation: 'sigmoid',
  loss: 'halfSSE',
  init: 'numpy',
  seed: 42,
  optimizer: 'sgd',
  lr: 0.1,
  epochs: 10_000,
  dataset: 'xor',
  datasetSize: 200,
  method: 'both',
  every: 1000,
  finiteDifferenceEvery: 0,
  convergedBelow: 0.01,
});

function fail(message: string): never {
  throw new CrosscheckError('INVALID_CONFIG', message);
}

function choice<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T))
    fail(`${option} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}

function integer(option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${option} must be an integer in [${min}, ${max}]; got ${JSON.stringify(value)}`);
  }
  return value;
}

function positive(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(`${option} must be a finite positive number; got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The seed experiment with `overrides` applied, validated: every option is checked and a bad
 * one throws a {@link CrosscheckError} naming it and what is accepted.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ layers: [2, 4, 1], activation: 'tanh', seed: 3 });
 * ```
 */
export function resolveConfig(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  const known = new Set(Object.keys(SEED_EXPERIMENT));
  for (const key of Object.keys(overrides)) {
    if (!known.has(key)) fail(`unknown option '${key}'; known: ${[...known].join(', ')}`);
  }
  const c = { ...SEED_EXPERIMENT, ...overrides } as ExperimentConfig;
  if (!Array.isArray(c.layers) || c.layers.length < 2)
    fail('layers must list at least two sizes, e.g. [2, 2, 1]');
  c.layers.forEach((n, i) => {
    integer(`layers[${i}]`, n, 1, 4096);
  });
  if (c.layers[0] !== 2)
    fail(`layers must start with 2 (the inputs are 2-D points); got [${c.layers.join(', ')}]`);
  if (c.layers.at(-1) !== 1)
    fail(`layers must end with 1 (one output: the label); got [${c.layers.join(', ')}]`);
  choice('activation', c.activation, ACTIVATIONS);
  choice('outputActivation', c.outputActivation, ACTIVATIONS);
  choice('loss', c.loss, LOSSES);
  if (c.loss === 'bce' && c.outputActivation !== 'sigmoid') {
    fail(`loss bce needs outputActivation sigmoid (outputs in (0, 1)); got ${c.outputActivation}`);
  }
  choice('init', c.init, INITS);
  integer('seed', c.seed, 0, 0xffffffff);
  choice('optimizer', c.optimizer, OPTIMIZERS);
  positive('lr', c.lr);
  integer('epochs', c.epochs, 1, 10_000_000);
  choice('dataset', c.dataset, DATASETS);
  integer('datasetSize', c.datasetSize, 4, 100_000);
  choice('method', c.method, METHODS);
  integer('every', c.every, 1);
  integer('finiteDifferenceEvery', c.finiteDifferenceEvery, 0);
  positive('convergedBelow', c.convergedBelow);
  return { ...c, layers: [...c.layers] };
}
