import { compile, DeltagradError, gradients, noGrad, Tensor } from '@deltagrad/core';
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
import type { Batch, EngineContext, Evaluation, GradientEngine } from './engine';
import { activationsOf, lossFnOf } from './network';
import {
  fromModel,
  gradsOfModel,
  type LayerGrads,
  type LayerParams,
  linearsOf,
  loadIntoModel,
  setModelEntry,
} from './params';
import type { ExperimentConfig } from './types';
import { OPTIMIZER_INFO } from './vocabulary';

/** The configured @deltagrad/nn optimizer over `model`, with the vocabulary's hyperparameters. */
export function optimizerFor(config: ExperimentConfig, model: Sequential): Optimizer {
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

/** The weight penalty λ·R(W) of `config` as a tensor of the weights, or null without one. */
export function penaltyOf(config: ExperimentConfig): ((weights: readonly Tensor[]) => Tensor) | null {
  const rate = config.regularizationRate;
  switch (config.regularization) {
    case 'none':
      return null;
    case 'l1':
      // λ·Σ_l Σ|w|: its gradient λ·sign(w) (sign 0 = 0).
      return (weights) => sumAll(weights.map((W) => W.abs().sum())).mul(rate);
    case 'l2':
      // λ·½·Σ_l Σw²: its gradient (λ/2)·2w, which is λ·w to the bit (halving and doubling are exact).
      return (weights) => sumAll(weights.map((W) => W.square().sum())).mul(0.5 * rate);
  }
}

/** Σ of scalar tensors, left to right. */
const sumAll = (terms: readonly Tensor[]): Tensor => terms.reduce((s, t) => s.add(t));

/**
 * What both @deltagrad/nn-model engines (autodiff and forward mode) start from: an `mlp` at the
 * shared weights (zeros first, so the model never draws weights of its own), the configured
 * optimizer, the model's named parameters, and the objective — the configured loss of `out`
 * plus the penalty of the weights among `values` (in `named`'s order).
 */
export function modelSetup({ config, start }: EngineContext) {
  const model = mlp({ sizes: config.layers, activations: activationsOf(config), init: zerosInit() });
  loadIntoModel(model, start);
  const optimizer = optimizerFor(config, model);
  const lossFn = lossFnOf(config.loss);
  const penalty = penaltyOf(config);
  const named = model.namedParameters();
  const weights = new Set(linearsOf(model).map((linear) => linear.W));
  const isWeight = named.map(([, p]) => weights.has(p));
  const objective = (out: Tensor, y: Tensor, values: readonly Tensor[]): Tensor => {
    const loss = lossFn(out, y);
    return penalty ? loss.add(penalty(values.filter((_, i) => isWeight[i]))) : loss;
  };
  return { model, optimizer, named, objective };
}

type ModelSetup = ReturnType<typeof modelSetup>;

/** The batch's inputs and targets as tensors over its arrays (no copy). */
export function batchTensors({ X, Y }: Batch): [Tensor, Tensor] {
  return [new Tensor(X.data, [X.rows, X.cols]), new Tensor(Y.data, [Y.rows, Y.cols])];
}

/**
 * {@link batchTensors}, made once per batch: a run hands its engines the same one or two batch
 * records every update (their arrays rewritten in place for each mini-batch), and tensors over
 * arrays that do not change identity can be reused.
 */
function batchTensorsCache(): (batch: Batch) => [Tensor, Tensor] {
  const made = new WeakMap<Batch, [Tensor, Tensor]>();
  // The last batch's, without a lookup: a full-batch run hands the same batch every update.
  let last: Batch | null = null;
  let lastXY: [Tensor, Tensor] | null = null;
  return (batch) => {
    if (batch === last && lastXY![0].values === batch.X.data && lastXY![1].values === batch.Y.data)
      return lastXY!;
    let xy = made.get(batch);
    if (xy === undefined || xy[0].values !== batch.X.data || xy[1].values !== batch.Y.data) {
      xy = batchTensors(batch);
      made.set(batch, xy);
    }
    last = batch;
    lastXY = xy;
    return xy;
  };
}

/**
 * An evaluation from a step's loss, outputs and gradients (in `named`'s order). The optimizer
 * reads `.grad`, so the gradients become the parameters' (a compiled step's arrays are rewritten
 * by its next call, after the update that reads them).
 */
export function adoptGradients(
  { model, named }: ModelSetup,
  loss: Tensor,
  out: Tensor,
  grads: readonly Tensor[],
): Evaluation {
  named.forEach(([, p], i) => {
    p.grad = grads[i]!;
  });
  return { loss: loss.item(), predictions: out.data, grads: gradsOfModel(model) };
}

/** The engine members that only read or change the model: its parameters, the update, an edit. */
export function modelControls({
  model,
  optimizer,
}: ModelSetup): Pick<GradientEngine, 'params' | 'step' | 'setParameter'> {
  return {
    params: () => fromModel(model),
    step() {
      optimizer.step();
    },
    setParameter(key, index, value) {
      setModelEntry(model, key, index, value);
    },
  };
}

/** A step of a model engine: the objective, the outputs and every gradient (in `named`'s order). */
export type StepFn = (
  x: Tensor,
  y: Tensor,
  ...values: Tensor[]
) => readonly [Tensor, Tensor, readonly Tensor[]];

/**
 * A model engine (autodiff, forward mode) around its step. The shapes never change during a run
 * (a batch has one of at most two sizes), so the step runs compiled (@deltagrad/core's
 * `compile`: traced once per batch shape, replayed into preallocated buffers, with the eager
 * engine's bits). With plain SGD the update θ − η·g is compiled into the step too, and the
 * engine keeps its parameters in arrays of its own, rewritten in place: a steady run then
 * allocates nothing per update (@deltagrad/nn's optimizer writes each update into fresh
 * arrays, so that a failed step never leaves a half-updated model). Other optimizers keep
 * their state in @deltagrad/nn's optimizer, which updates the model after the compiled step.
 * A configuration whose derivatives a compiled step cannot replay (a leaky-relu layer, an L1
 * penalty's |w|) runs `eager` on the model instead.
 */
export function modelEngine(
  setup: ModelSetup,
  step: StepFn,
  eager: (x: Tensor, y: Tensor) => Evaluation,
  config: ExperimentConfig,
): GradientEngine {
  const { model, named } = setup;
  const controls = modelControls(setup);
  const tensorsOf = batchTensorsCache();
  let compiled = true;
  const notCompilable = (e: unknown) => e instanceof DeltagradError && e.code === 'NOT_COMPILABLE';

  if (config.optimizer !== 'sgd') {
    const run = compile(step);
    return {
      ...controls,
      evaluate(batch) {
        const [x, y] = tensorsOf(batch);
        if (compiled) {
          try {
            return adoptGradients(setup, ...run(x, y, ...named.map(([, p]) => p.value)));
          } catch (e) {
            if (!notCompilable(e)) throw e;
            compiled = false;
          }
        }
        return eager(x, y);
      },
    };
  }

  // Plain SGD: the update in the compiled step, the parameters in the engine's own arrays.
  const lr = config.lr;
  const run = compile((x: Tensor, y: Tensor, ...values: Tensor[]) => {
    const [loss, out, grads] = step(x, y, ...values);
    // θ − η·g, as @deltagrad/nn's SGD computes it (η·g, then the difference: the same bits).
    const next = noGrad(() => values.map((v, i) => v.sub(grads[i]!.mul(lr))));
    return [loss, out, grads, next] as const;
  });
  const values = named.map(([, p]) => new Tensor(new Float64Array(p.value.data), [...p.shape]));
  const arrays = values.map((v) => v.data);
  const index = new Map(named.map(([, p], i) => [p, i]));
  const linears = linearsOf(model);
  const slots = linears.map((l) => [index.get(l.W)!, index.get(l.b!)!] as const);
  const params: LayerParams[] = linears.map((l, k) => ({
    W: arrays[slots[k]![0]]!,
    b: arrays[slots[k]![1]]!,
    inputs: l.inFeatures,
    outputs: l.outFeatures,
  }));
  // The updated parameters' arrays of the last step (a trace's result tensors are the same on
  // every call, so their arrays are read once per trace).
  let next: readonly Float64Array[] = [];
  let nextOf: readonly Tensor[] | null = null;
  // The step's arguments [x, y, ...values], rebuilt only when the batch's tensors change.
  let args: [Tensor, Tensor, ...Tensor[]] | null = null;
  let argsOf: readonly [Tensor, Tensor] | null = null;
  // A compiled step returns the same tensors every call (one trace per batch shape): each
  // trace's evaluation record is made once and only its loss changes.
  const evaluations = new Map<Tensor, Evaluation>();
  let lastLoss: Tensor | null = null;
  let lastEvaluation: Evaluation | null = null;
  return {
    params: () => (compiled ? params : controls.params()),
    // Index reads, not destructuring: the run's first few thousand updates are interpreted,
    // where destructuring an array walks an iterator (and allocates) on every call.
    evaluate(batch) {
      const xy = tensorsOf(batch);
      if (compiled) {
        try {
          if (args === null || xy !== argsOf) {
            args = [xy[0], xy[1], ...values];
            argsOf = xy;
          }
          const result = run(...args);
          const loss = result[0];
          if (result[3] !== nextOf) {
            nextOf = result[3];
            next = nextOf.map((t) => t.data);
          }
          let evaluation = loss === lastLoss ? lastEvaluation : evaluations.get(loss);
          if (evaluation === undefined || evaluation === null) {
            const g = result[2].map((t) => t.data);
            evaluation = {
              loss: 0,
              predictions: result[1].data,
              grads: slots.map(([w, b]): LayerGrads => ({ W: g[w]!, b: g[b]! })),
            };
            evaluations.set(loss, evaluation);
          }
          lastLoss = loss;
          lastEvaluation = evaluation;
          evaluation.loss = loss.item();
          return evaluation;
        } catch (e) {
          if (!notCompilable(e)) throw e;
          // From here on the model and its optimizer hold the parameters (edits included).
          compiled = false;
          loadIntoModel(model, params);
        }
      }
      return eager(xy[0], xy[1]);
    },
    step() {
      if (!compiled) return controls.step();
      for (let i = 0; i < arrays.length; i++) arrays[i]!.set(next[i]!);
    },
    setParameter(key, entry, value) {
      if (!compiled) return controls.setParameter(key, entry, value);
      params[key.layer - 1]![key.kind][entry] = value;
    },
  };
}

/**
 * The autodiff side: an @deltagrad/nn `mlp` (Linear layers in the seed's layout) starting from
 * the shared weights, differentiated by @deltagrad/core's reverse-mode engine and updated by
 * the configured optimizer. The loss is the configured one plus the weight penalty, which
 * autodiff differentiates like any other term. The step runs compiled (see {@link modelEngine});
 * eagerly it is `model.forward` then `loss.backward()`.
 */
export function autodiffEngine(context: EngineContext): GradientEngine {
  const setup = modelSetup(context);
  const { model, optimizer, named, objective } = setup;
  // The loss, the outputs and the gradient of every parameter, from the batch and the parameters' values.
  const step: StepFn = (x, y, ...values) => {
    const leaves = values.map((v) => new Tensor(v.data, v.shape, true));
    const out = functionalCall(model, Object.fromEntries(named.map(([name], i) => [name, leaves[i]!])), x);
    const loss = objective(out, y, leaves);
    return [loss, out, gradients(loss, leaves)] as const;
  };
  const eager = (x: Tensor, y: Tensor): Evaluation => {
    optimizer.zeroGrad();
    const out = model.forward(x);
    const loss = objective(
      out,
      y,
      named.map(([, p]) => p.value),
    );
    loss.backward();
    return { loss: loss.item(), predictions: out.data, grads: gradsOfModel(model) };
  };
  return modelEngine(setup, step, eager, context.config);
}
