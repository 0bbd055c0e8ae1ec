import type { Activation, Loss, Regularization, UpdateRule } from '@deltagrad/manual';
import type { ParamEdit } from './edits';
import type { GradientMethod } from './method-names';
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
/** The training data: the XOR truth table, or one of TensorFlow Playground's 2-D sets. */
export type DatasetName =
  | 'xor'
  | 'xorQuadrants'
  | 'circle'
  | 'gaussians'
  | 'spiral'
  | 'plane'
  | 'multiGaussian';
/** An input feature of a point (x₁, x₂), as TensorFlow Playground offers them. */
export type FeatureName = 'x1' | 'x2' | 'x1Squared' | 'x2Squared' | 'x1x2' | 'sinX1' | 'sinX2';
/** A mistake injected into the δ equations (see `BUG_INFO`), or `none`. */
export type BugName =
  | 'none'
  | 'dropActivationDerivative'
  | 'forgetBiasGradient'
  | 'untransposedWeights'
  | 'sumNotMean'
  | 'wrongSign';
/** A weight penalty (@deltagrad/manual's names). */
export type RegularizationName = Regularization;

/**
 * The value type of an option row: sizes are number arrays, numbers numbers, choices their
 * names, subsets arrays of names, edits arrays of {@link ParamEdit}.
 */
type ValueOf<S> = S extends { type: 'sizes' }
  ? number[]
  : S extends { type: 'edits' }
    ? ParamEdit[]
    : S extends { type: 'subset'; choices: readonly (infer C)[] }
      ? C[]
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
 * One row of a run's live table (`run.tableView()`, see `ExperimentRun`): the numbers of a
 * {@link ParamComparison} in the run's own arrays, rewritten at every reported epoch, so a
 * reader that looks every epoch copies what it keeps and allocates nothing to look.
 */
export interface ParamView extends ParamKey {
  readonly name: string;
  readonly shape: readonly [number, number];
  /** The parameter's values at which every gradient was computed (before this epoch's update). */
  readonly value: Float64Array;
  /** Each method's gradient (null for a method that does not run). */
  readonly gradients: Readonly<Record<GradientMethod, Float64Array | null>>;
  /** The central finite differences, or null on an epoch they did not run. */
  readonly finiteDifference: Float64Array | null;
  /** Max |Δ| and max relative Δ between the methods over the entries (NaN with one method). */
  readonly maxAbsDiff: number;
  readonly maxRelDiff: number;
}

/** The losses of one data set (the training or the test set) at some parameters. */
export interface LossReport {
  /** ½·Σ(y − ŷ)². */
  loss: number;
  /** The mean squared error, the seed's printed "loss". */
  mse: number;
  /** The objective the gradients are of: the configured loss plus the weight penalty, if any. */
  objective: number;
}

/** When the methods' gradients first parted (more than `AGREEMENT_TOLERANCE`), and which. */
export interface Disagreement {
  /** The first epoch (0-based) at which some gradient parted. */
  epoch: number;
  /**
   * The parameters whose gradients parted at that epoch, by name, in the order backpropagation
   * computes them (the output layer first, W before b): `params[0]` is where the wrong δ shows first.
   */
  params: string[];
}

/**
 * One epoch, as reported. `loss` is ½·Σ(y−ŷ)² and `mse` the seed's printed "loss", both of the
 * training set at the parameters the epoch starts from (with full batches, the epoch's own
 * forward pass), whatever loss the gradients are of; `objective` is the configured loss itself
 * (plus the weight penalty, if any).
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
  /**
   * Each compared method's own max |Δgrad| from the reference this epoch (every method of the run
   * but the first, by name; `maxAbsGradDiff` is the worst of them), so a chart can tell which
   * method parts; null when one method runs.
   */
  maxAbsGradDiffByMethod: Partial<Record<GradientMethod, number>> | null;
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
  /**
   * The held-out test set's losses at the same parameters (a generated dataset keeps
   * `100 − trainRatio` percent of its points out of training); null for the truth table.
   */
  test: LossReport | null;
  /**
   * The parameters whose gradients parted this epoch (max |Δ| above `AGREEMENT_TOLERANCE` at
   * some update), by name, output layer first; empty when the methods agree or one method runs.
   */
  disagreeing: string[];
}

/** How one method agreed with the reference over a run: its worst gradient and parameter differences. */
export interface MethodAgreement {
  maxAbsGradDiff: number;
  maxRelGradDiff: number;
  maxParamDrift: number;
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
  /**
   * The same three statistics for each method but the reference, against the reference (the
   * δ equations agree with autodiff to the bit, forward mode to rounding); null with one method.
   */
  byMethod: Partial<Record<GradientMethod, MethodAgreement>> | null;
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
  /** The test set's losses at the last epoch (null for the truth table). */
  test: LossReport | null;
  /** The first epoch at which the methods' gradients parted, and which parted; null if never. */
  firstDisagreement: Disagreement | null;
}

export type ExperimentEvent = EpochEvent | ResultEvent;
