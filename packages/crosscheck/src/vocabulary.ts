/**
 * The experiment's words, defined once: what each activation, loss, optimizer, initialisation
 * and dataset is called and what it means, and the tolerance under which two gradients agree.
 * The CLI and the web demo show these; they never spell them again.
 */
import { ACTIVATIONS, LOSSES, type OptimizerOptions, UPDATE_RULES } from '@deltagrad/manual';
import type { ActivationName, DatasetName, InitName, LossName, OptimizerName } from './types';

/**
 * Two methods agree when every gradient entry differs by at most this much, at every epoch: a
 * few units in the last place of float64 numbers of order 1.
 */
export const AGREEMENT_TOLERANCE = 1e-12;

/** How an item of the vocabulary is shown: a short label for controls, a sentence for help. */
export interface Description {
  /** A few words, for a select box or a table header, e.g. `SGD + momentum`. */
  readonly label: string;
  /** One sentence, for help texts and tooltips. */
  readonly description: string;
}

/** Each activation f with its formula. */
export const ACTIVATION_INFO: Readonly<Record<ActivationName, Description & { readonly formula: string }>> =
  Object.freeze({
    identity: { label: 'identity (linear)', formula: 'f(z) = z', description: 'no non-linearity: a = z' },
    sigmoid: {
      label: 'sigmoid σ',
      formula: 'σ(z) = 1/(1 + e^(−z))',
      description: "the seed's activation, outputs in (0, 1)",
    },
    tanh: { label: 'tanh', formula: 'tanh z', description: 'the hyperbolic tangent, outputs in (−1, 1)' },
    relu: {
      label: 'ReLU',
      formula: 'max(z, 0)',
      description: 'the rectifier; its derivative at 0 is taken as 0',
    },
    leakyRelu: {
      label: 'leaky ReLU',
      formula: 'z if z > 0 else 0.01·z',
      description: 'the rectifier with slope 0.01 below 0',
    },
    softplus: {
      label: 'softplus',
      formula: 'ln(1 + e^z)',
      description: 'a smooth rectifier; its derivative is σ',
    },
  });

/** Each loss L with its formula and a short name for chart axes. */
export const LOSS_INFO: Readonly<
  Record<LossName, Description & { readonly formula: string; readonly short: string }>
> = Object.freeze({
  halfSSE: {
    label: '½·SSE (seed)',
    short: '½·SSE',
    formula: 'L = ½·Σ(y − ŷ)²',
    description: "half the sum of squared errors: the loss of the seed's gradient d_a2 = −(y − a2)",
  },
  mse: {
    label: 'MSE',
    short: 'MSE',
    formula: 'L = (1/N)·Σ(y − ŷ)²',
    description: 'the mean squared error: what the seed prints as "Loss"',
  },
  bce: {
    label: 'BCE (cross-entropy)',
    short: 'BCE',
    formula: 'L = −(1/N)·Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)]',
    description: 'binary cross-entropy of a sigmoid output',
  },
});

/**
 * Each update rule with the hyperparameters both engines use (PyTorch's defaults), passed
 * explicitly to @deltagrad/manual's and @deltagrad/nn's optimizers so they cannot drift apart.
 */
export const OPTIMIZER_INFO: Readonly<
  Record<OptimizerName, Description & { readonly hyperparameters: Readonly<Omit<OptimizerOptions, 'lr'>> }>
> = Object.freeze({
  sgd: { label: 'SGD', description: "plain gradient descent, θ ← θ − η·g (the seed's)", hyperparameters: {} },
  momentum: {
    label: 'SGD + momentum',
    description: 'gradient descent with momentum 0.9: v ← 0.9·v + g, θ ← θ − η·v',
    hyperparameters: { momentum: 0.9 },
  },
  adam: {
    label: 'Adam',
    description: 'Adam with β = (0.9, 0.999) and ε = 1e-8',
    hyperparameters: { betas: [0.9, 0.999], eps: 1e-8 },
  },
  rmsprop: {
    label: 'RMSprop',
    description: 'RMSprop with α = 0.99 and ε = 1e-8',
    hyperparameters: { alpha: 0.99, eps: 1e-8 },
  },
});

/** Each way of drawing the initial weights (biases always start at 0). */
export const INIT_INFO: Readonly<Record<InitName, Description>> = Object.freeze({
  numpy: {
    label: 'NumPy randn',
    description: "W = np.random.randn(in, out) seeded as the seed's np.random.seed",
  },
  xavier: {
    label: 'Xavier uniform',
    description: "PyTorch's xavier_uniform_ (gain 5/3 for a tanh hidden layer)",
  },
  he: { label: 'He normal', description: "PyTorch's kaiming_normal_" },
});

/** Each dataset: the truth table, or a generated 2-D set with 0/1 labels (seeded by `dataSeed`). */
export const DATASET_INFO: Readonly<Record<DatasetName, Description>> = Object.freeze({
  xor: { label: 'XOR truth table', description: "the seed's four points [0,0], [0,1], [1,0], [1,1]" },
  xorQuadrants: {
    label: 'XOR quadrants',
    description: "TensorFlow Playground's exclusive or: label 1 where x₁·x₂ ≥ 0",
  },
  circle: { label: 'Circle', description: 'a disc (label 1) inside a ring (label 0)' },
  gaussians: { label: 'Two Gaussians', description: 'two Gaussian clouds, one per label' },
  spiral: { label: 'Spiral', description: 'two interleaved spirals, one per label' },
});

export { ACTIVATIONS, LOSSES };
/** Every update rule, as the config names them. */
export const OPTIMIZERS: readonly OptimizerName[] = UPDATE_RULES;
/** Every initialisation. */
export const INITS: readonly InitName[] = Object.freeze(Object.keys(INIT_INFO) as InitName[]);
/** Every dataset. */
export const DATASETS: readonly DatasetName[] = Object.freeze(Object.keys(DATASET_INFO) as DatasetName[]);
