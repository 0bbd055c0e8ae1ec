import { type Tensor, tensor } from '@deltagrad/core';
import type { Network } from '@deltagrad/manual';
import { bce, halfSSE, type LossFn, mlp, mse, Parameter } from '@deltagrad/nn';
import type { ExperimentConfig } from './types';

/** One layer's parameters in the seed's layout: W is in×out, b is 1×out, both row-major. */
export interface LayerParams {
  W: Float64Array;
  b: Float64Array;
  inputs: number;
  outputs: number;
}

/** What one engine computes at its current parameters: the loss, the outputs and every gradient. */
export interface Evaluation {
  /** The compared loss (½·Σ(y−ŷ)², mean squared error or binary cross-entropy, as configured). */
  loss: number;
  /** The forward pass's outputs, one per example (a single output unit). */
  predictions: Float64Array;
  /** ∂L/∂W and ∂L/∂b of each layer, in layer order. */
  grads: { W: Float64Array; b: Float64Array }[];
}

/**
 * A way of computing gradients of the configured network — autodiff or the δ equations — with
 * its own copy of the parameters, held as @deltagrad/nn Parameters (W1, b1, W2, b2, …) so that
 * the same optimizer can update either copy.
 */
export interface GradientEngine {
  readonly name: 'autodiff' | 'manual';
  /** This engine's copy of the parameters: W then b of each layer. */
  readonly holders: readonly Parameter[];
  /** Forward and backward at the current parameters; leaves each holder's `grad` set. */
  evaluate(): Evaluation;
}

/** The activation of dense layer `l` (0-based) of `config`'s network. */
export function activationOf(config: ExperimentConfig, l: number): ExperimentConfig['activation'] {
  return l === config.layers.length - 2 ? config.outputActivation : config.activation;
}

/** The network of `config` as @deltagrad/manual's equations describe it. */
export function networkOf(config: ExperimentConfig): Network {
  return {
    sizes: config.layers,
    activations: config.layers.slice(1).map((_, l) => activationOf(config, l)),
    loss: config.loss,
  };
}

/** Holders for `params`, named as in the equations (W1, b1, W2, b2, …). */
export function holdersFor(params: readonly LayerParams[]): Parameter[] {
  return params.flatMap((p, l) => [
    new Parameter(tensor(new Float64Array(p.W), { shape: [p.inputs, p.outputs] }), `W${l + 1}`),
    new Parameter(tensor(new Float64Array(p.b), { shape: [1, p.outputs] }), `b${l + 1}`),
  ]);
}

/** The current values of `holders` as layer parameters (views, not copies). */
export function paramsOf(holders: readonly Parameter[]): LayerParams[] {
  const layers: LayerParams[] = [];
  for (let k = 0; k < holders.length; k += 2) {
    const W = holders[k]!.value;
    layers.push({ W: W.data, b: holders[k + 1]!.value.data, inputs: W.shape[0]!, outputs: W.shape[1]! });
  }
  return layers;
}

const LOSS_FNS: Record<ExperimentConfig['loss'], LossFn> = {
  halfSSE,
  mse: (p, t) => mse(p, t),
  bce: (p, t) => bce(p, t),
};

/** The @deltagrad/nn loss function the autodiff side differentiates for `name`. */
export function lossFnOf(name: ExperimentConfig['loss']): LossFn {
  return LOSS_FNS[name];
}

/**
 * The autodiff side: an @deltagrad/nn model (Linear layers in the seed's layout) starting
 * from `start`, differentiated by @deltagrad/core's engine.
 */
export function autodiffEngine(
  config: ExperimentConfig,
  start: readonly LayerParams[],
  x: Tensor,
  y: Tensor,
): GradientEngine {
  const model = mlp({
    sizes: config.layers,
    activations: config.layers.slice(1).map((_, l) => activationOf(config, l)),
  });
  const holders = model.parameters();
  holdersFor(start).forEach((h, k) => {
    holders[k]!.value = h.value;
  });
  const lossFn = lossFnOf(config.loss);
  return {
    name: 'autodiff',
    holders,
    evaluate() {
      for (const h of holders) h.zeroGrad();
      const out = model.forward(x);
      const loss = lossFn(out, y);
      loss.backward();
      const grads: Evaluation['grads'] = [];
      for (let k = 0; k < holders.length; k += 2)
        grads.push({ W: holders[k]!.grad!.data, b: holders[k + 1]!.grad!.data });
      return { loss: loss.item(), predictions: out.data, grads };
    },
  };
}
