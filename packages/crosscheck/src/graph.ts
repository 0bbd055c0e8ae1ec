import { type Tensor, tensor } from '@deltagrad/core';
import { activation } from '@deltagrad/nn';
import { resolveConfig } from './config';
import { datasetOf } from './dataset';
import { activationOf, type LayerParams, lossFnOf } from './engines';
import { initialParams } from './init';
import type { ExperimentConfig } from './types';

/**
 * One forward and backward pass of the experiment's network and its configured loss at `params`
 * (the initial weights by default), with every tensor named as in the equations (X, W1, b1, XW1,
 * z1, a1, …, y, L) and every gradient kept, ready for `toDot` or `toGraphJSON`. Under an
 * identity activation a^(l) is z^(l) itself: one node, named `z{l}`.
 *
 * @example
 * ```ts
 * import { toDot } from '@deltagrad/core';
 * console.log(toDot(xorGraph()));
 * ```
 */
export function xorGraph(overrides: Partial<ExperimentConfig> = {}, params?: readonly LayerParams[]): Tensor {
  const config = resolveConfig(overrides);
  const data = datasetOf(config);
  const layers = params ?? initialParams(config);
  let a = data.x.named('X');
  layers.forEach((p, l) => {
    const W = tensor(new Float64Array(p.W), { shape: [p.inputs, p.outputs], requiresGrad: true }).named(
      `W${l + 1}`,
    );
    const b = tensor(new Float64Array(p.b), { shape: [1, p.outputs], requiresGrad: true }).named(`b${l + 1}`);
    const xw = a
      .matmul(W)
      .retainGrad()
      .named(`XW${l + 1}`);
    const z = xw
      .add(b)
      .retainGrad()
      .named(`z${l + 1}`);
    const out = activation(activationOf(config, l)).forward(z);
    // Identity returns z itself: renaming it would hide z^(l), whose adjoint the trace reads.
    a = out === z ? z : out.retainGrad().named(`a${l + 1}`);
  });
  // Retained so the root shows its gradient too: ∂L/∂L = 1, where backpropagation starts.
  const loss = lossFnOf(config.loss)(a, data.y.named('y')).named('L').retainGrad();
  loss.backward(undefined, { retainGraph: true });
  return loss;
}
