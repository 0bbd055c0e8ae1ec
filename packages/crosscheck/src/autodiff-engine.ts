import { compile, DeltagradError, gradients, Tensor } from '@deltagrad/core';
import {
  Adam,
  functionalCall,
  mlp,
  type Optimizer,
  RMSprop,
  type Sequential,
  SGD,
  zerosInit,
} from '@deltagrad/nn';
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
 *
 * The shapes never change during a run, so forward and backward run as a compiled step
 * (@deltagrad/core's `compile`: traced once, then replayed into preallocated buffers, with the
 * eager engine's bits). A configuration whose derivatives a compiled step cannot replay (a
 * leaky-relu layer, say) runs eagerly, `model.forward` then `loss.backward()`.
 */
export function autodiffEngine({ config, start, data }: EngineContext): GradientEngine {
  // Zeros first, then the shared start: the model never draws weights of its own.
  const model = mlp({ sizes: config.layers, activations: activationsOf(config), init: zerosInit() });
  loadIntoModel(model, start);
  const optimizer = optimizerFor(config, model);
  const lossFn = lossFnOf(config.loss);
  const named = model.namedParameters();
  // The loss, the outputs and the gradient of every parameter, from the parameters' values.
  const forwardBackward = compile((...values: Tensor[]) => {
    const leaves = values.map((v) => new Tensor(v.data, v.shape, true));
    const out = functionalCall(
      model,
      Object.fromEntries(named.map(([name], i) => [name, leaves[i]!])),
      data.x,
    );
    const loss = lossFn(out, data.y);
    return [loss, out, gradients(loss, leaves)] as const;
  });
  let compiled = true;
  const evaluateEagerly = () => {
    optimizer.zeroGrad();
    const out = model.forward(data.x);
    const loss = lossFn(out, data.y);
    loss.backward();
    return { loss: loss.item(), predictions: out.data, grads: gradsOfModel(model) };
  };
  return {
    params: () => fromModel(model),
    evaluate() {
      if (!compiled) return evaluateEagerly();
      let result: ReturnType<typeof forwardBackward>;
      try {
        result = forwardBackward(...named.map(([, p]) => p.value));
      } catch (e) {
        if (!(e instanceof DeltagradError && e.code === 'NOT_COMPILABLE')) throw e;
        compiled = false;
        return evaluateEagerly();
      }
      const [loss, out, grads] = result;
      // The optimizer reads .grad; these arrays are the compiled step's, rewritten next call.
      named.forEach(([, p], i) => {
        p.grad = grads[i]!;
      });
      return { loss: loss.item(), predictions: out.data, grads: gradsOfModel(model) };
    },
    step() {
      optimizer.step();
    },
  };
}
