/**
 * The experiment's words, defined once: what each activation, loss, optimizer, initialisation
 * and dataset is called and what it means, and the tolerance under which two gradients agree.
 * The CLI and the web demo show these; they never spell them again.
 */
import {
  ACTIVATIONS,
  LOSSES,
  type OptimizerOptions,
  REGULARIZATIONS,
  type Regularization,
  UPDATE_RULES,
} from '@deltagrad/manual';
import type {
  ActivationName,
  BugName,
  DatasetName,
  FeatureName,
  InitName,
  LossName,
  OptimizerName,
} from './types';

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

/**
 * Each dataset: the truth table, or one of TensorFlow Playground's generated 2-D sets (its
 * src/dataset.ts, drawn from `dataSeed`'s generator), classification sets with 0/1 labels and
 * regression sets with targets in [0, 1] (Playground's labels ±1 and [−1, 1], mapped by
 * (t + 1)/2). `unit` is the factor from the network's coordinates back to Playground's: a
 * generated set is scaled by 1/6 into about [−1, 1]²; `regression` marks the sets whose targets
 * are numbers rather than classes.
 */
export const DATASET_INFO: Readonly<
  Record<DatasetName, Description & { readonly unit: number; readonly regression: boolean }>
> = Object.freeze({
  xor: {
    label: 'XOR truth table',
    description: "the seed's four points [0,0], [0,1], [1,0], [1,1] (never split, no noise)",
    unit: 1,
    regression: false,
  },
  xorQuadrants: {
    label: 'XOR quadrants',
    description:
      "Playground's exclusive or: uniform in [−5, 5]² kept 0.3 off the axes, label 1 where x₁·x₂ ≥ 0",
    unit: 6,
    regression: false,
  },
  circle: {
    label: 'Circle',
    description: "Playground's circle: a disc of radius 2.5 (label 1) inside a ring from 3.5 to 5 (label 0)",
    unit: 6,
    regression: false,
  },
  gaussians: {
    label: 'Two Gaussians',
    description:
      "Playground's Gaussian: clouds around (2, 2) (label 1) and (−2, −2) (label 0), variance 0.5 to 4 with noise",
    unit: 6,
    regression: false,
  },
  spiral: {
    label: 'Spiral',
    description: "Playground's spiral: two interleaved arms of 1.75 turns, one per label",
    unit: 6,
    regression: false,
  },
  plane: {
    label: 'Plane (regression)',
    description: "Playground's plane: uniform in [−6, 6]², target (x₁ + x₂)/20 mapped into [0, 1]",
    unit: 6,
    regression: true,
  },
  multiGaussian: {
    label: 'Multi-Gaussian (regression)',
    description:
      "Playground's multi Gaussian: six bumps of ±1 at (±4 or 0, ±2.5), the strongest wins, mapped into [0, 1]",
    unit: 6,
    regression: true,
  },
});

/**
 * Each input feature the network can be given, as in TensorFlow Playground: a function of a
 * point (x₁, x₂) in the network's coordinates. The products are of those coordinates (for a
 * generated set Playground's own divided by 6, 36 or 36: each about in [−1, 1]); the sines take
 * Playground's coordinates (6·x₁ for a generated set), so they wave as Playground's do, about
 * twice across the plane.
 */
export const FEATURE_INFO: Readonly<Record<FeatureName, Description & { readonly formula: string }>> =
  Object.freeze({
    x1: { label: 'x₁', formula: 'x₁', description: 'the first coordinate' },
    x2: { label: 'x₂', formula: 'x₂', description: 'the second coordinate' },
    x1Squared: { label: 'x₁²', formula: 'x₁²', description: 'the first coordinate squared' },
    x2Squared: { label: 'x₂²', formula: 'x₂²', description: 'the second coordinate squared' },
    x1x2: { label: 'x₁x₂', formula: 'x₁·x₂', description: 'the product of the coordinates' },
    sinX1: {
      label: 'sin x₁',
      formula: 'sin(u·x₁)',
      description:
        "the sine of Playground's first coordinate (u = 6 for a generated set, 1 for the truth table)",
    },
    sinX2: {
      label: 'sin x₂',
      formula: 'sin(u·x₂)',
      description:
        "the sine of Playground's second coordinate (u = 6 for a generated set, 1 for the truth table)",
    },
  });

/** Each weight penalty λ·R(W) (biases are not penalized, as in Playground). */
export const REGULARIZATION_INFO: Readonly<
  Record<Regularization, Description & { readonly formula: string }>
> = Object.freeze({
  none: { label: 'none', formula: 'R = 0', description: 'no penalty: the gradients of L alone' },
  l1: {
    label: 'L1',
    formula: 'λ·Σ|w|',
    description: 'the sum of |w| over every weight: adds λ·sign(w) to each ∂L/∂w',
  },
  l2: {
    label: 'L2',
    formula: 'λ·½·Σw²',
    description: 'half the sum of w² over every weight: adds λ·w to each ∂L/∂w',
  },
});

/**
 * Each classic backpropagation mistake a run can inject into the δ equations (and only there:
 * the autodiff side stays correct, so the cross-check shows where the two part). `none` runs
 * the equations as derived.
 */
export const BUG_INFO: Readonly<Record<BugName, Description & { readonly equation: string }>> = Object.freeze(
  {
    none: {
      label: 'none',
      equation: 'the equations as derived',
      description: 'no mistake: the δ equations as derived',
    },
    dropActivationDerivative: {
      label: 'drop f′ (σ′)',
      equation: 'δ^(l) = ∂L/∂a^(l), no ⊙ f′(z^(l))',
      description: "every δ leaves out the activation's derivative: δ^(L) = ∂L/∂ŷ, δ^(l) = δ^(l+1)·W^(l+1)ᵀ",
    },
    forgetBiasGradient: {
      label: 'forget ∂L/∂b',
      equation: '∂L/∂b^(l) = 0',
      description: 'the bias gradients are never computed (left at 0), so the biases never learn',
    },
    untransposedWeights: {
      label: 'W instead of Wᵀ',
      equation: 'δ^(l) = δ^(l+1)·W^(l+1) (reshaped), ∂L/∂W = (δᵀA) reshaped',
      description:
        "every transpose of the backward pass replaced by a reshape (NumPy's W.reshape(out, in) for W.T): the numbers are read in W's own order; a vector's reshape is its transpose, so a one-unit layer hides it",
    },
    sumNotMean: {
      label: 'sum instead of mean',
      equation: 'δ^(L) = N·(the right δ^(L))',
      description:
        'the output δ summed over the N examples where the loss averages them: every gradient N times too large',
    },
    wrongSign: {
      label: 'wrong sign',
      equation: 'δ^(L) = (y − ŷ) ⊙ f′(z^(L))',
      description: 'the output error taken as y − ŷ instead of ŷ − y: every gradient points uphill',
    },
  },
);

export { ACTIVATIONS, LOSSES };
/** Every update rule, as the config names them. */
export const OPTIMIZERS: readonly OptimizerName[] = UPDATE_RULES;
/** Every initialisation. */
export const INITS: readonly InitName[] = Object.freeze(Object.keys(INIT_INFO) as InitName[]);
/** Every dataset. */
export const DATASETS: readonly DatasetName[] = Object.freeze(Object.keys(DATASET_INFO) as DatasetName[]);
/** Every input feature, in the order the network's inputs take them. */
export const FEATURES: readonly FeatureName[] = Object.freeze(Object.keys(FEATURE_INFO) as FeatureName[]);
/** Every injectable mistake, `none` first. */
export const BUGS: readonly BugName[] = Object.freeze(Object.keys(BUG_INFO) as BugName[]);
/** Every weight penalty. */
export { REGULARIZATIONS };
