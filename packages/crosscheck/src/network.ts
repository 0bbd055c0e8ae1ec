import type { Network } from '@deltagrad/manual';
import { bce, halfSSE, type LossFn, mse } from '@deltagrad/nn';
import type { ExperimentConfig } from './types';

/** The activation of dense layer `l` (0-based) of `config`'s network: hidden layers, then the output's. */
export function activationOf(config: ExperimentConfig, l: number): ExperimentConfig['activation'] {
  return l === config.layers.length - 2 ? config.outputActivation : config.activation;
}

/** Every dense layer's activation, input side first. */
export function activationsOf(config: ExperimentConfig): ExperimentConfig['activation'][] {
  return config.layers.slice(1).map((_, l) => activationOf(config, l));
}

/** The network of `config` as @deltagrad/manual's equations describe it. */
export function networkOf(config: ExperimentConfig): Network {
  return { sizes: config.layers, activations: activationsOf(config), loss: config.loss };
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
