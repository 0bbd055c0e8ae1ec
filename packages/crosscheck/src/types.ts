import type { Activation, Loss, UpdateRule } from '@deltagrad/manual';
import type { GradientMethod, MethodName } from './method-names';
import type { OPTIONS } from './options';
import type { OutcomeName } from './outcome';
import type { ParamKey } from './params';

/** Activations both engines implement, by the names @deltagrad/manual and @deltagrad/nn share. */
export type ActivationName = Activation;
/** Losses both engines differentiate: ½·Σ(y−ŷ)² (the seed's), mean squared error, binary cross-entropy. */
export type LossName = Loss;
/** How the initial weights are drawn. `numpy` is the seed's `np.random.randn`, biases zero. */
export type InitName = 'numpy' | 'xavier' | 'he';
/** The update rule applied to every copy of the parameters (@deltagrad/manual's and @deltagrad/nn's names). */
export type OptimizerName = UpdateRule;
/** The training data: the XOR truth table, or a TensorFlow Playground-like 2-D set. */
export type DatasetName = 'xor' | 'xorQuadrants' | 'circle' | 'gaussians' | 'spiral';
export type { MethodName };

/** The value type of an option row: sizes are number arrays, numbers numbers, choices their names. */
type ValueOf<S> = S extends { type: 'sizes' }
  ? number[]
  : S extends { type: 'integer' | 'number' }
    ? number
    : S extends { type: 'choice'; choices: readonly (infer C)[] }
      ? C
      : never;

/**
 * Everything that defines a run; the same config always gives the same numbers. One field per
 * row of {@link OPTIONS}, which gives its type, range, default, CLI flag, URL key and help: a
 * new row is a new field.
 */
export type ExperimentConfig = { -readonly [K in keyof typeof OPTIONS]: ValueOf<(typeof OPTIONS)[K]> };

/** Agreement of the methods on one parameter tensor at one epoch: one row of the comparison table. */
export interface ParamComparison extends ParamKey {
  /** `W1`, `b1`, …: the kind and the 1-based layer, as in the equations. */
  name: string;
  shape: [number, number];
  /** The parameter's values at which every gradient was computed (before this epoch's update). */
  value: number[];
  /** Each method's gradient (null for a method that did not run). */
  gradients: Record<GradientMethod, number[] | null>;
  finiteDifference: number[] | null;
  /** Max |Δ| and max relative Δ between the methods over the entries (NaN with one method). */
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
  /** Max |Δgrad| between the methods over every gradient entry this epoch (null when one method runs). */
  maxAbsGradDiff: number | null;
  maxRelGradDiff: number | null;
  /** Max |θ − θ′| between the methods' copies of the parameters after this epoch's update. */
  paramDrift: number | null;
  /** Max |finite difference − gradient| this epoch, when finite differences ran this epoch. */
  finiteDifferenceError: number | null;
  /**
   * The per-parameter table (values, every method's gradient, finite differences), only when
   * asked for with `{ table: true }`: it copies every parameter and gradient, so it is off by
   * default and memory does not grow with reporting.
   */
  params: ParamComparison[] | null;
}

/** The end of a run. Parameters are in the seed's layout (W in×out, b 1×out), after the last update. */
export interface ResultEvent {
  type: 'result';
  /** Updates applied: `config.epochs`, or the epoch at which a diverged run stopped. */
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
  /** Max |finite difference − gradient| seen, when finite differences ran. */
  maxFiniteDifferenceError: number | null;
  /** The final MSE is below `config.convergedBelow` (the outcome `learned`). */
  converged: boolean;
  /** Epoch (0-based) at which the max |Δgrad| was seen. */
  worstEpoch: number | null;
  /** How the run ended: learned, slow, stuck or diverged (see {@link OUTCOMES}). */
  outcome: OutcomeName;
  /** Examples whose prediction is 0.5 or more away from their 0/1 label, at the last forward pass. */
  wrongPoints: number;
  /** max |∂L/∂θ| at the last epoch: with L, what tells `stuck` (vanished) from `slow`. */
  finalMaxAbsGrad: number;
  /** The epoch at which the loss or a gradient stopped being finite (outcome `diverged`), else null. */
  divergedAt: number | null;
}

export type ExperimentEvent = EpochEvent | ResultEvent;
