import {
  addPenaltyGradient,
  createOptimizer,
  type ForwardCache,
  forward,
  type Gradients,
  lossValue,
  output,
  type Params,
  penalty,
} from '@deltagrad/manual';
import { backwardWithBug } from './bugs';
import type { EngineContext, Evaluation, GradientEngine } from './engine';
import { networkOf } from './network';
import { cloneParamSet, fromManualParams, toManualParams } from './params';
import { OPTIMIZER_INFO } from './vocabulary';

/** The matrices of one batch size, reused from one evaluation of that size to the next. */
interface Buffers {
  cache?: ForwardCache;
  grads?: Gradients;
  /** The evaluation record over `grads`' arrays (its loss rewritten each time). */
  evaluation?: Evaluation;
}

/**
 * The hand-derived side: @deltagrad/manual's forward pass, δ recursion (with the run's injected
 * mistake, if any: `bugs.ts`), penalty gradient and update rule, on its own `Params` of plain Float64Array matrices from start to end (no tensors
 * involved). Each evaluation writes into the matrices of the last of its batch size (z, a, δ,
 * dW, db), as manual's README loop; a run has at most two batch sizes.
 */
export function manualEngine({ config, start }: EngineContext): GradientEngine {
  const network = networkOf(config);
  const optimizer = createOptimizer(config.optimizer, {
    lr: config.lr,
    ...OPTIMIZER_INFO[config.optimizer].hyperparameters,
  });
  const { regularization, regularizationRate } = config;
  const params: Params = toManualParams(cloneParamSet(start));
  // Every update and edit writes into these arrays, so one view of them serves the whole run.
  const view = fromManualParams(params);
  let grads: Gradients | null = null;
  const bySize = new Map<number, Buffers>();
  // The buffers of the last batch size, without a lookup: a run has one size, or one per update.
  let lastRows = -1;
  let last: Buffers = {};
  // Without a penalty its gradient adds nothing and its value is 0 (added as before: the same bits).
  const penalized = regularization !== 'none';
  return {
    params: () => view,
    evaluate({ X, Y }) {
      let buffers = last;
      if (X.rows !== lastRows) {
        buffers = bySize.get(X.rows) ?? { cache: undefined, grads: undefined, evaluation: undefined };
        bySize.set(X.rows, buffers);
        last = buffers;
        lastRows = X.rows;
      }
      const cache = forward(network, params, X, buffers.cache);
      const yHat = output(cache);
      // The run's injected mistake, if any, is on this side only.
      const g = backwardWithBug(config.bug, params, cache, Y, buffers.grads);
      // ∂(L + λR)/∂W = ∂L/∂W + λ·R′(W); δ and ∂L/∂b are those of L.
      if (penalized) addPenaltyGradient(regularization, regularizationRate, params.W, g.dW);
      if (buffers.evaluation === undefined || buffers.grads !== g || buffers.cache !== cache) {
        buffers.evaluation = {
          loss: 0,
          predictions: yHat.data,
          grads: g.dW.map((dW, l) => ({ W: dW.data, b: g.db[l]!.data })),
        };
      }
      buffers.cache = cache;
      buffers.grads = g;
      grads = g;
      const evaluation = buffers.evaluation;
      evaluation.loss =
        lossValue(config.loss, yHat, Y) +
        (penalized ? penalty(regularization, regularizationRate, params.W) : 0);
      return evaluation;
    },
    step() {
      if (grads === null) throw new Error('manual engine: step() before evaluate()');
      // In place, as the autodiff engine's optimizer does (params() views are read before step).
      optimizer.step(params, grads, params);
    },
    setParameter(key, index, value) {
      params[key.kind][key.layer - 1]!.data[index] = value;
    },
  };
}
