import { Adam, type Optimizer, type Parameter, RMSprop, SGD } from '@deltagrad/nn';
import { type Agreement, agreement, worse } from './compare';
import { resolveConfig } from './config';
import { datasetOf } from './dataset';
import { autodiffEngine, type Evaluation, type GradientEngine, type LayerParams, paramsOf } from './engines';
import { CrosscheckError } from './errors';
import { finiteDifferences } from './finite-differences';
import { initialParams } from './init';
import { manualEngine, manualLoss } from './manual-engine';
import type { EpochEvent, ExperimentConfig, ExperimentEvent, ParamComparison, ResultEvent } from './types';

function optimizerFor(config: ExperimentConfig, params: readonly Parameter[]): Optimizer {
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

type Grads = Evaluation['grads'];

/**
 * Stops a run whose loss or gradients are no longer finite, before the optimizer sees them: the
 * update would be meaningless, and the message says what to change.
 */
function assertFinite(epoch: number, engines: readonly GradientEngine[], evals: readonly Evaluation[]): void {
  const allFinite = (v: Float64Array) => {
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
    return true;
  };
  for (let k = 0; k < evals.length; k++) {
    const e = evals[k]!;
    let bad = Number.isFinite(e.loss) ? null : `the loss is ${e.loss}`;
    for (let l = 0; bad === null && l < e.grads.length; l++) {
      if (!allFinite(e.grads[l]!.W)) bad = `∂L/∂W${l + 1} is not finite`;
      else if (!allFinite(e.grads[l]!.b)) bad = `∂L/∂b${l + 1} is not finite`;
    }
    if (bad !== null) {
      throw new CrosscheckError(
        'DIVERGED',
        `training diverged at epoch ${epoch}: ${bad} (${engines[k]!.name}); try a smaller learning rate`,
      );
    }
  }
}

/** Agreement of the two gradients of every parameter tensor (W1, b1, W2, …), in order. */
function compareGrads(a: Grads, m: Grads | undefined): Agreement[] {
  return a.flatMap((layer, l) =>
    (['W', 'b'] as const).map((kind) => {
      const other = m?.[l]?.[kind];
      return other ? agreement(layer[kind], other) : { maxAbsDiff: Number.NaN, maxRelDiff: Number.NaN };
    }),
  );
}

/** Max |θ_a − θ_b| over every parameter of two copies. */
function drift(a: readonly LayerParams[], b: readonly LayerParams[]): number {
  return a.reduce(
    (d, p, l) => worse(d, worse(agreement(p.W, b[l]!.W).maxAbsDiff, agreement(p.b, b[l]!.b).maxAbsDiff)),
    0,
  );
}

/** The per-parameter table of a reported epoch. */
function comparisonsOf(
  params: readonly LayerParams[],
  engines: readonly GradientEngine[],
  evals: readonly Evaluation[],
  agreements: readonly Agreement[],
  fd: Grads | null,
): ParamComparison[] {
  const of = (name: GradientEngine['name'], l: number, kind: 'W' | 'b') => {
    const k = engines.findIndex((e) => e.name === name);
    return k < 0 ? null : Array.from(evals[k]!.grads[l]![kind]);
  };
  return params.flatMap((p, l) =>
    (['W', 'b'] as const).map((kind, j) => ({
      name: `${kind}${l + 1}`,
      shape: (kind === 'W' ? [p.inputs, p.outputs] : [1, p.outputs]) as [number, number],
      value: Array.from(p[kind]),
      autodiff: of('autodiff', l, kind),
      manual: of('manual', l, kind),
      finiteDifference: fd ? Array.from(fd[l]![kind]) : null,
      maxAbsDiff: agreements[2 * l + j]!.maxAbsDiff,
      maxRelDiff: agreements[2 * l + j]!.maxRelDiff,
    })),
  );
}

/**
 * The experiment as a synchronous generator of events: both engines evaluate the loss and every
 * gradient at their own copy of the parameters, the gradients are compared, and the same update
 * is applied to each copy. Statistics cover every epoch; an `epoch` event is yielded every
 * `config.every` epochs and for the last one, then one `result` event.
 */
export function* experimentEvents(
  overrides: Partial<ExperimentConfig> = {},
): Generator<ExperimentEvent, ResultEvent> {
  const config = resolveConfig(overrides);
  const data = datasetOf(config);
  const y = data.y.data;
  const start = initialParams(config);
  const engines: GradientEngine[] = [];
  if (config.method !== 'manual') engines.push(autodiffEngine(config, start, data.x, data.y));
  if (config.method !== 'autodiff') engines.push(manualEngine(config, start, data.x.data, y));
  const both = engines.length === 2;
  // The same update rule for both copies: one optimizer of the configured kind per engine.
  const optimizers = engines.map((e) => optimizerFor(config, e.holders));
  const lossAt = manualLoss(config, data.x.data, y);

  let maxAbsGradDiff = 0;
  let maxRelGradDiff = 0;
  let maxParamDrift = 0;
  let maxFiniteDifferenceError: number | null = null;
  let worstEpoch = 0;
  let last: Evaluation | undefined;

  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const params = paramsOf(engines[0]!.holders);
    const evals = engines.map((engine) => engine.evaluate());
    last = evals[0]!;
    assertFinite(epoch, engines, evals);
    // With one engine every agreement is NaN (nothing to compare) and the maxima stay unused.
    const agreements = compareGrads(evals[0]!.grads, evals[1]?.grads);
    const epochAbs = both ? agreements.reduce((d, a) => worse(d, a.maxAbsDiff), 0) : 0;
    const epochRel = both ? agreements.reduce((d, a) => worse(d, a.maxRelDiff), 0) : 0;
    if (!(epochAbs <= maxAbsGradDiff)) worstEpoch = epoch;
    maxAbsGradDiff = worse(maxAbsGradDiff, epochAbs);
    maxRelGradDiff = worse(maxRelGradDiff, epochRel);

    const fd =
      config.finiteDifferenceEvery > 0 && epoch % config.finiteDifferenceEvery === 0
        ? finiteDifferences(lossAt, params)
        : null;
    if (fd) {
      const err = compareGrads(evals[0]!.grads, fd).reduce((d, a) => worse(d, a.maxAbsDiff), 0);
      maxFiniteDifferenceError = worse(maxFiniteDifferenceError ?? 0, err);
    }
    const reported = epoch % config.every === 0 || epoch === config.epochs - 1;
    // Copied before the update: `params` are views of the values the optimizer replaces.
    const comparisons = reported ? comparisonsOf(params, engines, evals, agreements, fd) : [];

    for (const optimizer of optimizers) optimizer.step();
    const epochDrift = both ? drift(paramsOf(engines[0]!.holders), paramsOf(engines[1]!.holders)) : 0;
    maxParamDrift = worse(maxParamDrift, epochDrift);

    if (reported) {
      yield {
        type: 'epoch',
        epoch,
        loss: halfSSE(last.predictions, y),
        mse: meanSquaredError(last.predictions, y),
        objective: last.loss,
        maxAbsGradDiff: both ? epochAbs : null,
        maxRelGradDiff: both ? epochRel : null,
        paramDrift: both ? epochDrift : null,
        params: comparisons,
      } satisfies EpochEvent;
    }
  }

  const final = paramsOf(engines[0]!.holders);
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
    loss: halfSSE(last!.predictions, y),
    objective: last!.loss,
    maxAbsGradDiff: both ? maxAbsGradDiff : null,
    maxRelGradDiff: both ? maxRelGradDiff : null,
    maxParamDrift: both ? maxParamDrift : null,
    maxFiniteDifferenceError,
    converged: mse < config.convergedBelow,
    worstEpoch: both ? worstEpoch : null,
  };
  yield result;
  return result;
}

/** A row-major block as nested rows. */
export function rows(data: Float64Array, r: number, c: number): number[][] {
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
