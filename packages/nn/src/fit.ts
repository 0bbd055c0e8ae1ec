import {
  arange,
  type CompiledFn,
  compile,
  DeltagradError,
  equal,
  gradients,
  noGrad,
  type Tensor,
  where,
} from '@deltagrad/core';
import { clipGradNorm, clipGradValue } from './clip';
import { type BatchLoader, batches } from './data/batches';
import { checkDataset, type Dataset } from './data/dataset';
import { fmtShape, fmtValue, NnError } from './errors';
import {
  Identity,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from './layers/activations';
import { Linear } from './layers/linear';
import { Sequential } from './layers/sequential';
import {
  bce,
  bceWithLogits,
  checkClassIndices,
  crossEntropy,
  halfSSE,
  LOSSES,
  type LossFn,
  type LossName,
  mse,
  resolveLoss,
} from './losses';
import { functionalCall, Module } from './module';
import type { Optimizer } from './optim/optimizer';
import type { Parameter } from './parameter';
import type { LRScheduler } from './schedules';
import {
  boolean,
  checkOptionKeys,
  finite,
  given,
  integer,
  nonNegative,
  oneOf,
  positive,
  seedOption,
} from './validate';

/** What `onEpoch` is told after each epoch. */
export interface EpochInfo {
  /** The epoch just finished, from 0. */
  epoch: number;
  /** The number of epochs `fit` was asked for. */
  epochs: number;
  /**
   * The training loss of the epoch: with one batch, the loss before this epoch's update (as
   * the seed prints it); with mini-batches, Σ (batch rows / rows) · batch loss.
   */
  loss: number;
  /** The loss on `validation` after the epoch's updates, if given. */
  valLoss?: number;
  /** The learning rate used in this epoch (at its start). */
  lr: number;
}

/** What `onBatch` is told after each optimizer step. */
export interface BatchInfo {
  /** The epoch, from 0. */
  epoch: number;
  /** The number of epochs `fit` was asked for. */
  epochs: number;
  /** The batch just trained on, from 0. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** The batch's loss (before its update). */
  loss: number;
  /** The learning rate of this batch's update. */
  lr: number;
}

/**
 * Hooks into a {@link fit} run (Keras's callbacks): `onTrainBegin` before the first batch,
 * `onBatch` after every optimizer step, `onEpoch` after every epoch, `onTrainEnd` when
 * training ends, also when it ends with an error. `onBatch` and `onEpoch` may return `'stop'`
 * to end training (any other value is ignored). {@link progressBar} is one.
 */
export interface FitCallbacks {
  onTrainBegin?(info: { epochs: number; batches: number; rows: number }): void;
  onBatch?(info: BatchInfo): unknown;
  onEpoch?(info: EpochInfo): unknown;
  onTrainEnd?(history: FitHistory): void;
}

/** Early stopping: stop when the monitored loss has not improved by `minDelta` for `patience` epochs. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping (an integer >= 1). */
  patience: number;
  /** The least decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** `'loss'` (training, default) or `'valLoss'` (needs `validation`). */
  monitor?: 'loss' | 'valLoss';
  /** Put back the parameters of the best epoch when stopping or finishing (default false). */
  restoreBest?: boolean;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** The loss: a built-in name or a function of (prediction, target) returning a scalar. */
  loss: LossName | LossFn;
  /** The optimizer over the model's parameters. */
  optimizer: Optimizer;
  /** The most epochs to run (an integer >= 1). */
  epochs: number;
  /** Rows per batch (default: all rows, one full batch per epoch, as the seed). */
  batchSize?: number;
  /** Reshuffle rows every epoch with a generator seeded by `seed` (default false). */
  shuffle?: boolean;
  /** Seed for shuffling (default 0): same seed, same run. */
  seed?: number;
  /**
   * A learning-rate schedule over the same optimizer, stepped after each epoch (with the
   * monitored loss: `valLoss` if there is validation, else `loss`) or, for a schedule whose
   * `interval` is `'batch'`, after each optimizer step.
   */
  schedule?: LRScheduler;
  /** Data to compute `valLoss` on after each epoch (in evaluation mode, no gradients). */
  validation?: Dataset;
  /** Stop when the monitored loss stops improving. */
  earlyStopping?: EarlyStoppingOptions;
  /** Stop once an epoch's training loss is below this value. */
  targetLoss?: number;
  /** Clip the gradients' total L2 norm to this before each step ({@link clipGradNorm}). */
  clipGradNorm?: number;
  /** Clamp every gradient value into ±this before each step ({@link clipGradValue}). */
  clipGradValue?: number;
  /** Called after each epoch; returning `'stop'` ends training (any other value is ignored). */
  onEpoch?: (info: EpochInfo) => unknown;
  /** Called after each optimizer step; returning `'stop'` ends training after this batch. */
  onBatch?: (info: BatchInfo) => unknown;
  /** More hooks, called in order after `onBatch`/`onEpoch` (e.g. `progressBar(…)`). */
  callbacks?: readonly FitCallbacks[];
}

/** Why {@link fit} ended. */
export type StopReason = 'epochs' | 'earlyStopping' | 'targetLoss' | 'callback';

/** What {@link fit} returns. */
export interface FitHistory {
  /** Training loss per epoch (see {@link EpochInfo.loss}). */
  loss: number[];
  /** Validation loss per epoch (empty without `validation`). */
  valLoss: number[];
  /** Learning rate per epoch. */
  lr: number[];
  /** The number of epochs run. */
  epochs: number;
  /** Why training ended. */
  stopReason: StopReason;
  /** The epoch with the lowest monitored loss (training loss unless early stopping monitors valLoss). */
  bestEpoch: number;
  /** That lowest loss. */
  bestLoss: number;
}

const FIT_KEYS = [
  'loss',
  'optimizer',
  'epochs',
  'batchSize',
  'shuffle',
  'seed',
  'schedule',
  'validation',
  'earlyStopping',
  'targetLoss',
  'clipGradNorm',
  'clipGradValue',
  'onEpoch',
  'onBatch',
  'callbacks',
] as const;

/** fit's options, checked, with their defaults. */
interface Plan {
  lossFn: LossFn;
  optimizer: Optimizer;
  epochs: number;
  loader: BatchLoader;
  schedule: LRScheduler | undefined;
  validation: Dataset | undefined;
  targetLoss: number | undefined;
  clipNorm: number | undefined;
  clipValue: number | undefined;
  early: { patience: number; minDelta: number; monitor: 'loss' | 'valLoss'; restoreBest: boolean };
  callbacks: FitCallbacks[];
}

/** Layers whose forward is core ops on their input and parameters only: a compiled step replays them. */
const TRACEABLE = new Set<unknown>([
  Linear,
  Sequential,
  Identity,
  Sigmoid,
  Tanh,
  ReLU,
  LeakyReLU,
  Softplus,
  Softmax,
  LogSoftmax,
]);

/** nn's own loss functions, by name or passed as functions (`loss: halfSSE`). */
const BUILT_IN_LOSSES = new Set<unknown>([
  ...Object.values(LOSSES),
  halfSSE,
  mse,
  bce,
  bceWithLogits,
  crossEntropy,
]);

/**
 * nn's losses that read their inputs' values while they build the graph: bce checks that
 * predictions are probabilities. A replayed trace would skip the check, so bce trains eagerly.
 * (crossEntropy turns class indices into one-hot rows from their values too; the compiled step
 * builds those rows with ops instead, and checks the labels itself: {@link labelRows}.)
 */
const READS_VALUES = new Set<unknown>([bce, LOSSES.bce]);

/** crossEntropy at its defaults, by name or as the function. */
const CROSS_ENTROPY = new Set<unknown>([crossEntropy, LOSSES.crossEntropy]);

/**
 * True when the model is built from these layers only: a module of the caller's, or one that
 * draws (Dropout) or keeps statistics (BatchNorm1d), may not replay, so it trains eagerly.
 */
function traceable(model: Module): boolean {
  const stack = [model];
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (!TRACEABLE.has(m.constructor)) return false;
    for (const [, child] of m.namedChildren()) stack.push(child);
  }
  return true;
}

type GradStep = CompiledFn<Tensor[], readonly [Tensor, Tensor[]]>;

/** A batch's compiled step, and what must be checked on each batch that the replay skips. */
interface CompiledStep {
  step: GradStep | null;
  /** crossEntropy's class count once its labels went in as one-hot rows (0 until then). */
  classes: number;
}

/**
 * crossEntropy's class indices ([batch] or [batch, 1]) as one-hot rows built with ops —
 * label == 0, 1, …, c − 1 — so that a replay takes each batch's own labels; the values are
 * those crossEntropy's own one-hot rows hold, so the loss has the same bits. Other targets
 * (probability rows, shapes crossEntropy refuses) pass through to crossEntropy unchanged.
 */
function labelRows(logits: Tensor, y: Tensor, compiled: CompiledStep): Tensor {
  if (logits.rank !== 2) return y;
  const [n, c] = logits.shape as [number, number];
  const ts = y.shape;
  const indices = (ts.length === 1 && ts[0] === n) || (ts.length === 2 && ts[0] === n && ts[1] === 1);
  if (!indices || c < 2) return y;
  compiled.classes = c;
  return where(equal(y.reshape([n, 1]), arange(c).reshape([1, c])), 1, 0);
}

/**
 * The loss and every parameter's gradient of one batch as a compiled step (@deltagrad/core's
 * `compile`: traced once per batch shape, then replayed into preallocated buffers, with the
 * eager engine's bits), or null where fit must run eagerly: a model with a module of its own,
 * or a loss function of the caller's (either might compute outside core's ops), or a loss
 * that reads its inputs' values (READS_VALUES).
 */
function compiledStep(model: Module, lossFn: LossFn, loss: unknown): CompiledStep {
  const compiled: CompiledStep = { step: null, classes: 0 };
  const builtIn = typeof loss === 'string' || BUILT_IN_LOSSES.has(lossFn);
  if (!builtIn || READS_VALUES.has(lossFn) || !traceable(model)) return compiled;
  const named = model.namedParameters();
  const labels = CROSS_ENTROPY.has(lossFn);
  compiled.step = compile((x: Tensor, y: Tensor, ...values: Tensor[]) => {
    const leaves = values.map((v) => v.detach().requireGrad());
    const params = Object.fromEntries(named.map(([name], i) => [name, leaves[i]!]));
    const out = functionalCall(model, params, x);
    const value = scalarLoss('fit', lossFn(out, labels ? labelRows(out, y, compiled) : y));
    return [value, gradients(value, leaves)] as const;
  }) as unknown as GradStep;
  return compiled;
}

function scalarLoss(where: string, value: unknown): Tensor {
  const t = value as Tensor;
  if (typeof t !== 'object' || t === null || typeof t.item !== 'function') {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: the loss function must return a Tensor, got ${fmtValue(value)}`,
    );
  }
  if (t.size !== 1) {
    throw new NnError(
      'SHAPE_MISMATCH',
      `${where}: the loss returned shape ${fmtShape(t.shape)}, not a scalar (use reduction 'mean' or 'sum')`,
    );
  }
  return t;
}

function optionalFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new NnError('INVALID_OPTION', `fit: option ${name} must be a function, got ${fmtValue(value)}`);
  }
}

/** Checks every option of {@link fit} before anything runs. */
function plan(model: Module, data: Dataset, opts: FitOptions): Plan {
  if (!(model instanceof Module)) {
    throw new NnError('INVALID_OPTION', `fit: model must be a Module, got ${fmtValue(model)}`);
  }
  checkDataset('fit', data);
  if (opts === undefined)
    throw new NnError('INVALID_OPTION', 'fit: options { loss, optimizer, epochs } are required');
  checkOptionKeys('fit', opts, FIT_KEYS);
  const lossFn = resolveLoss('fit', opts.loss);
  const optimizer = opts.optimizer;
  if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.step !== 'function') {
    throw new NnError(
      'INVALID_OPTION',
      `fit: option optimizer must be an Optimizer, got ${fmtValue(optimizer)}`,
    );
  }
  const own = new Set(model.parameters());
  if (!optimizer.params.some((p) => own.has(p))) {
    throw new NnError('INVALID_OPTION', "fit: the optimizer updates none of the model's parameters");
  }
  const epochs = integer('fit', 'epochs', opts.epochs, 1);
  const n = data.x.shape[0]!;
  const loader = batches(data, {
    batchSize: integer('fit', 'batchSize', given(opts.batchSize, n), 1),
    shuffle: boolean('fit', 'shuffle', given(opts.shuffle, false)),
    seed: seedOption('fit', 'seed', given(opts.seed, 0)),
  });
  const validation =
    opts.validation === undefined ? undefined : checkDataset('fit', opts.validation, 'validation');
  const targetLoss = opts.targetLoss === undefined ? undefined : finite('fit', 'targetLoss', opts.targetLoss);
  const clipNorm =
    opts.clipGradNorm === undefined ? undefined : positive('fit', 'clipGradNorm', opts.clipGradNorm);
  const clipValue =
    opts.clipGradValue === undefined ? undefined : positive('fit', 'clipGradValue', opts.clipGradValue);
  optionalFunction('onEpoch', opts.onEpoch);
  optionalFunction('onBatch', opts.onBatch);
  if (opts.schedule !== undefined && typeof opts.schedule?.step !== 'function') {
    throw new NnError(
      'INVALID_OPTION',
      `fit: option schedule must be an LRScheduler, got ${fmtValue(opts.schedule)}`,
    );
  }
  const callbacks: FitCallbacks[] = [{ onEpoch: opts.onEpoch, onBatch: opts.onBatch }];
  if (opts.callbacks !== undefined) {
    if (!Array.isArray(opts.callbacks)) {
      throw new NnError(
        'INVALID_OPTION',
        `fit: option callbacks must be an array, got ${fmtValue(opts.callbacks)}`,
      );
    }
    opts.callbacks.forEach((cb, i) => {
      if (cb === null || typeof cb !== 'object') {
        throw new NnError(
          'INVALID_OPTION',
          `fit: callbacks[${i}] must be an object of hooks, got ${fmtValue(cb)}`,
        );
      }
      for (const hook of ['onTrainBegin', 'onBatch', 'onEpoch', 'onTrainEnd'] as const) {
        optionalFunction(`callbacks[${i}].${hook}`, cb[hook]);
      }
      callbacks.push(cb);
    });
  }
  const early = {
    patience: Infinity,
    minDelta: 0,
    monitor: 'loss' as 'loss' | 'valLoss',
    restoreBest: false,
  };
  const es = opts.earlyStopping;
  if (es !== undefined) {
    checkOptionKeys('fit earlyStopping', es, ['patience', 'minDelta', 'monitor', 'restoreBest']);
    early.patience = integer('fit', 'earlyStopping.patience', es.patience, 1);
    early.minDelta = nonNegative('fit', 'earlyStopping.minDelta', given(es.minDelta, 0));
    early.monitor = oneOf('fit', 'earlyStopping.monitor', given(es.monitor, 'loss'), [
      'loss',
      'valLoss',
    ] as const);
    early.restoreBest = boolean('fit', 'earlyStopping.restoreBest', given(es.restoreBest, false));
    if (early.monitor === 'valLoss' && validation === undefined) {
      throw new NnError('INVALID_OPTION', "fit: earlyStopping.monitor 'valLoss' needs the validation option");
    }
  }
  return {
    lossFn,
    optimizer,
    epochs,
    loader,
    schedule: opts.schedule,
    validation,
    targetLoss,
    clipNorm,
    clipValue,
    early,
    callbacks,
  };
}

/** Calls `hook` of every callback in order; true if one returned `'stop'`. */
function notify<K extends 'onBatch' | 'onEpoch'>(
  callbacks: readonly FitCallbacks[],
  hook: K,
  info: Parameters<NonNullable<FitCallbacks[K]>>[0],
): boolean {
  let stop = false;
  for (const cb of callbacks) {
    if ((cb[hook] as ((i: typeof info) => unknown) | undefined)?.call(cb, info) === 'stop') stop = true;
  }
  return stop;
}

/**
 * Trains `model` on `data`: each epoch runs forward, loss, backward, optional clipping and an
 * optimizer step per batch (gradients cleared before each batch; batches from {@link batches}),
 * then validation in evaluation mode, the schedule, callbacks and stopping rules.
 * Deterministic: the same model, data, options and seed give the same numbers. A non-finite
 * loss stops with an error before the step that would have spread it, so the model keeps its
 * last finite parameters.
 *
 * @throws {@link NnError} `INVALID_OPTION` for a bad option, `SHAPE_MISMATCH` for mismatched data
 *   or a non-scalar loss, `NON_FINITE` for a NaN or infinite loss.
 *
 * @example
 * ```ts
 * const model = mlp({ sizes: [2, 4, 1], activations: ['tanh', 'sigmoid'], seed: 1 });
 * const history = fit(model, xor(), {
 *   loss: 'halfSSE',
 *   optimizer: new Adam(model, { lr: 0.05 }),
 *   epochs: 2000,
 *   targetLoss: 1e-3,
 * });
 * history.loss.at(-1); // < 1e-3
 * ```
 */
export function fit(model: Module, data: Dataset, opts: FitOptions): FitHistory {
  const p = plan(model, data, opts);
  const { optimizer, loader, validation, early, callbacks } = p;
  const n = loader.rows;
  const params = model.parameters();
  const compiled = compiledStep(model, p.lossFn, opts.loss);
  const history: FitHistory = {
    loss: [],
    valLoss: [],
    lr: [],
    epochs: 0,
    stopReason: 'epochs',
    bestEpoch: -1,
    bestLoss: Infinity,
  };
  let best: Tensor[] | null = null;
  let sinceBest = 0;

  for (const cb of callbacks) cb.onTrainBegin?.({ epochs: p.epochs, batches: loader.length, rows: n });
  try {
    model.train();
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      const lr = optimizer.lr;
      // The training loss of an epoch is measured before its updates: keep those parameters.
      const startValues = early.restoreBest && early.monitor === 'loss' ? params.map((q) => q.value) : null;
      let epochLoss = 0;
      let stopped = false;
      for (const batch of loader) {
        const value = trainStep(model, p, batch, epoch, params, compiled);
        const rows = batch.x.shape[0]!;
        epochLoss += rows === n ? value : (value * rows) / n;
        const batchLr = optimizer.lr;
        if (p.schedule?.interval === 'batch') p.schedule.step();
        const info: BatchInfo = {
          epoch,
          epochs: p.epochs,
          batch: batch.index,
          batches: loader.length,
          loss: value,
          lr: batchLr,
        };
        if (notify(callbacks, 'onBatch', info)) {
          stopped = true;
          break;
        }
      }
      history.loss.push(epochLoss);
      history.lr.push(lr);
      history.epochs = epoch + 1;

      let valLoss: number | undefined;
      if (validation) {
        model.eval();
        valLoss = noGrad(() => scalarLoss('fit', p.lossFn(model.forward(validation.x), validation.y)).item());
        model.train();
        history.valLoss.push(valLoss);
      }
      if (p.schedule !== undefined && p.schedule.interval !== 'batch') p.schedule.step(valLoss ?? epochLoss);

      const monitored = early.monitor === 'valLoss' ? valLoss! : epochLoss;
      if (monitored < history.bestLoss - early.minDelta || history.bestEpoch < 0) {
        history.bestLoss = monitored;
        history.bestEpoch = epoch;
        sinceBest = 0;
        if (early.restoreBest) best = startValues ?? params.map((q) => q.value);
      } else {
        sinceBest++;
      }

      const info: EpochInfo = { epoch, epochs: p.epochs, loss: epochLoss, lr };
      if (valLoss !== undefined) info.valLoss = valLoss;
      if (notify(callbacks, 'onEpoch', info) || stopped) {
        history.stopReason = 'callback';
        break;
      }
      if (p.targetLoss !== undefined && epochLoss < p.targetLoss) {
        history.stopReason = 'targetLoss';
        break;
      }
      if (sinceBest >= early.patience) {
        history.stopReason = 'earlyStopping';
        break;
      }
    }
    if (early.restoreBest && best) {
      params.forEach((q, i) => {
        q.value = best![i]!;
        q.zeroGrad();
      });
    }
  } finally {
    for (const cb of callbacks) cb.onTrainEnd?.(history);
  }
  return history;
}

/**
 * One optimizer step on a batch: forward, loss, backward, clipping, update. Returns the loss,
 * refusing a non-finite one before the update that would spread it.
 */
function trainStep(
  model: Module,
  p: Plan,
  batch: Dataset & { index: number },
  epoch: number,
  params: Parameter[],
  compiled: CompiledStep,
): number {
  p.optimizer.zeroGrad();
  let loss: Tensor | null = null;
  let grads: readonly Tensor[] | null = null;
  if (compiled.step !== null) {
    try {
      [loss, grads] = compiled.step(batch.x, batch.y, ...params.map((q) => q.value));
      // The replay does not look at the labels: refuse a bad one before this batch's update.
      if (compiled.classes > 0) checkClassIndices(batch.y, compiled.classes);
    } catch (e) {
      // A derivative the compiled step cannot replay (clamp in bce, say): train eagerly.
      if (!(e instanceof DeltagradError && e.code === 'NOT_COMPILABLE')) throw e;
      compiled.step = null;
    }
  }
  loss ??= scalarLoss('fit', p.lossFn(model.forward(batch.x), batch.y));
  const value = loss.item();
  if (!Number.isFinite(value)) {
    throw new NnError(
      'NON_FINITE',
      `fit: the loss is ${value} at epoch ${epoch}${p.loader.length > 1 ? ` (batch ${batch.index})` : ''}; its update was not made, the parameters are those of the last finite step — try a lower learning rate`,
    );
  }
  // The compiled step's gradients are its own arrays, rewritten by the next batch.
  if (grads !== null) for (let i = 0; i < params.length; i++) params[i]!.grad = grads[i]!;
  else loss.backward();
  if (p.clipValue !== undefined) clipGradValue(params, p.clipValue);
  if (p.clipNorm !== undefined) clipGradNorm(params, p.clipNorm);
  p.optimizer.step();
  return value;
}
