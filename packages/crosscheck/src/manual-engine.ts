import {
  backward,
  createOptimizer,
  type ForwardCache,
  forward,
  type Gradients,
  lossValue,
  output,
  type Params,
} from '@deltagrad/manual';
import { matricesOf } from './dataset';
import type { EngineContext, GradientEngine } from './engine';
import { networkOf } from './network';
import { cloneParamSet, fromManualParams, toManualParams } from './params';
import { OPTIMIZER_INFO } from './vocabulary';

/**
 * The hand-derived side: @deltagrad/manual's forward pass, δ recursion and update rule, on its
 * own `Params` of plain Float64Array matrices from start to end (no tensors involved). Each
 * evaluation writes into the matrices of the last (z, a, δ, dW, db), as manual's README loop.
 */
export function manualEngine({ config, start, data }: EngineContext): GradientEngine {
  const network = networkOf(config);
  const { X, Y } = matricesOf(data);
  const optimizer = createOptimizer(config.optimizer, {
    lr: config.lr,
    ...OPTIMIZER_INFO[config.optimizer].hyperparameters,
  });
  let params: Params = toManualParams(cloneParamSet(start));
  let grads: Gradients | null = null;
  let cache: ForwardCache | undefined;
  return {
    params: () => fromManualParams(params),
    evaluate() {
      cache = forward(network, params, X, cache);
      const yHat = output(cache);
      const g = backward(params, cache, Y, grads ?? undefined);
      grads = g;
      return {
        loss: lossValue(config.loss, yHat, Y),
        predictions: yHat.data,
        grads: g.dW.map((dW, l) => ({ W: dW.data, b: g.db[l]!.data })),
      };
    },
    step() {
      if (grads === null) throw new Error('manual engine: step() before evaluate()');
      params = optimizer.step(params, grads);
    },
  };
}
