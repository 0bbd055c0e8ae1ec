import { Adam, mlp, type Optimizer, RMSprop, type Sequential, SGD, zerosInit } from '@deltagrad/nn';
import type { EngineContext, GradientEngine } from './engine';
import { activationsOf, lossFnOf } from './network';
import { fromModel, gradsOfModel, loadIntoModel } from './params';
import type { ExperimentConfig } from './types';
import { OPTIMIZER_INFO } from './vocabulary';

/** The configured @deltagrad/nn optimizer over `model`, with the vocabulary's hyperparameters. */
function optimizerFor(config: ExperimentConfig, model: Sequential): Optimizer {
  const options = { lr: config.lr, ...OPTIMIZER_INFO[config.optimizer].hyperparameters };
  switch (config.optimizer) {
    case 'sgd':
    case 'momentum':
      return new SGD(model, options);
    case 'adam':
      return new Adam(model, options);
    case 'rmsprop':
      return new RMSprop(model, options);
  }
}

/**
 * The autodiff side: an @deltagrad/nn `mlp` (Linear layers in the seed's layout) starting from
 * the shared weights, differentiated by @deltagrad/core's reverse-mode engine and updated by
 * @deltagrad/nn's optimizer.
 */
export function autodiffEngine({ config, start, data }: EngineContext): GradientEngine {
  // Zeros first, then the shared start: the model never draws weights of its own.
  const model = mlp({ sizes: config.layers, activations: activationsOf(config), init: zerosInit() });
  loadIntoModel(model, start);
  const optimizer = optimizerFor(config, model);
  const lossFn = lossFnOf(config.loss);
  return {
    params: () => fromModel(model),
    evaluate() {
      optimizer.zeroGrad();
      const out = model.forward(data.x);
      const loss = lossFn(out, data.y);
      loss.backward();
      return { loss: loss.item(), predictions: out.data, grads: gradsOfModel(model) };
    },
    step() {
      optimizer.step();
    },
  };
}
