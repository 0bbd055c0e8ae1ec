import { backward, forward, lossValue, type Matrix, type Network } from '@deltagrad/manual';
import { activationOf, type GradientEngine } from './engines';
import type { ExperimentConfig } from './types';

/**
 * The hand-derived side: @deltagrad/manual's forward pass and δ recursion on plain
 * Float64Arrays, at the parameters it is given (shared, not copied: the equations never write
 * into their inputs).
 */
export function manualEngine(config: ExperimentConfig, x: Float64Array, y: Float64Array): GradientEngine {
  const network: Network = {
    sizes: config.layers,
    activations: config.layers.slice(1).map((_, l) => activationOf(config, l)),
    loss: config.loss,
  };
  const n = y.length;
  const X: Matrix = { rows: n, cols: config.layers[0]!, data: x };
  const Y: Matrix = { rows: n, cols: 1, data: y };
  return {
    name: 'manual',
    evaluate(params) {
      const W = params.map((p) => ({ rows: p.inputs, cols: p.outputs, data: p.W }));
      const b = params.map((p) => ({ rows: 1, cols: p.outputs, data: p.b }));
      const cache = forward(network, { W, b }, X);
      const yHat = cache.a[cache.a.length - 1]!;
      const grads = backward({ W, b }, cache, Y);
      return {
        loss: lossValue(config.loss, yHat, Y),
        predictions: yHat.data,
        grads: grads.dW.map((dW, l) => ({ W: dW.data, b: grads.db[l]!.data })),
      };
    },
  };
}
