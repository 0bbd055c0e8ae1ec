import type { Matrix } from '@deltagrad/manual';
import type { LayerGrads, ParamKey, ParamSet } from './params';
import type { ExperimentConfig } from './types';

/**
 * The rows one update is computed from: the network inputs (rows × one column per input
 * feature) and the targets (rows × 1), as @deltagrad/manual's matrices. The whole training set
 * when the batches are full, else a slice of its shuffled rows. Engines read it during
 * `evaluate` and keep no reference: the arrays are reused for the next batch.
 */
export interface Batch {
  readonly X: Matrix;
  readonly Y: Matrix;
}

/** What one engine computes at its current parameters: the loss, the outputs and every gradient. */
export interface Evaluation {
  /**
   * The objective of the batch: the configured loss (½·Σ(y−ŷ)², mean squared error or binary
   * cross-entropy) plus the weight penalty λ·R(W) when there is one.
   */
  loss: number;
  /** The forward pass's outputs, one per example (a single output unit). */
  predictions: Float64Array;
  /** ∂L/∂W^(l) and ∂L/∂b^(l), layer by layer (read one with `entryOf(grads, key)`). */
  grads: LayerGrads[];
}

/** What an engine is built from: the validated config and the shared initial weights. */
export interface EngineContext {
  readonly config: ExperimentConfig;
  /** The initial parameters every method starts from; an engine copies them, never writes them. */
  readonly start: ParamSet;
}

/**
 * One way of computing gradients of the configured network (autodiff, the δ equations, …), with
 * its own copy of the parameters in its own representation and its own optimizer of the
 * configured kind.
 */
export interface GradientEngine {
  /** The current parameters as a set (views of the engine's arrays: read them before `step`). */
  params(): ParamSet;
  /**
   * Forward and backward of a batch at the current parameters. The record and its arrays stay
   * the engine's: they are rewritten by its next `evaluate` (a run evaluates every update, and
   * allocates nothing for it), so copy what you keep.
   */
  evaluate(batch: Batch): Evaluation;
  /** One update of the engine's copy with the gradients of the last `evaluate()`. */
  step(): void;
  /**
   * Sets entry `index` (row-major) of one parameter of the engine's copy to `value`, between two
   * steps (an edited weight); the optimizer's state is kept.
   */
  setParameter(key: ParamKey, index: number, value: number): void;
}
