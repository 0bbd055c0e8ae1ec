import { lossValue, type Matrix, meanSquaredError } from '@deltagrad/manual';
import { type Agreement, agreement, worse } from './compare';
import { resolveConfig, withOptions } from './config';
import { datasetOf, matricesOf } from './dataset';
import type { Evaluation, GradientEngine } from './engine';
import { CrosscheckError } from './errors';
import { finiteDifferences, lossAt } from './finite-differences';
import { initialParams } from './init';
import { methodsOf } from './method-names';
import { GRADIENT_METHODS } from './methods';
import { classifyOutcome, countWrong } from './outcome';
import {
  entryOf,
  type LayerGrads,
  type ParamKey,
  type ParamSet,
  paramKeys,
  paramName,
  toNamedRows,
} from './params';
import { TableSnapshot } from './table';
import type { EpochEvent, ExperimentConfig, ExperimentEvent, ParamComparison, ResultEvent } from './types';

/** Options of {@link experimentEvents}: what to report beyond the statistics. */
export interface EventOptions {
  /**
   * Put the per-parameter table (`params`: values, every method's gradient, finite differences)
   * on each epoch event. It copies every parameter and gradient into plain arrays, so it is off
   * by default; with it off, memory does not depend on how often epochs are reported. To get
   * the table of some epochs only, call the run's `table()` after those events instead.
   */
  table?: boolean;
  /** Called after each epoch's update with the epoch (a sweep worker's sign of life). */
  onEpoch?: (epoch: number) => void;
}

/** The larger of two agreements, NaN winning. */
const worst = (a: Agreement, b: Agreement): Agreement => ({
  maxAbsDiff: worse(a.maxAbsDiff, b.maxAbsDiff),
  maxRelDiff: worse(a.maxRelDiff, b.maxRelDiff),
});

/** Per key, the worst agreement of every other method's gradient with the reference's. */
function compareGrads(keys: readonly ParamKey[], evals: readonly Evaluation[]): Agreement[] {
  const [reference, ...others] = evals;
  return keys.map((key) =>
    others.map((other) => agreement(entryOf(reference!.grads, key), entryOf(other.grads, key))).reduce(worst),
  );
}

/** Max |θ_a − θ_b| over every parameter of two copies. */
function drift(keys: readonly ParamKey[], a: ParamSet, b: ParamSet): number {
  return keys.reduce((d, key) => worse(d, agreement(entryOf(a, key), entryOf(b, key)).maxAbsDiff), 0);
}

/** Max |g| over every gradient entry (NaN if any is NaN). */
function maxAbs(grads: readonly LayerGrads[]): number {
  let m = 0;
  for (const layer of grads) {
    for (const v of [layer.W, layer.b]) for (let i = 0; i < v.length; i++) m = worse(m, Math.abs(v[i]!));
  }
  return m;
}

/** What is not finite in an evaluation (its loss or a gradient, by name), or null. */
function nonFinite(keys: readonly ParamKey[], e: Evaluation): string | null {
  if (!Number.isFinite(e.loss)) return `the loss is ${e.loss}`;
  for (const key of keys) {
    const g = entryOf(e.grads, key);
    for (let i = 0; i < g.length; i++)
      if (!Number.isFinite(g[i]!)) return `∂L/∂${paramName(key)} is not finite`;
  }
  return null;
}

/** The outputs as an n×1 matrix, for @deltagrad/manual's loss functions. */
const column = (data: Float64Array): Matrix => ({ rows: data.length, cols: 1, data });

/**
 * A run in progress: the generator of its events, and what can be asked of it between two
 * events.
 */
export interface ExperimentRun extends Generator<ExperimentEvent, ResultEvent> {
  /**
   * The per-parameter table of the last epoch event (values, every method's gradient, finite
   * differences), as fresh plain arrays; null before the first epoch event. Each reported epoch
   * is recorded into arrays allocated once, so asking only now and then (a page drawing thirty
   * times a second) costs a copy per ask, not per epoch.
   */
  table(): ParamComparison[] | null;
}

/**
 * The experiment as a synchronous generator of events: every method of the record
 * ({@link GRADIENT_METHODS}) evaluates the loss and every gradient at its own copy of the
 * parameters, the gradients are compared with the reference method's (the first), and each
 * method applies the configured update to its copy. Statistics cover every epoch; an `epoch`
 * event is yielded every `config.every` epochs and for the last one, then one `result` event.
 * The returned run also answers `table()` between events.
 *
 * @throws {@link CrosscheckError} `INVALID_CONFIG` for a bad config (at the call); `DIVERGED`
 * (with the run's last record as `result`) when the loss or a gradient stops being finite,
 * before any update uses it.
 *
 * @example
 * ```ts
 * const run = experimentEvents({ every: 1 });
 * for (let i = 0; i < 100; i++) run.next();
 * run.table()?.[0]?.gradients.manual; // ∂L/∂W1 of epoch 99 by the δ equations
 * ```
 */
export function experimentEvents(
  overrides: Partial<ExperimentConfig> = {},
  opts: EventOptions = {},
): ExperimentRun {
  const config = resolveConfig(overrides);
  const snapshot = new TableSnapshot(config.layers, methodsOf(config));
  return Object.assign(events(config, snapshot, opts), { table: () => snapshot.rows() });
}

function* events(
  config: ExperimentConfig,
  snapshot: TableSnapshot,
  opts: EventOptions,
): Generator<ExperimentEvent, ResultEvent> {
  const data = datasetOf(config);
  const { Y } = matricesOf(data);
  const start = initialParams(config);
  const methods = methodsOf(config);
  const engines: GradientEngine[] = methods.map((m) => GRADIENT_METHODS[m].create({ config, start, data }));
  const reference = engines[0]!;
  const compared = engines.length > 1;
  const keys = paramKeys(config.layers.length - 1);
  const loss = lossAt(config, data);

  let maxAbsGradDiff = 0;
  let maxRelGradDiff = 0;
  let maxParamDrift = 0;
  let maxFiniteDifferenceError: number | null = null;
  let worstEpoch = 0;
  let last: Evaluation | undefined;

  // The record of the run so far, ending with `last` at `params` after `epochs` updates.
  const resultOf = (
    epochs: number,
    params: ParamSet,
    e: Evaluation,
    divergedAt: number | null,
  ): ResultEvent => {
    const yHat = column(e.predictions);
    const mse = meanSquaredError(yHat, Y);
    const wrongPoints = countWrong(e.predictions, Y.data);
    const finalMaxAbsGrad = maxAbs(e.grads);
    const stats = compared && epochs > 0;
    return {
      type: 'result',
      epochs,
      params: toNamedRows(params),
      predictions: Array.from(e.predictions),
      mse,
      loss: lossValue('halfSSE', yHat, Y),
      objective: e.loss,
      maxAbsGradDiff: stats ? maxAbsGradDiff : null,
      maxRelGradDiff: stats ? maxRelGradDiff : null,
      maxParamDrift: stats ? maxParamDrift : null,
      maxFiniteDifferenceError,
      converged: divergedAt === null && mse < config.convergedBelow,
      worstEpoch: stats ? worstEpoch : null,
      outcome:
        divergedAt === null
          ? classifyOutcome({ mse, objective: e.loss, wrongPoints, maxAbsGrad: finalMaxAbsGrad, ...config })
          : 'diverged',
      wrongPoints,
      finalMaxAbsGrad,
      divergedAt,
    };
  };

  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const params = reference.params();
    const evals = engines.map((engine) => engine.evaluate());
    // Once per step, before any update: a non-finite gradient would make the update meaningless.
    for (let k = 0; k < evals.length; k++) {
      const bad = nonFinite(keys, evals[k]!);
      if (bad !== null) {
        throw new CrosscheckError(
          'DIVERGED',
          `training diverged at epoch ${epoch}: ${bad} (${methods[k]}); try a smaller learning rate`,
          { result: resultOf(epoch, params, evals[0]!, epoch) },
        );
      }
    }
    last = evals[0]!;
    const agreements = compared ? compareGrads(keys, evals) : null;
    const epochAbs = agreements ? agreements.reduce((d, a) => worse(d, a.maxAbsDiff), 0) : 0;
    const epochRel = agreements ? agreements.reduce((d, a) => worse(d, a.maxRelDiff), 0) : 0;
    if (!(epochAbs <= maxAbsGradDiff)) worstEpoch = epoch;
    maxAbsGradDiff = worse(maxAbsGradDiff, epochAbs);
    maxRelGradDiff = worse(maxRelGradDiff, epochRel);

    const fd =
      config.finiteDifferenceEvery > 0 && epoch % config.finiteDifferenceEvery === 0
        ? finiteDifferences(loss, params)
        : null;
    let fdError: number | null = null;
    if (fd) {
      fdError = keys.reduce(
        (d, key) => worse(d, agreement(entryOf(last!.grads, key), entryOf(fd, key)).maxAbsDiff),
        0,
      );
      maxFiniteDifferenceError = worse(maxFiniteDifferenceError ?? 0, fdError);
    }
    const reported = epoch % config.every === 0 || epoch === config.epochs - 1;
    if (reported) snapshot.record(params, evals, agreements, fd);
    const table = reported && opts.table ? snapshot.rows() : null;

    for (const engine of engines) engine.step();
    const epochDrift = compared
      ? engines.slice(1).reduce((d, other) => worse(d, drift(keys, reference.params(), other.params())), 0)
      : 0;
    maxParamDrift = worse(maxParamDrift, epochDrift);
    opts.onEpoch?.(epoch);

    if (reported) {
      const yHat = column(last.predictions);
      yield {
        type: 'epoch',
        epoch,
        loss: lossValue('halfSSE', yHat, Y),
        mse: meanSquaredError(yHat, Y),
        objective: last.loss,
        maxAbsGradDiff: compared ? epochAbs : null,
        maxRelGradDiff: compared ? epochRel : null,
        paramDrift: compared ? epochDrift : null,
        finiteDifferenceError: fdError,
        params: table,
      } satisfies EpochEvent;
    }
  }

  const result = resultOf(config.epochs, reference.params(), last!, null);
  yield result;
  return result;
}

/** Runs the whole experiment synchronously and returns its result (no epoch events). */
export function runExperimentSync(overrides: Partial<ExperimentConfig> = {}): ResultEvent {
  const config = resolveConfig(overrides);
  const events = experimentEvents(withOptions(config, { every: config.epochs }));
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
  /** Put the per-parameter table on each epoch event (see {@link EventOptions.table}); default false. */
  table?: boolean;
}

/**
 * The experiment as an async iterator of events, usable in Node and in a Web Worker, and
 * cancellable through `signal`.
 *
 * @example
 * ```ts
 * for await (const event of runExperiment({ epochs: 10_000 })) {
 *   if (event.type === 'epoch') console.log(event.epoch, event.mse, event.maxAbsGradDiff);
 *   else console.log(event.outcome, 'agree to', event.maxAbsGradDiff);
 * }
 * ```
 */
export async function* runExperiment(
  overrides: Partial<ExperimentConfig> = {},
  opts: RunOptions = {},
): AsyncGenerator<ExperimentEvent, void> {
  const yieldEvery = opts.yieldEveryMs ?? 50;
  let lastYield = Date.now();
  for (const event of experimentEvents(overrides, { table: opts.table ?? false })) {
    if (opts.signal?.aborted) throw new CrosscheckError('CANCELLED', 'runExperiment: cancelled');
    yield event;
    if (yieldEvery > 0 && Date.now() - lastYield >= yieldEvery) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  }
}
