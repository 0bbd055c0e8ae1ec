/**
 * Passes over a whole data set for the report, apart from the methods' updates: the training
 * loss of an epoch when its updates are mini-batches, the test loss of every reported epoch,
 * and the training gradient a run's outcome is judged by. They run the equations of
 * @deltagrad/manual (the correct ones, whatever bug a run injects) at the reference method's
 * parameters, into matrices allocated once.
 */
import {
  addPenaltyGradient,
  backward,
  type ForwardCache,
  forward,
  type Gradients,
  lossValue,
  meanSquaredError,
  type Network,
  output,
  penalty,
} from '@deltagrad/manual';
import type { Batch, Evaluation } from './engine';
import { networkOf } from './network';
import { type ParamSet, toManualParams } from './params';
import type { ExperimentConfig, LossReport } from './types';

export type { LossReport };

/** The report's numbers of an evaluation of `data` (its outputs against its targets). */
export function lossReport(e: Evaluation, data: Batch): LossReport {
  const yHat = { rows: data.Y.rows, cols: 1, data: e.predictions };
  return { loss: lossValue('halfSSE', yHat, data.Y), mse: meanSquaredError(yHat, data.Y), objective: e.loss };
}

/** Evaluates one data set at any parameters, reusing its matrices from one call to the next. */
export class Evaluator {
  readonly data: Batch;
  readonly #config: ExperimentConfig;
  readonly #network: Network;
  #cache: ForwardCache | undefined;
  #grads: Gradients | undefined;

  constructor(config: ExperimentConfig, data: Batch) {
    this.#config = config;
    this.#network = networkOf(config);
    this.data = data;
  }

  /**
   * The objective and the outputs at `params` (views of this evaluator's matrices, valid until
   * its next call); with `gradients`, every ∂/∂W and ∂/∂b too (else none).
   */
  evaluate(params: ParamSet, gradients: boolean): Evaluation {
    const { regularization, regularizationRate } = this.#config;
    const p = toManualParams(params);
    const cache = forward(this.#network, p, this.data.X, this.#cache);
    this.#cache = cache;
    const yHat = output(cache);
    const loss =
      lossValue(this.#config.loss, yHat, this.data.Y) + penalty(regularization, regularizationRate, p.W);
    if (!gradients) return { loss, predictions: yHat.data, grads: [] };
    const g = backward(p, cache, this.data.Y, this.#grads);
    this.#grads = g;
    addPenaltyGradient(regularization, regularizationRate, p.W, g.dW);
    return { loss, predictions: yHat.data, grads: g.dW.map((dW, l) => ({ W: dW.data, b: g.db[l]!.data })) };
  }
}
