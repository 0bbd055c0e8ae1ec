import { tensor } from '@deltagrad/core';
import { Adam, circle, type Dataset, gaussians, type Optimizer, Parameter, RMSprop, SGD, spiral, xor, xorQuadrants } from '@deltagrad/nn';
import { agreement, worse } from './compare';
import { resolveConfig } from './config';
import { autodiffEngine, type Evaluation, type GradientEngine, type LayerParams } from './engines';
import { CrosscheckError } from './errors';
import { initialParams } from './init';
import { manualEngine } from './manual-engine';
import type { EpochEvent, ExperimentConfig, ExperimentEvent, ParamComparison, ResultEvent } from './types';

/** The training data of `config`: XOR's truth table, or a seeded playground set with 0/1 labels. */
export function datasetOf(config: ExperimentConfig): Dataset {
  const opts = { n: config.datasetSize, seed: config.seed, normalize: true };
  switch (config.dataset) {
    case 'xor':
      return xor();
    case 'xorQuadrants':
      return xorQuadrants(opts);
    case 'circle':
      return circle(opts);
    case 'gaussians':
      return gaussians(opts);
    case 'spiral':
      return spiral(opts);
  }
}

/** One copy of the parameters with its own optimizer: both copies get the same update rule. */
class Copy {
  readonly holders: Parameter[];
  readonly optimizer: Optimizer;

  constructor(
    readonly params: LayerParams[],
    config: ExperimentConfig,
  ) {
    this.holders = params.flatMap((p, l) => [
      new Parameter(tensor(new Float64Array(p.W), { shape: [p.inputs, p.outputs] }), `W${l + 1}`),
      new Parameter(tensor(new Float64Array(p.b), { shape: [1, p.outputs] }), `b${l + 1}`),
    ]);
    this.optimizer = optimizerFor(config, this.holders);
  }

  /** Applies the optimizer to this copy with the gradients `e` computed for it. */
  update(e: Evaluation): void {
    e.grads.forEach((g, l) => {
      this.holders[2 * l]!.grad = tensor(new Float64Array(g.W), { shape: this.holders[2 * l]!.shape });
      this.holders[2 * l + 1]!.grad = tensor(new Float64Array(g.b), { shape: this.holders[2 * l + 1]!.shape });
    });
    this.optimizer.step();
    this.params.forEach((p, l) => {
      p.W.set(this.holders[2 * l]!.value.data);
      p.b.set(this.holders[2 * l + 1]!.value.data);
    });
  }
}

function optimizerFor(config: ExperimentConfig, params: Parameter[]): Optimizer {
  switch (config.optimizer) {
    case 'sgd':
      return new SGD(params, { lr: config.lr });
    case 'momentum':
      return new SGD(params, { lr: config.lr, momentum: 0.9 });
    case 'adam':
      return new Adam(params, { lr: config.lr });
    case 'rmsprop':
      return new RMSprop(params, { lr: config.lr });
  }
}

function cloneParams(params: readonly LayerParams[]): LayerParams[] {
  return params.map((p) => ({ ...p, W: new Float64Array(p.W), b: new Float64Array(p.b) }));
}

function meanSquaredError(predictions: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - predictions[i]!) ** 2;
  return s / y.length;
}

function halfSSE(predictions: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - predictions[i]!) ** 2;
  return 0.5 * s;
}

/** Central differences of the loss w.r.t. every parameter entry, with `engine`'s forward pass. */
function finiteDifferences(engine: GradientEngine, params: readonly LayerParams[], eps = 1e-6): Evaluation['grads'] {
  const probe = cloneParams(params);
  const diff = (arr: Float64Array): Float64Array =>
    arr.map((v, i) => {
      arr[i] = v + eps;
      const up = engine.evaluate(probe).loss;
      arr[i] = v - eps;
      const down = engine.evaluate(probe).loss;
      arr[i] = v;
      return (up - down) / (2 * eps);
    });
  return probe.map((p) => ({ W: diff(p.W), b: diff(p.b) }));
}

/**
 * The experiment as a synchronous generator of events: both engines evaluate the loss and every
 * gradient at their own copy of the parameters, the gradients are compared, and the same update
 * is applied to each copy. Statistics cover every epoch; an `epoch` event is yielded every
 * `config.every` epochs and for the last one, then one `result` event.
 */
export function* experimentEvents(overrides: Partial<ExperimentConfig> = {}): Generator<ExperimentEvent, ResultEvent> {
  const config = resolveConfig(overrides);
  const data = datasetOf(config);
  const y = data.y.data;
  const start = initialParams(config);
  const engines: GradientEngine[] = [];
  if (config.method !== 'manual') engines.push(autodiffEngine(config, data.x, data.y));
  if (config.method !== 'autodiff') engines.push(manualEngine(config, data.x.data, y));
  const copies = engines.map(() => new Copy(cloneParams(start), config));

  let maxAbsGradDiff = engines.length === 2 ? 0 : Number.NaN;
  let maxRelGradDiff = engines.length === 2 ? 0 : Number.NaN;
  let maxParamDrift = engines.length === 2 ? 0 : Number.NaN;
  let maxFiniteDifferenceError: number | null = null;
  let worstEpoch: number | null = engines.length === 2 ? 0 : null;
  let last: Evaluation | undefined;

  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const evals = engines.map((engine, k) => engine.evaluate(copies[k]!.params));
    const reported = epoch % config.every === 0 || epoch === config.epochs - 1;
    let epochAbs = 0;
    let epochRel = 0;
    const comparisons: ParamComparison[] = [];
    const fd =
      config.finiteDifferenceEvery > 0 && epoch % config.finiteDifferenceEvery === 0
        ? finiteDifferences(engines[engines.length - 1]!, copies[copies.length - 1]!.params)
        : null;
    copies[0]!.params.forEach((p, l) => {
      for (const kind of ['W', 'b'] as const) {
        const a = evals[0]!.grads[l]![kind];
        const m = evals[1]?.grads[l]![kind];
        const agree = m ? agreement(a, m) : { maxAbsDiff: Number.NaN, maxRelDiff: Number.NaN };
        epochAbs = worse(epochAbs, agree.maxAbsDiff);
        epochRel = worse(epochRel, agree.maxRelDiff);
        const f = fd?.[l]![kind] ?? null;
        if (f) maxFiniteDifferenceError = worse(maxFiniteDifferenceError ?? 0, agreement(a, f).maxAbsDiff);
        if (reported) {
          comparisons.push({
            name: `${kind}${l + 1}`,
            shape: kind === 'W' ? [p.inputs, p.outputs] : [1, p.outputs],
            value: Array.from(p[kind]),
            autodiff: engines[0]!.name === 'autodiff' ? Array.from(a) : null,
            manual: engines[0]!.name === 'manual' ? Array.from(a) : m ? Array.from(m) : null,
            finiteDifference: f ? Array.from(f) : null,
            maxAbsDiff: agree.maxAbsDiff,
            maxRelDiff: agree.maxRelDiff,
          });
        }
      }
    });
    if (engines.length === 2) {
      if (!(epochAbs <= maxAbsGradDiff)) worstEpoch = epoch;
      maxAbsGradDiff = worse(maxAbsGradDiff, epochAbs);
      maxRelGradDiff = worse(maxRelGradDiff, epochRel);
    }
    copies.forEach((copy, k) => {
      copy.update(evals[k]!);
    });
    let drift = Number.NaN;
    if (copies.length === 2) {
      drift = 0;
      copies[0]!.params.forEach((p, l) => {
        const q = copies[1]!.params[l]!;
        drift = worse(drift, worse(agreement(p.W, q.W).maxAbsDiff, agreement(p.b, q.b).maxAbsDiff));
      });
      maxParamDrift = worse(maxParamDrift, drift);
    }
    last = evals[0]!;
    if (reported) {
      const event: EpochEvent = {
        type: 'epoch',
        epoch,
        loss: halfSSE(last.predictions, y),
        mse: meanSquaredError(last.predictions, y),
        maxAbsGradDiff: engines.length === 2 ? epochAbs : null,
        maxRelGradDiff: engines.length === 2 ? epochRel : null,
        paramDrift: copies.length === 2 ? drift : null,
        params: comparisons,
      };
      yield event;
    }
  }

  const final = copies[0]!.params;
  const mse = meanSquaredError(last!.predictions, y);
  const result: ResultEvent = {
    type: 'result',
    epochs: config.epochs,
    params: Object.fromEntries(
      final.flatMap((p, l) => [
        [`W${l + 1}`, rows(p.W, p.inputs, p.outputs)],
        [`b${l + 1}`, rows(p.b, 1, p.outputs)],
      ]),
    ),
    predictions: Array.from(last!.predictions),
    mse,
    loss: last!.loss,
    maxAbsGradDiff: engines.length === 2 ? maxAbsGradDiff : null,
    maxRelGradDiff: engines.length === 2 ? maxRelGradDiff : null,
    maxParamDrift: engines.length === 2 ? maxParamDrift : null,
    maxFiniteDifferenceError,
    converged: mse < config.convergedBelow,
    worstEpoch,
  };
  yield result;
  return result;
}

function rows(data: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));
}

/** Runs the whole experiment synchronously and returns its result (no epoch events). */
export function runExperimentSync(overrides: Partial<ExperimentConfig> = {}): ResultEvent {
  const events = experimentEvents({ ...overrides, every: overrides.epochs ?? 10_000_000 });
  for (;;) {
    const next = events.next();
    if (next.done) return next.value;
  }
}

/** Options of {@link runExperiment}. */
export interface RunOptions {
  /** Aborting stops the run: the iterator throws a `CrosscheckError` with code `CANCELLED`. */
  signal?: AbortSignal;
  /**
   * Give the event loop a turn (a macrotask) at least this often, in milliseconds, so a Web
   * Worker or a UI can react (cancel, render) during long runs. Default 50; 0 never yields.
   */
  yieldEveryMs?: number;
}

/**
 * The experiment as an async iterator of events, usable in Node and in a Web Worker, and
 * cancellable through `signal`.
 *
 * @example
 * ```ts
 * for await (const event of runExperiment({ epochs: 10_000 })) {
 *   if (event.type === 'epoch') console.log(event.epoch, event.mse, event.maxAbsGradDiff);
 *   else console.log('agree to', event.maxAbsGradDiff);
 * }
 * ```
 */
export async function* runExperiment(
  overrides: Partial<ExperimentConfig> = {},
  opts: RunOptions = {},
): AsyncGenerator<ExperimentEvent, void> {
  const yieldEvery = opts.yieldEveryMs ?? 50;
  let lastYield = Date.now();
  for (const event of experimentEvents(overrides)) {
    if (opts.signal?.aborted) throw new CrosscheckError('CANCELLED', 'runExperiment: cancelled');
    yield event;
    if (yieldEvery > 0 && Date.now() - lastYield >= yieldEvery) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  }
}
