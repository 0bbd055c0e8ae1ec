import { type Tensor, tensor } from '@deltagrad/core';
import { halfSSE as halfSSELoss, type LossFn, bce as bceLoss, mlp, mse as mseLoss, type Sequential } from '@deltagrad/nn';
import type { ExperimentConfig } from './types';

/** One layer's parameters in the seed's layout: W is in×out, b is 1×out, both row-major. */
export interface LayerParams {
  W: Float64Array;
  b: Float64Array;
  inputs: number;
  outputs: number;
}

/** What one engine computes at the current parameters: the loss, the outputs and every gradient. */
export interface Evaluation {
  /** The compared loss (½·Σ(y−ŷ)², mean squared error or binary cross-entropy, as configured). */
  loss: number;
  /** The forward pass's outputs, one per example (a single output unit). */
  predictions: Float64Array;
  /** ∂L/∂W and ∂L/∂b of each layer, in layer order. */
  grads: { W: Float64Array; b: Float64Array }[];
}

/** A way of computing gradients of the configured network: autodiff or the δ equations. */
export interface GradientEngine {
  readonly name: 'autodiff' | 'manual';
  /** Forward and backward at `params` on inputs `x` (n×2) and targets `y` (n×1). */
  evaluate(params: readonly LayerParams[]): Evaluation;
}

const LOSS_FNS: Record<ExperimentConfig['loss'], LossFn> = {
  halfSSE: halfSSELoss,
  mse: (p, t) => mseLoss(p, t),
  bce: (p, t) => bceLoss(p, t),
};

/** The activation of dense layer `l` (0-based) of `config`'s network. */
export function activationOf(config: ExperimentConfig, l: number): ExperimentConfig['activation'] {
  return l === config.layers.length - 2 ? config.outputActivation : config.activation;
}

/**
 * The autodiff side: an @deltagrad/nn model whose parameters are set from `params` before each
 * evaluation, differentiated by @deltagrad/core's engine.
 */
export function autodiffEngine(config: ExperimentConfig, x: Tensor, y: Tensor): GradientEngine {
  const model: Sequential = mlp({
    sizes: config.layers,
    activations: config.layers.slice(1).map((_, l) => activationOf(config, l)),
  });
  const dense = model.namedParameters().map(([, p]) => p);
  const lossFn = LOSS_FNS[config.loss];
  return {
    name: 'autodiff',
    evaluate(params) {
      params.forEach((layer, l) => {
        dense[2 * l]!.value = tensorLike(dense[2 * l]!.value, layer.W);
        dense[2 * l + 1]!.value = tensorLike(dense[2 * l + 1]!.value, layer.b);
      });
      model.zeroGrad();
      const out = model.forward(x);
      const loss = lossFn(out, y);
      loss.backward();
      return {
        loss: loss.item(),
        predictions: out.data,
        grads: params.map((_, l) => ({ W: dense[2 * l]!.grad!.data, b: dense[2 * l + 1]!.grad!.data })),
      };
    },
  };
}

/** A new leaf with `template`'s shape holding a copy of `values`. */
function tensorLike(template: Tensor, values: Float64Array): Tensor {
  return tensor(new Float64Array(values), { shape: template.shape, requiresGrad: true });
}
