import { BatchPlan, batchOf } from './batches';
import { agreement, worse } from './compare';
import { resolveConfig, withOptions } from './config';
import { drawData } from './dataset';
import type { Batch, Evaluation, GradientEngine } from './engine';
import { CrosscheckError } from './errors';
import { Evaluator, type LossReport, lossReport } from './evaluator';
import { finiteDifferences, lossAt } from './finite-differences';
import { initialParams } from './init';
import { Lockstep } from './lockstep';
import { methodsOf } from './method-names';
import { GRADIENT_METHODS } from './methods';
import { classifyOutcome, countWrong } from './outcome';
import {
  cloneParamSet,
  entryOf,
  type LayerGrads,
  type ParamKey,
  type ParamSet,
  paramKeys,
  paramName,
  shapeOf,
  toNamedRows,
} from './params';
import { TableSnapshot } from './table';
import type {
  Disagreement,
  EpochEvent,
  ExperimentConfig,
  ExperimentEvent,
  ParamComparison,
  ParamView,
  ResultEvent,
} from './types';

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
  /**
   * Go on from a checkpoint of a run of the same config (or of one whose edits differ only from
   * `from.epoch` on) instead of from the initial weights: the events and the result are those of
   * the run from epoch 0, bit for bit, without training the epochs before `from.epoch` again.
   */
  from?: RunCheckpoint;
}

/** Each compared method's worst gradient and parameter differences, and the run's, so far. */
interface RunStats {
  maxAbsGradDiff: number;
  maxRelGradDiff: number;
  maxParamDrift: number;
  maxFiniteDifferenceError: number | null;
  worstEpoch: number;
  firstDisagreement: Disagreement | null;
  byMethod: MethodStats[];
}

/**
 * A run's whole state between two epochs, from {@link ExperimentRun.checkpoint}: every method's
 * parameters after `epoch` updates (before that epoch's edits) and the statistics so far. Plain
 * arrays and numbers (structured-cloneable).
 */
export interface RunCheckpoint {
  /** Updates applied so far: the run goes on with this epoch. */
  readonly epoch: number;
  /** Each method's parameters, in the run's order of methods (the reference first). */
  readonly params: readonly ParamSet[];
  readonly stats: Readonly<RunStats>;
}

/** Each compared method's worst gradient and parameter differences from the reference over a run. */
interface MethodStats {
  maxAbsGradDiff: number;
  maxRelGradDiff: number;
  maxParamDrift: number;
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

/** The keys in the order backpropagation computes their gradients: the output layer's first. */
function backwardOrder(keys: readonly ParamKey[]): ParamKey[] {
  return [...keys].sort((a, b) => b.layer - a.layer || (a.kind === b.kind ? 0 : a.kind === 'W' ? -1 : 1));
}

/**
 * A run in progress: the generator of its events, and what can be asked of it or done to it
 * between two events.
 */
export interface ExperimentRun extends Generator<ExperimentEvent, ResultEvent> {
  /**
   * The per-parameter table of the last epoch event (values, every method's gradient, finite
   * differences), as fresh plain arrays; null before the first epoch event. Each reported epoch
   * is recorded into arrays allocated once, so asking only now and then (a page drawing thirty
   * times a second) costs a copy per ask, not per epoch.
   */
  table(): ParamComparison[] | null;
  /**
   * The per-parameter table of the last epoch event as live views: the run's own arrays and the
   * same row objects on every call, rewritten at each reported epoch (null before the first).
   * For a reader that looks at every epoch (a worker keeping a history of snapshots): it copies
   * what it keeps, and looking allocates nothing, where `table()` copies every number into fresh
   * arrays each time.
   *
   * @example
   * ```ts
   * const run = experimentEvents({ every: 1 });
   * const kept = new Float64Array(1000 * 2);
   * for (let epoch = 0; epoch < 1000; epoch++) {
   *   run.next();
   *   kept.set(run.tableView()![0]!.gradients.manual!.subarray(0, 2), epoch * 2); // ∂L/∂W1, first row
   * }
   * ```
   */
  tableView(): readonly ParamView[] | null;
  /**
   * Sets entry `index` (row-major: W is in×out, b is 1×out) of parameter `key` to `value` in
   * every method's copy, before the next epoch (or the first, if none ran yet). Every method
   * goes on from the edited weights, so the comparison keeps running on them; each optimizer
   * keeps its state (momentum, Adam's moments).
   *
   * @throws {@link CrosscheckError} `INVALID_OPTION` for a key, index or value that does not
   * fit (nothing is changed then).
   *
   * @example
   * ```ts
   * const run = experimentEvents({ every: 1 });
   * run.next();
   * run.setParameter({ layer: 2, kind: 'W' }, 0, 1.5); // W2[0][0] = 1.5 in both copies
   * run.next(); // epoch 1, from the edited weights
   * ```
   */
  setParameter(key: ParamKey, index: number, value: number): void;
  /** The current parameters (the reference method's copy) by name, as fresh nested rows. */
  params(): Record<string, number[][]>;
  /**
   * The run's state now, between two events, to go on from later with `experimentEvents(config,
   * { from })`; written into `into`'s arrays when given (a caller keeping one per epoch then
   * allocates nothing). Null when the run holds state beyond its parameters that is not captured:
   * an optimizer with state (momentum, Adam, RMSprop) or mini-batches (their shuffling stream);
   * also when no epoch is left to run.
   */
  checkpoint(into?: RunCheckpoint): RunCheckpoint | null;
}

/** What a run is made of, built when it is created (so it can be edited before its first epoch). */
interface RunParts {
  config: ExperimentConfig;
  methods: ReturnType<typeof methodsOf>;
  engines: GradientEngine[];
  keys: ParamKey[];
  train: Batch;
  plan: BatchPlan;
  /** The training set's evaluator, for reports when the updates are mini-batches; else null. */
  trainEvaluator: Evaluator | null;
  testEvaluator: Evaluator | null;
}

function partsOf(config: ExperimentConfig): RunParts {
  const { train, test, shuffler } = drawData(config);
  const trainBatch = batchOf(config, train);
  const plan = new BatchPlan(trainBatch, config.batchSize, shuffler);
  const start = initialParams(config);
  const methods = methodsOf(config);
  return {
    config,
    methods,
    engines: methods.map((m) => GRADIENT_METHODS[m].create({ config, start })),
    keys: paramKeys(config.layers.length - 1),
    train: trainBatch,
    plan,
    trainEvaluator: plan.full ? null : new Evaluator(config, trainBatch),
    testEvaluator: test ? new Evaluator(config, batchOf(config, test)) : null,
  };
}

/** Checks an edit of `parts`' parameters, then applies it to every engine. */
function setParameter(parts: RunParts, key: ParamKey, index: number, value: number): void {
  const bad = (what: string): never => {
    throw new CrosscheckError('INVALID_OPTION', `setParameter: ${what}`);
  };
  const layers = parts.keys.length / 2;
  if (
    !key ||
    !Number.isInteger(key.layer) ||
    key.layer < 1 ||
    key.layer > layers ||
    !['W', 'b'].includes(key.kind)
  )
    bad(`key must be { layer: 1…${layers}, kind: 'W' | 'b' }; got ${JSON.stringify(key)}`);
  const [rows, cols] = shapeOf(parts.engines[0]!.params(), key);
  if (!Number.isInteger(index) || index < 0 || index >= rows * cols)
    bad(
      `index must be an integer in [0, ${rows * cols - 1}] (${paramName(key)} is ${rows}×${cols}); got ${index}`,
    );
  if (typeof value !== 'number' || !Number.isFinite(value))
    bad(`value must be a finite number; got ${value}`);
  for (const engine of parts.engines) engine.setParameter(key, index, value);
}

/**
 * The experiment as a synchronous generator of events: every method of the record
 * ({@link GRADIENT_METHODS}) evaluates the objective and every gradient at its own copy of the
 * parameters, the gradients are compared with the reference method's (the first), and each
 * method applies the configured update to its copy. An epoch is one pass over the training
 * set: one update on all of it (`batchSize` 0, the seed's loop), or one per mini-batch of its
 * reshuffled rows. Statistics cover every update; an `epoch` event is yielded every
 * `config.every` epochs and for the last one, then one `result` event. Losses are reported at
 * the parameters an epoch starts from, on the whole training set and, for a generated set, on
 * the held-out test set. The returned run also answers `table()` and takes `setParameter()`
 * between events.
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
  const parts = partsOf(config);
  const state: RunState = {
    done: 0,
    stats: {
      maxAbsGradDiff: 0,
      maxRelGradDiff: 0,
      maxParamDrift: 0,
      maxFiniteDifferenceError: null,
      worstEpoch: 0,
      firstDisagreement: null,
      byMethod: parts.methods
        .slice(1)
        .map(() => ({ maxAbsGradDiff: 0, maxRelGradDiff: 0, maxParamDrift: 0 })),
    },
  };
  if (opts.from) restore(parts, state, opts.from);
  return Object.assign(events(parts, snapshot, opts, state), {
    table: () => snapshot.rows(),
    tableView: () => snapshot.view(),
    setParameter: (key: ParamKey, index: number, value: number) => setParameter(parts, key, index, value),
    params: () => toNamedRows(parts.engines[0]!.params()),
    checkpoint: (into?: RunCheckpoint) => checkpoint(parts, state, into),
  });
}

/** Where a run is: epochs done (its next epoch) and the statistics so far. */
interface RunState {
  done: number;
  stats: RunStats;
}

/** Whether a run's whole state is its parameters (and statistics): plain SGD on full batches. */
const capturable = (parts: RunParts): boolean => parts.config.optimizer === 'sgd' && parts.plan.full;

function checkpoint(parts: RunParts, state: RunState, into?: RunCheckpoint): RunCheckpoint | null {
  if (!capturable(parts) || state.done >= parts.config.epochs) return null;
  const params = parts.engines.map((engine, k) => {
    const now = engine.params();
    const kept = into?.params[k];
    if (!kept || kept.length !== now.length) return cloneParamSet(now);
    now.forEach((p, l) => {
      kept[l]!.W.set(p.W);
      kept[l]!.b.set(p.b);
    });
    return kept;
  });
  return { epoch: state.done, params, stats: copyStats(state.stats) };
}

/** Puts `from`'s parameters into every engine and its statistics into `state` (checked first). */
function restore(parts: RunParts, state: RunState, from: RunCheckpoint): void {
  const bad = (what: string): never => {
    throw new CrosscheckError('INVALID_OPTION', `experimentEvents: from: ${what}`);
  };
  if (!capturable(parts))
    bad(
      'a run goes on from a checkpoint only with plain SGD on full batches (its whole state is its parameters)',
    );
  if (!Number.isInteger(from.epoch) || from.epoch < 0 || from.epoch >= parts.config.epochs)
    bad(`epoch must be an integer in [0, ${parts.config.epochs - 1}]; got ${from.epoch}`);
  if (from.params.length !== parts.engines.length || from.stats.byMethod.length !== parts.engines.length - 1)
    bad(
      `the checkpoint holds ${from.params.length} methods' parameters; this run has ${parts.engines.length}`,
    );
  parts.engines.forEach((engine, k) => {
    const now = engine.params();
    const saved = from.params[k]!;
    for (const key of parts.keys) {
      const [rows, cols] = shapeOf(now, key);
      if (saved.length !== now.length || entryOf(saved, key).length !== rows * cols)
        bad(`${paramName(key)} of method ${parts.methods[k]} does not have this run's shape ${rows}×${cols}`);
    }
  });
  parts.engines.forEach((engine, k) => {
    for (const key of parts.keys) {
      const values = entryOf(from.params[k]!, key);
      for (let i = 0; i < values.length; i++) engine.setParameter(key, i, values[i]!);
    }
  });
  state.done = from.epoch;
  state.stats = copyStats(from.stats);
}

/** A copy of a run's statistics (a checkpoint never shares them with a run). */
function copyStats(s: Readonly<RunStats>): RunStats {
  return {
    ...s,
    firstDisagreement: s.firstDisagreement && {
      epoch: s.firstDisagreement.epoch,
      params: [...s.firstDisagreement.params],
    },
    byMethod: s.byMethod.map((m) => ({ ...m })),
  };
}

function* events(
  parts: RunParts,
  snapshot: TableSnapshot,
  opts: EventOptions,
  state: RunState,
): Generator<ExperimentEvent, ResultEvent> {
  const loop = new EpochLoop(parts, snapshot, opts, state);
  while (state.done < parts.config.epochs) yield loop.untilReport();
  const result = loop.result();
  yield result;
  return result;
}

/**
 * The epochs of a run, as plain methods rather than in the generator's body: the epochs between
 * two reports run in one loop of {@link EpochLoop.untilReport} (which V8 can optimize while it
 * runs), each update through the {@link Lockstep}, and what only a reported, checked, edited or
 * failing epoch needs is out of the way in methods of its own.
 */
class EpochLoop {
  readonly #parts: RunParts;
  readonly #snapshot: TableSnapshot;
  readonly #opts: EventOptions;
  readonly #state: RunState;
  readonly #lockstep: Lockstep;
  readonly #compared: boolean;
  /** Each key's index in the table order, output layer first. */
  readonly #inBackwardOrder: number[];
  /** With full batches the one batch never changes: its finite-difference objective is built once. */
  readonly #fullLoss: ((params: ParamSet) => number) | null;
  /** The config's weight edits, in the order they apply (by epoch): the next one to apply. */
  #nextEdit = 0;
  /** The whole training set at the start of the last epoch reported, and the test set there. */
  #last: Evaluation | undefined;
  #lastTest: LossReport | null = null;
  /** The test set's report at the start of the epoch being run, when it is reported. */
  #epochTest: LossReport | null = null;

  // What the epoch being run found (read by its event).
  #epochAbs = 0;
  #epochRel = 0;
  #epochDrift = 0;
  #fdError: number | null = null;
  #table: ParamComparison[] | null = null;
  #parted: string[] = NONE;

  constructor(parts: RunParts, snapshot: TableSnapshot, opts: EventOptions, state: RunState) {
    this.#parts = parts;
    this.#snapshot = snapshot;
    this.#opts = opts;
    this.#state = state;
    const { config, engines, keys, plan, train } = parts;
    this.#lockstep = new Lockstep(engines, keys.length);
    this.#compared = engines.length > 1;
    this.#inBackwardOrder = backwardOrder(keys).map((key) => keys.indexOf(key));
    this.#fullLoss = plan.full ? lossAt(config, train) : null;
    const edits = config.edits;
    while (this.#nextEdit < edits.length && edits[this.#nextEdit]!.epoch < state.done) this.#nextEdit++;
  }

  /** Runs epochs up to the next reported one (the config's `every`, and the last) and returns its event. */
  untilReport(): EpochEvent {
    const { config } = this.#parts;
    const onEpoch = this.#opts.onEpoch;
    for (;;) {
      const epoch = this.#state.done;
      const reported = epoch % config.every === 0 || epoch === config.epochs - 1;
      const whole = this.#epoch(epoch, reported);
      this.#state.done = epoch + 1;
      onEpoch?.(epoch);
      if (reported) return this.#event(epoch, whole);
    }
  }

  /**
   * One epoch: its edits, then each update of the plan with its comparisons, folded into the
   * run's statistics. Returns the whole training set's evaluation at the epoch's start when it is
   * reported, else null.
   */
  #epoch(epoch: number, reported: boolean): Evaluation | null {
    const { config, plan } = this.#parts;
    if (this.#nextEdit < config.edits.length && config.edits[this.#nextEdit]!.epoch === epoch)
      this.#applyEdits(epoch);
    plan.startEpoch();
    const checked = config.finiteDifferenceEvery > 0 && epoch % config.finiteDifferenceEvery === 0;
    // The parameters the epoch starts from, read only when a report or a check needs them.
    const params = reported || checked ? this.#parts.engines[0]!.params() : null;
    // With full batches the training set's report is the first (only) update's own evaluation.
    this.#epochTest = null;
    let whole = reported ? this.#reportsAt(params!, epoch) : null;
    const lockstep = this.#lockstep;
    lockstep.startEpoch();
    this.#fdError = null;
    this.#table = null;
    for (let step = 0; step < plan.steps; step++) {
      const batch = plan.batch(step);
      // Once per update, before it: a non-finite gradient would make the update meaningless.
      if (!lockstep.evaluate(batch)) this.#throwIfDiverged(epoch);
      if (step === 0) {
        whole ??= lockstep.evals[0]!;
        if (reported || checked) this.#record(batch, params!, reported, checked);
      }
      lockstep.step();
    }
    this.#endEpoch(epoch);
    if (!reported) return null;
    this.#last = whole!;
    this.#lastTest = this.#epochTest;
    return whole!;
  }

  /**
   * The reports of the whole sets at a reported epoch's start: the test set's (kept for the
   * event) and, with mini-batches, the training set's (returned; else null).
   */
  #reportsAt(params: ParamSet, epoch: number): Evaluation | null {
    const { config, trainEvaluator, testEvaluator } = this.#parts;
    this.#epochTest = testEvaluator
      ? lossReport(testEvaluator.evaluate(params, false), testEvaluator.data)
      : null;
    return trainEvaluator ? trainEvaluator.evaluate(params, epoch === config.epochs - 1) : null;
  }

  /** Folds the epoch's maxima into the run's statistics (each method's, then the run's). */
  #endEpoch(epoch: number): void {
    const lockstep = this.#lockstep;
    const stats = this.#state.stats;
    let epochAbs = 0;
    let epochRel = 0;
    let epochDrift = 0;
    this.#foldMethods();
    for (let k = 0; k < lockstep.epochAbs.length; k++) {
      epochAbs = worse(epochAbs, lockstep.epochAbs[k]!);
      epochRel = worse(epochRel, lockstep.epochRel[k]!);
      epochDrift = worse(epochDrift, lockstep.epochDrift[k]!);
    }
    if (!(epochAbs <= stats.maxAbsGradDiff)) stats.worstEpoch = epoch;
    stats.maxAbsGradDiff = worse(stats.maxAbsGradDiff, epochAbs);
    stats.maxRelGradDiff = worse(stats.maxRelGradDiff, epochRel);
    stats.maxParamDrift = worse(stats.maxParamDrift, epochDrift);
    this.#epochAbs = epochAbs;
    this.#epochRel = epochRel;
    this.#epochDrift = epochDrift;
    this.#parted = lockstep.anyParted ? this.#partedNames(epoch) : NONE;
  }

  /** Each compared method's maxima of the epoch so far into its statistics over the run. */
  #foldMethods(): void {
    const lockstep = this.#lockstep;
    const byMethod = this.#state.stats.byMethod;
    for (let k = 0; k < lockstep.epochAbs.length; k++) {
      const m = byMethod[k]!;
      m.maxAbsGradDiff = worse(m.maxAbsGradDiff, lockstep.epochAbs[k]!);
      m.maxRelGradDiff = worse(m.maxRelGradDiff, lockstep.epochRel[k]!);
      m.maxParamDrift = worse(m.maxParamDrift, lockstep.epochDrift[k]!);
    }
  }

  /** Applies the edits of `epoch`, through the one path a live edit takes too: a link with edits replays exactly. */
  #applyEdits(epoch: number): void {
    const { config, engines } = this.#parts;
    for (
      ;
      this.#nextEdit < config.edits.length && config.edits[this.#nextEdit]!.epoch === epoch;
      this.#nextEdit++
    ) {
      const edit = config.edits[this.#nextEdit]!;
      const cols = shapeOf(engines[0]!.params(), edit)[1];
      setParameter(this.#parts, edit, edit.row * cols + edit.col, edit.value);
    }
  }

  /**
   * What an epoch's first update adds when the epoch is checked (finite differences at its
   * parameters) or reported (the table).
   */
  #record(batch: Batch, params: ParamSet, reported: boolean, checked: boolean): void {
    const { config, keys } = this.#parts;
    const lockstep = this.#lockstep;
    const evals = lockstep.evals;
    const fd = checked ? finiteDifferences(this.#fullLoss ?? lossAt(config, batch), params) : null;
    if (fd) {
      const fdError = keys.reduce(
        (d, key) => worse(d, agreement(entryOf(evals[0]!.grads, key), entryOf(fd, key)).maxAbsDiff),
        0,
      );
      this.#fdError = fdError;
      const stats = this.#state.stats;
      stats.maxFiniteDifferenceError = worse(stats.maxFiniteDifferenceError ?? 0, fdError);
    }
    if (reported) this.#snapshot.record(params, evals, this.#compared ? lockstep.perKey : null, fd);
    this.#table = reported && this.#opts.table ? this.#snapshot.rows() : null;
  }

  /** The names of the keys that parted this epoch (output layer first), noted as the first disagreement if it is. */
  #partedNames(epoch: number): string[] {
    const { keys } = this.#parts;
    const parting = this.#lockstep.parting;
    const parted = this.#inBackwardOrder.filter((i) => parting[i] === 1).map((i) => paramName(keys[i]!));
    const stats = this.#state.stats;
    if (stats.firstDisagreement === null) stats.firstDisagreement = { epoch, params: parted };
    return parted;
  }

  /**
   * Throws `DIVERGED` naming the first engine (in the run's order) whose loss or gradient is not
   * finite. The epoch's earlier updates count in each method's statistics, as every update does.
   */
  #throwIfDiverged(epoch: number): void {
    const { engines, keys, methods, trainEvaluator } = this.#parts;
    const evals = this.#lockstep.evals;
    for (let k = 0; k < evals.length; k++) {
      const bad = nonFinite(keys, evals[k]!);
      if (bad !== null) {
        this.#foldMethods();
        const at = engines[0]!.params();
        const e = trainEvaluator ? trainEvaluator.evaluate(at, true) : evals[0]!;
        throw new CrosscheckError(
          'DIVERGED',
          `training diverged at epoch ${epoch}: ${bad} (${methods[k]}); try a smaller learning rate`,
          { result: this.#resultOf(epoch, at, e, this.#epochTest, epoch) },
        );
      }
    }
  }

  /** The event of a reported epoch, from what {@link EpochLoop.#epoch} found. */
  #event(epoch: number, whole: Evaluation | null): EpochEvent {
    const { methods, train } = this.#parts;
    const compared = this.#compared;
    const report = lossReport(whole!, train);
    const parted = this.#parted;
    return {
      type: 'epoch',
      epoch,
      loss: report.loss,
      mse: report.mse,
      objective: report.objective,
      maxAbsGradDiff: compared ? this.#epochAbs : null,
      maxRelGradDiff: compared ? this.#epochRel : null,
      maxAbsGradDiffByMethod: compared
        ? Object.fromEntries(methods.slice(1).map((m, k) => [m, this.#lockstep.epochAbs[k]!]))
        : null,
      paramDrift: compared ? this.#epochDrift : null,
      finiteDifferenceError: this.#fdError,
      params: this.#table,
      test: this.#lastTest,
      disagreeing: parted === NONE ? [] : parted,
    } satisfies EpochEvent;
  }

  /** The run's result event, after its last epoch. */
  result(): ResultEvent {
    const { config, engines } = this.#parts;
    return this.#resultOf(config.epochs, engines[0]!.params(), this.#last!, this.#lastTest, null);
  }

  /** The record of the run so far: `e` is the training set at `params`, after `epochs` updates. */
  #resultOf(
    epochs: number,
    params: ParamSet,
    e: Evaluation,
    test: LossReport | null,
    divergedAt: number | null,
  ): ResultEvent {
    const { config, methods, train } = this.#parts;
    const stats = this.#state.stats;
    const { loss, mse, objective } = lossReport(e, train);
    const wrongPoints = countWrong(e.predictions, train.Y.data);
    const finalMaxAbsGrad = maxAbs(e.grads);
    const withStats = this.#compared && epochs > 0;
    return {
      type: 'result',
      epochs,
      params: toNamedRows(params),
      predictions: Array.from(e.predictions),
      mse,
      loss,
      objective,
      maxAbsGradDiff: withStats ? stats.maxAbsGradDiff : null,
      maxRelGradDiff: withStats ? stats.maxRelGradDiff : null,
      maxParamDrift: withStats ? stats.maxParamDrift : null,
      byMethod: withStats
        ? Object.fromEntries(stats.byMethod.map((m, k) => [methods[k + 1]!, { ...m }]))
        : null,
      maxFiniteDifferenceError: stats.maxFiniteDifferenceError,
      converged: divergedAt === null && mse < config.convergedBelow,
      worstEpoch: withStats ? stats.worstEpoch : null,
      outcome:
        divergedAt === null
          ? classifyOutcome({ mse, objective, wrongPoints, maxAbsGrad: finalMaxAbsGrad, ...config })
          : 'diverged',
      wrongPoints,
      finalMaxAbsGrad,
      divergedAt,
      test,
      firstDisagreement: stats.firstDisagreement,
    };
  }
}

/** The parted names of an epoch where none parted (shared: nothing is allocated then). */
const NONE: string[] = [];

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
