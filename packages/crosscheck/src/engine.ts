import type { Dataset } from '@deltagrad/nn';
import type { LayerGrads, ParamSet } from './params';
import type { ExperimentConfig } from './types';

/** What one engine computes at its current parameters: the loss, the outputs and every gradient. */
export interface Evaluation {
  /** The configured loss (½·Σ(y−ŷ)², mean squared error or binary cross-entropy). */
  loss: number;
  /** The forward pass's outputs, one per example (a single output unit). */
  predictions: Float64Array;
  /** ∂L/∂W^(l) and ∂L/∂b^(l), layer by layer (read one with `entryOf(grads, key)`). */
  grads: LayerGrads[];
}

/** What an engine is built from: the validated config, the shared initial weights and the data. */
export interface EngineContext {
  readonly config: ExperimentConfig;
  /** The initial parameters every method starts from; an engine copies them, never writes them. */
  readonly start: ParamSet;
  readonly data: Dataset;
}

/**
 * One way of computing gradients of the configured network (autodiff, the δ equations, …), with
 * its own copy of the parameters in its own representation and its own optimizer of the
 * configured kind.
 */
export interface GradientEngine {
  /** The current parameters as a set (views of the engine's arrays: read them before `step`). */
  params(): ParamSet;
  /** Forward and backward at the current parameters. */
  evaluate(): Evaluation;
  /** One update of the engine's copy with the gradients of the last `evaluate()`. */
  step(): void;
}
