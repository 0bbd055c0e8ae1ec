import type { Activation, Loss } from '@deltagrad/manual';

/** Activations both engines implement, by the names @deltagrad/manual and @deltagrad/nn share. */
export type ActivationName = Activation;
/** Losses both engines differentiate: ½·Σ(y−ŷ)² (the seed's), mean squared error, binary cross-entropy. */
export type LossName = Loss;
/** How the initial weights are drawn. `numpy` is the seed's `np.random.randn`, biases zero. */
export type InitName = 'numpy' | 'xavier' | 'he';
/** The update rule applied, identically, to both copies of the parameters. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop';
/** The training data: the XOR truth table, or a TensorFlow Playground-like 2-D set. */
export type DatasetName = 'xor' | 'xorQuadrants' | 'circle' | 'gaussians' | 'spiral';
/** Which engines run: both (and compare), or one alone. */
export type MethodName = 'both' | 'autodiff' | 'manual';

/** Everything that defines a run; the same config always gives the same numbers. */
export interface ExperimentConfig {
  /** Layer sizes from input to output, e.g. [2, 2, 1]. */
  layers: number[];
  /** Activation of every hidden layer. */
  activation: ActivationName;
  /** Activation of the output layer (sigmoid for 0/1 targets). */
  outputActivation: ActivationName;
  /** The loss whose gradients are compared (and minimised). */
  loss: LossName;
  init: InitName;
  seed: number;
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  dataset: DatasetName;
  /** Points of a generated dataset (ignored for `xor`). */
  datasetSize: number;
  method: MethodName;
  /** Emit an epoch event every `every` epochs (and for the last); statistics cover every epoch. */
  every: number;
  /** Also compute central finite differences of the loss every `finiteDifferenceEvery` epochs (0: never). */
  finiteDifferenceEvery: number;
  /** Final MSE below which the run counts as converged. */
  convergedBelow: number;
}

/** Agreement of the two methods on one parameter tensor at one epoch. */
export interface ParamComparison {
  name: string;
  shape: [number, number];
  /** The parameter's values at which both gradients were computed (before this epoch's update). */
  value: number[];
  autodiff: number[] | null;
  manual: number[] | null;
  finiteDifference: number[] | null;
  maxAbsDiff: number;
  maxRelDiff: number;
}

/**
 * One epoch, as reported. `loss` is ½·Σ(y−ŷ)² and `mse` the seed's printed "loss", both of the
 * epoch's forward pass (before its update), whatever loss the gradients are of; `objective` is
 * the configured loss itself.
 */
export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  loss: number;
  mse: number;
  /** The configured loss (`config.loss`) of the forward pass: the L whose gradients are compared. */
  objective: number;
  /** Max |autodiff − manual| over every gradient entry this epoch (null when one method runs). */
  maxAbsGradDiff: number | null;
  maxRelGradDiff: number | null;
  /** Max |θ_autodiff − θ_manual| over all parameters after this epoch's update. */
  paramDrift: number | null;
  params: ParamComparison[];
}

/** The end of a run. Parameters are in the seed's layout (W in×out, b 1×out), after the last update. */
export interface ResultEvent {
  type: 'result';
  epochs: number;
  params: Record<string, number[][]>;
  /** The last epoch's forward-pass outputs, one per example (first output unit). */
  predictions: number[];
  /** MSE of the last epoch's forward pass, as the seed prints it. */
  mse: number;
  /** ½·Σ(y−ŷ)² of the last epoch's forward pass. */
  loss: number;
  /** The configured loss (`config.loss`) of the last epoch's forward pass. */
  objective: number;
  maxAbsGradDiff: number | null;
  maxRelGradDiff: number | null;
  maxParamDrift: number | null;
  /** Max |finite difference − autodiff| seen, when finite differences ran. */
  maxFiniteDifferenceError: number | null;
  converged: boolean;
  /** Epoch (0-based) at which the max |Δgrad| was seen. */
  worstEpoch: number | null;
}

export type ExperimentEvent = EpochEvent | ResultEvent;
