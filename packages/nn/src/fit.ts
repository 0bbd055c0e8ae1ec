import { noGrad, type Tensor } from '@deltagrad/core';
import { batches } from './data/batches';
import { checkDataset, type Dataset } from './data/dataset';
import { fmtShape, fmtValue, NnError } from './errors';
import { type LossFn, type LossName, resolveLoss } from './losses';
import { Module } from './module';
import type { Optimizer } from './optim/optimizer';
import type { LRScheduler } from './schedules';
import { boolean, checkOptionKeys, finite, given, integer, nonNegative, oneOf, seedOption } from './validate';

/** What `onEpoch` is told after each epoch. */
export interface EpochInfo {
  /** The epoch just finished, from 0. */
  epoch: number;
  /**
   * The training loss of the epoch: with one batch, the loss before this epoch's update (as
   * the seed prints it); with mini-batches, Σ (batch rows / rows) · batch loss.
   */
  loss: number;
  /** The loss on `validation` after the epoch's updates, if given. */
  valLoss?: number;
  /** The learning rate used in this epoch. */
  lr: number;
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
  /** A learning-rate schedule over the same optimizer, stepped after each epoch. */
  schedule?: LRScheduler;
  /** Data to compute `valLoss` on after each epoch (no gradients). */
  validation?: Dataset;
  /** Stop when the monitored loss stops improving. */
  earlyStopping?: EarlyStoppingOptions;
  /** Stop once an epoch's training loss is below this value. */
  targetLoss?: number;
  /** Called after each epoch; returning `'stop'` ends training (any other value is ignored). */
  onEpoch?: (info: EpochInfo) => unknown;
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
  'onEpoch',
] as const;

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

/**
 * Trains `model` on `data`: each epoch runs forward, loss, backward and an optimizer step per
 * batch (gradients cleared before each batch), then the schedule, validation, callbacks and
 * stopping rules. Deterministic: the same model, data, options and seed give the same numbers.
 * A non-finite loss stops with an error before the step that would have spread it, so the
 * model keeps its last finite parameters.
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
  const batchSize = integer('fit', 'batchSize', given(opts.batchSize, n), 1);
  const shuffle = boolean('fit', 'shuffle', given(opts.shuffle, false));
  const seed = seedOption('fit', 'seed', given(opts.seed, 0));
  const validation =
    opts.validation === undefined ? undefined : checkDataset('fit', opts.validation, 'validation');
  const targetLoss = opts.targetLoss === undefined ? undefined : finite('fit', 'targetLoss', opts.targetLoss);
  if (opts.onEpoch !== undefined && typeof opts.onEpoch !== 'function') {
    throw new NnError(
      'INVALID_OPTION',
      `fit: option onEpoch must be a function, got ${fmtValue(opts.onEpoch)}`,
    );
  }
  if (opts.schedule !== undefined && typeof opts.schedule?.step !== 'function') {
    throw new NnError(
      'INVALID_OPTION',
      `fit: option schedule must be an LRScheduler, got ${fmtValue(opts.schedule)}`,
    );
  }
  const es = opts.earlyStopping;
  let patience = Infinity;
  let minDelta = 0;
  let monitor: 'loss' | 'valLoss' = 'loss';
  let restoreBest = false;
  if (es !== undefined) {
    checkOptionKeys('fit earlyStopping', es, ['patience', 'minDelta', 'monitor', 'restoreBest']);
    patience = integer('fit', 'earlyStopping.patience', es.patience, 1);
    minDelta = nonNegative('fit', 'earlyStopping.minDelta', given(es.minDelta, 0));
    monitor = oneOf('fit', 'earlyStopping.monitor', given(es.monitor, 'loss'), ['loss', 'valLoss'] as const);
    restoreBest = boolean('fit', 'earlyStopping.restoreBest', given(es.restoreBest, false));
    if (monitor === 'valLoss' && validation === undefined) {
      throw new NnError('INVALID_OPTION', "fit: earlyStopping.monitor 'valLoss' needs the validation option");
    }
  }

  const loader = batches(data, { batchSize, shuffle, seed });
  const params = model.parameters();
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

  model.train();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const lr = optimizer.lr;
    // The training loss of an epoch is measured before its updates: keep those parameters.
    const startValues = restoreBest && monitor === 'loss' ? params.map((p) => p.value) : null;
    let epochLoss = 0;
    for (const batch of loader) {
      optimizer.zeroGrad();
      const loss = scalarLoss('fit', lossFn(model.forward(batch.x), batch.y));
      const value = loss.item();
      if (!Number.isFinite(value)) {
        throw new NnError(
          'NON_FINITE',
          `fit: the loss is ${value} at epoch ${epoch}${loader.length > 1 ? ` (batch ${batch.index})` : ''}; its update was not made, the parameters are those of the last finite step — try a lower learning rate`,
        );
      }
      loss.backward();
      optimizer.step();
      const rows = batch.x.shape[0]!;
      epochLoss += rows === n ? value : (value * rows) / n;
    }
    history.loss.push(epochLoss);
    history.lr.push(lr);
    history.epochs = epoch + 1;
    opts.schedule?.step();

    let valLoss: number | undefined;
    if (validation) {
      model.eval();
      valLoss = noGrad(() => scalarLoss('fit', lossFn(model.forward(validation.x), validation.y)).item());
      model.train();
      history.valLoss.push(valLoss);
    }

    const monitored = monitor === 'valLoss' ? valLoss! : epochLoss;
    if (monitored < history.bestLoss - minDelta || history.bestEpoch < 0) {
      history.bestLoss = monitored;
      history.bestEpoch = epoch;
      sinceBest = 0;
      if (restoreBest) best = startValues ?? params.map((p) => p.value);
    } else {
      sinceBest++;
    }

    const info: EpochInfo = { epoch, loss: epochLoss, lr };
    if (valLoss !== undefined) info.valLoss = valLoss;
    if (opts.onEpoch?.(info) === 'stop') {
      history.stopReason = 'callback';
      break;
    }
    if (targetLoss !== undefined && epochLoss < targetLoss) {
      history.stopReason = 'targetLoss';
      break;
    }
    if (sinceBest >= patience) {
      history.stopReason = 'earlyStopping';
      break;
    }
  }
  if (restoreBest && best) {
    params.forEach((p, i) => {
      p.value = best![i]!;
      p.zeroGrad();
    });
  }
  return history;
}
