import { tensor } from '@deltagrad/core';
import { backward, forward, lossValue, type Matrix } from '@deltagrad/manual';
import {
  type Evaluation,
  type GradientEngine,
  holdersFor,
  type LayerParams,
  networkOf,
  paramsOf,
} from './engines';
import type { ExperimentConfig } from './types';

/** The equations' view of a run: the network, and the data as matrices. */
function setup(config: ExperimentConfig, x: Float64Array, y: Float64Array) {
  const network = networkOf(config);
  const X: Matrix = { rows: y.length, cols: config.layers[0]!, data: x };
  const Y: Matrix = { rows: y.length, cols: 1, data: y };
  return { network, X, Y };
}

const asMatrices = (params: readonly LayerParams[]) => ({
  W: params.map((p) => ({ rows: p.inputs, cols: p.outputs, data: p.W })),
  b: params.map((p) => ({ rows: 1, cols: p.outputs, data: p.b })),
});

/**
 * The hand-derived side: @deltagrad/manual's forward pass and δ recursion on plain
 * Float64Arrays, reading its copy of the parameters in place (the equations never write into
 * their inputs).
 */
export function manualEngine(
  config: ExperimentConfig,
  start: readonly LayerParams[],
  x: Float64Array,
  y: Float64Array,
): GradientEngine {
  const { network, X, Y } = setup(config, x, y);
  const holders = holdersFor(start);
  return {
    name: 'manual',
    holders,
    evaluate() {
      const params = asMatrices(paramsOf(holders));
      const cache = forward(network, params, X);
      const yHat = cache.a[cache.a.length - 1]!;
      const g = backward(params, cache, Y);
      const grads: Evaluation['grads'] = g.dW.map((dW, l) => ({ W: dW.data, b: g.db[l]!.data }));
      grads.forEach((layer, l) => {
        holders[2 * l]!.grad = tensor(layer.W, { shape: holders[2 * l]!.shape });
        holders[2 * l + 1]!.grad = tensor(layer.b, { shape: holders[2 * l + 1]!.shape });
      });
      return { loss: lossValue(config.loss, yHat, Y), predictions: yHat.data, grads };
    },
  };
}

/** The loss at any parameters by the equations' forward pass (for finite differences). */
export function manualLoss(
  config: ExperimentConfig,
  x: Float64Array,
  y: Float64Array,
): (params: readonly LayerParams[]) => number {
  const { network, X, Y } = setup(config, x, y);
  return (params) => {
    const cache = forward(network, asMatrices(params), X);
    return lossValue(config.loss, cache.a[cache.a.length - 1]!, Y);
  };
}
