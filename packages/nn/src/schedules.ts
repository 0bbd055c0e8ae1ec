/**
 * Learning-rate schedules: each owns an optimizer's `lr` and sets it on every `step()`. Call it
 * once per epoch after the epoch's optimizer steps, as in PyTorch — or after every optimizer
 * step for a schedule whose `interval` is `'batch'` (one-cycle). `fit` does either for you.
 */
import { fmtValue, NnError } from './errors';
import type { Optimizer } from './optim/optimizer';
import { powInt } from './optim/optimizer';
import { checkOptionKeys, finite, given, inRange, integer, nonNegative, oneOf, positive } from './validate';

/**
 * A learning-rate schedule. `epoch` counts the `step()` calls so far (epochs, or batches for a
 * `'batch'` schedule); `lr` is the optimizer's current rate.
 */
export interface LRScheduler {
  /**
   * Advances one step and sets the optimizer's learning rate. `metric` (the loss just measured)
   * is required by {@link reduceOnPlateau} and ignored by the others.
   */
  step(metric?: number): void;
  /** The number of `step()` calls so far. */
  readonly epoch: number;
  /** The learning rate for the current epoch. */
  readonly lr: number;
  /** The learning rate the schedule started from. */
  readonly baseLr: number;
  /** When `fit` steps it: after each epoch (default) or after each batch's optimizer step. */
  readonly interval?: 'epoch' | 'batch';
}

interface ScheduleShape {
  interval?: 'epoch' | 'batch';
  baseLr?: number;
  start?: boolean;
}

function checkOptimizer(where: string, optimizer: unknown): Optimizer {
  if (
    typeof optimizer !== 'object' ||
    optimizer === null ||
    typeof (optimizer as Optimizer).lr !== 'number'
  ) {
    throw new NnError('INVALID_OPTION', `${where}: the first argument must be an optimizer`);
  }
  return optimizer as Optimizer;
}

/**
 * A schedule in closed form: `step()` number t sets the rate `lrAt(t)`. With `start`, the rate
 * of step 0 is set at creation (a warm-up starts below the optimizer's rate).
 */
function schedule(
  optimizer: Optimizer,
  lrAt: (epoch: number) => number,
  { interval = 'epoch', baseLr = optimizer.lr, start = false }: ScheduleShape = {},
): LRScheduler {
  let epoch = 0;
  if (start) optimizer.lr = lrAt(0);
  return {
    get epoch() {
      return epoch;
    },
    get lr() {
      return optimizer.lr;
    },
    baseLr,
    interval,
    step() {
      epoch++;
      optimizer.lr = lrAt(epoch);
    },
  };
}

/**
 * Decays the rate by `gamma` every `stepSize` epochs (PyTorch's `StepLR`), in closed form:
 * lr = base_lr · gamma^⌊epoch / stepSize⌋.
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the option at fault.
 *
 * @example
 * ```ts
 * const sched = stepLR(opt, { stepSize: 100, gamma: 0.5 }); // halve every 100 epochs
 * ```
 */
export function stepLR(optimizer: Optimizer, opts: { stepSize: number; gamma?: number }): LRScheduler {
  checkOptimizer('stepLR', optimizer);
  checkOptionKeys('stepLR', opts, ['stepSize', 'gamma']);
  const stepSize = integer('stepLR', 'stepSize', opts?.stepSize, 1);
  const gamma = positive('stepLR', 'gamma', given(opts.gamma, 0.1));
  const base = optimizer.lr;
  return schedule(optimizer, (epoch) => base * powInt(gamma, Math.floor(epoch / stepSize)));
}

/**
 * Cosine annealing from the base rate down to `etaMin` over `tMax` epochs (PyTorch's
 * `CosineAnnealingLR`), in the closed form of its documentation:
 * η_t = η_min + ½(η_max − η_min)(1 + cos(π · t / T_max)). After `tMax` epochs the cosine
 * continues (it rises again), as PyTorch's closed form does.
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the option at fault.
 *
 * @example
 * ```ts
 * const sched = cosineAnnealing(opt, { tMax: 1000, etaMin: 1e-4 });
 * ```
 */
export function cosineAnnealing(optimizer: Optimizer, opts: { tMax: number; etaMin?: number }): LRScheduler {
  checkOptimizer('cosineAnnealing', optimizer);
  checkOptionKeys('cosineAnnealing', opts, ['tMax', 'etaMin']);
  const tMax = integer('cosineAnnealing', 'tMax', opts?.tMax, 1);
  const etaMin = nonNegative('cosineAnnealing', 'etaMin', given(opts.etaMin, 0));
  const base = optimizer.lr;
  return schedule(optimizer, (epoch) => {
    const lr = etaMin + 0.5 * (base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax));
    return Math.max(lr, 0);
  });
}

/**
 * Multiplies the rate by `gamma` every epoch (PyTorch's `ExponentialLR`), in closed form:
 * lr = base_lr · gamma^epoch.
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the option at fault.
 *
 * @example
 * ```ts
 * const sched = exponentialLR(opt, { gamma: 0.95 });
 * ```
 */
export function exponentialLR(optimizer: Optimizer, opts: { gamma: number }): LRScheduler {
  checkOptimizer('exponentialLR', optimizer);
  checkOptionKeys('exponentialLR', opts, ['gamma']);
  const gamma = positive('exponentialLR', 'gamma', opts?.gamma);
  const base = optimizer.lr;
  return schedule(optimizer, (epoch) => base * powInt(gamma, epoch));
}

/** Options of {@link oneCycle} (PyTorch's `OneCycleLR` defaults). */
export interface OneCycleOptions {
  /** The peak learning rate. */
  maxLr: number;
  /** The number of optimizer steps of the whole run (epochs × batches per epoch). */
  totalSteps: number;
  /** The share of the steps spent rising to `maxLr` (default 0.3). */
  pctStart?: number;
  /** The starting rate is maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The final rate is the starting rate / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** How the rate moves within a phase: along a half cosine (default) or a straight line. */
  anneal?: 'cos' | 'linear';
}

/**
 * The one-cycle policy (PyTorch's `OneCycleLR`, learning rate only — `cycle_momentum=False`):
 * from maxLr/divFactor up to `maxLr` over the first pctStart·totalSteps − 1 steps, then down to
 * maxLr/(divFactor·finalDivFactor) at step totalSteps − 1, each phase annealed by a half cosine
 * (or linearly). Stepped after every batch (`interval: 'batch'`); it sets the starting rate on
 * the optimizer when created, whatever its rate was. The step after the last batch (step
 * totalSteps) keeps the final rate, where PyTorch extrapolates past it.
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the option at fault, and when stepped more
 *   than `totalSteps` times (as PyTorch refuses).
 *
 * @example
 * ```ts
 * const loader = batches(train, { batchSize: 32 });
 * const sched = oneCycle(opt, { maxLr: 0.01, totalSteps: 20 * loader.length });
 * fit(model, train, { loss: 'crossEntropy', optimizer: opt, epochs: 20, batchSize: 32, schedule: sched });
 * ```
 */
export function oneCycle(optimizer: Optimizer, opts: OneCycleOptions): LRScheduler {
  const where = 'oneCycle';
  checkOptimizer(where, optimizer);
  checkOptionKeys(where, opts, ['maxLr', 'totalSteps', 'pctStart', 'divFactor', 'finalDivFactor', 'anneal']);
  const maxLr = positive(where, 'maxLr', opts?.maxLr);
  const totalSteps = integer(where, 'totalSteps', opts?.totalSteps, 2);
  const pctStart = inRange(where, 'pctStart', given(opts.pctStart, 0.3), 0, 1);
  const divFactor = positive(where, 'divFactor', given(opts.divFactor, 25));
  const finalDivFactor = positive(where, 'finalDivFactor', given(opts.finalDivFactor, 1e4));
  const anneal = oneOf(where, 'anneal', given(opts.anneal, 'cos'), ['cos', 'linear'] as const);
  const initial = maxLr / divFactor;
  const min = initial / finalDivFactor;
  const warmEnd = pctStart * totalSteps - 1;
  if (!(warmEnd > 0 && warmEnd < totalSteps - 1)) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: pctStart ${pctStart} of totalSteps ${totalSteps} leaves a phase without steps (the rise ends at step ${warmEnd})`,
    );
  }
  const move =
    anneal === 'cos'
      ? (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (start: number, end: number, pct: number) => (end - start) * pct + start;
  return schedule(
    optimizer,
    (step) => {
      if (step > totalSteps) {
        throw new NnError(
          'INVALID_OPTION',
          `${where}: stepped ${step} times, more than totalSteps (${totalSteps}); give totalSteps = epochs × batches per epoch`,
        );
      }
      // Step totalSteps comes after the last batch: its rate is never used. PyTorch extrapolates
      // (a negative rate with 'linear'); keep the final rate instead.
      const at = Math.min(step, totalSteps - 1);
      return at <= warmEnd
        ? move(initial, maxLr, at / warmEnd)
        : move(maxLr, min, (at - warmEnd) / (totalSteps - 1 - warmEnd));
    },
    { interval: 'batch', baseLr: initial, start: true },
  );
}

/**
 * A linear warm-up (PyTorch's `LinearLR` with end factor 1): the rate starts at
 * base_lr · startFactor and rises linearly to base_lr over `steps` epochs, then stays there:
 * lr = base_lr · (startFactor + (1 − startFactor) · min(epoch, steps) / steps). With
 * `interval: 'batch'`, `steps` counts batches. Sets the starting rate when created.
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the option at fault.
 *
 * @example
 * ```ts
 * const sched = linearWarmup(opt, { steps: 5, startFactor: 0.1 }); // 10 % of the rate, then 28 %, …, 100 % at epoch 5
 * ```
 */
export function linearWarmup(
  optimizer: Optimizer,
  opts: { steps: number; startFactor?: number; interval?: 'epoch' | 'batch' },
): LRScheduler {
  checkOptimizer('linearWarmup', optimizer);
  checkOptionKeys('linearWarmup', opts, ['steps', 'startFactor', 'interval']);
  const steps = integer('linearWarmup', 'steps', opts?.steps, 1);
  const startFactor = given(opts.startFactor, 1 / 3);
  if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
    throw new NnError(
      'INVALID_OPTION',
      `linearWarmup: option startFactor must be a number in (0, 1], got ${fmtValue(startFactor)}`,
    );
  }
  const interval = oneOf('linearWarmup', 'interval', given(opts.interval, 'epoch'), [
    'epoch',
    'batch',
  ] as const);
  const base = optimizer.lr;
  return schedule(
    optimizer,
    (epoch) => base * (startFactor + ((1 - startFactor) * Math.min(epoch, steps)) / steps),
    { interval, start: true },
  );
}

/** Options of {@link reduceOnPlateau} (PyTorch's `ReduceLROnPlateau` defaults). */
export interface PlateauOptions {
  /** The rate is multiplied by this on a plateau, in (0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** An improvement must beat the best by this share (`'rel'`) or amount (`'abs'`) (default 1e-4). */
  threshold?: number;
  /** How `threshold` is applied (default `'rel'`). */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The rate is never reduced below this (default 0). */
  minLr?: number;
  /** `'min'` (a loss, default) or `'max'` (an accuracy). */
  mode?: 'min' | 'max';
}

/**
 * Cuts the rate by `factor` when the monitored value stops improving (PyTorch's
 * `ReduceLROnPlateau`): `step(metric)` after each epoch with the loss (fit passes the
 * validation loss if there is one, else the training loss); after more than `patience` epochs
 * without an improvement of `threshold`, lr ← max(lr · factor, minLr) (changes smaller than
 * 1e-8 are skipped, as PyTorch's `eps`), then `cooldown` epochs without counting.
 *
 * @throws {@link NnError} `INVALID_OPTION` naming the option at fault, or from `step()`
 *   without a finite metric.
 *
 * @example
 * ```ts
 * const sched = reduceOnPlateau(opt, { factor: 0.5, patience: 3 });
 * fit(model, train, { loss: 'crossEntropy', optimizer: opt, epochs: 50, validation: test, schedule: sched });
 * ```
 */
export function reduceOnPlateau(optimizer: Optimizer, opts: PlateauOptions = {}): LRScheduler {
  const where = 'reduceOnPlateau';
  checkOptimizer(where, optimizer);
  checkOptionKeys(where, opts, [
    'factor',
    'patience',
    'threshold',
    'thresholdMode',
    'cooldown',
    'minLr',
    'mode',
  ]);
  const factor = given(opts.factor, 0.1);
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
    throw new NnError(
      'INVALID_OPTION',
      `${where}: option factor must be a number in (0, 1), got ${fmtValue(factor)}`,
    );
  }
  const patience = integer(where, 'patience', given(opts.patience, 10), 0);
  const threshold = nonNegative(where, 'threshold', given(opts.threshold, 1e-4));
  const thresholdMode = oneOf(where, 'thresholdMode', given(opts.thresholdMode, 'rel'), [
    'rel',
    'abs',
  ] as const);
  const cooldown = integer(where, 'cooldown', given(opts.cooldown, 0), 0);
  const minLr = nonNegative(where, 'minLr', given(opts.minLr, 0));
  const mode = oneOf(where, 'mode', given(opts.mode, 'min'), ['min', 'max'] as const);
  const sign = mode === 'min' ? 1 : -1;
  // In 'min' mode a value improves on `best` when below best·(1 − threshold) (rel) or best − threshold (abs).
  const improves = (value: number, best: number) =>
    thresholdMode === 'rel'
      ? sign * value < sign * best * (1 - sign * threshold)
      : sign * value < sign * best - threshold;
  const baseLr = optimizer.lr;
  let epoch = 0;
  let best = sign * Infinity;
  let bad = 0;
  let cooling = 0;
  return {
    get epoch() {
      return epoch;
    },
    get lr() {
      return optimizer.lr;
    },
    baseLr,
    interval: 'epoch',
    step(metric?: number) {
      const value = finite(where, 'the metric passed to step()', metric);
      epoch++;
      if (improves(value, best)) {
        best = value;
        bad = 0;
      } else {
        bad++;
      }
      if (cooling > 0) {
        cooling--;
        bad = 0;
      }
      if (bad > patience) {
        const next = Math.max(optimizer.lr * factor, minLr);
        if (optimizer.lr - next > 1e-8) optimizer.lr = next;
        cooling = cooldown;
        bad = 0;
      }
    },
  };
}
