import { type Tensor, tensor } from '@deltagrad/core';
import { halfSSE } from '@deltagrad/nn';
import { resolveConfig } from './config';
import { activationOf, type LayerParams } from './engines';
import { datasetOf } from './experiment';
import { initialParams } from './init';
import type { ExperimentConfig } from './types';

const apply = (name: ExperimentConfig['activation'], z: Tensor): Tensor => {
  switch (name) {
    case 'identity':
      return z;
    case 'sigmoid':
      return z.sigmoid();
    case 'tanh':
      return z.tanh();
    case 'relu':
      return z.relu();
    case 'leakyRelu':
      return z.leakyRelu();
    case 'softplus':
      return z.softplus();
  }
};

/**
 * One forward and backward pass of the experiment's network (L = ½·Σ(y−ŷ)²) at `params` (the
 * initial weights by default), with every tensor named as in the equations (X, W1, b1, z1, a1,
 * …, L) and every gradient kept, ready for `toDot` or `toGraphJSON`.
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
    const z = a
      .matmul(W)
      .retainGrad()
      .named(`XW${l + 1}`);
    const zb = z
      .add(b)
      .retainGrad()
      .named(`z${l + 1}`);
    a = apply(activationOf(config, l), zb)
      .retainGrad()
      .named(`a${l + 1}`);
  });
  const loss = halfSSE(a, data.y.named('y')).named('L');
  loss.backward(undefined, { retainGraph: true });
  return loss;
}
