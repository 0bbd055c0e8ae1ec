/**
 * Learning-rate schedules: each owns an optimizer's `lr` and sets it on every `step()`
 * (call it once per epoch, after the epoch's optimizer steps, as in PyTorch).
 */
import { NnError } from './errors';
import type { Optimizer } from './optim/optimizer';
import { powInt } from './optim/optimizer';
import { checkOptionKeys, given, integer, nonNegative, positive } from './validate';

/**
 * A learning-rate schedule. `epoch` counts the `step()` calls so far; `lr` is the rate it
 * last set (the optimizer's rate at creation, for epoch 0).
 */
export interface LRScheduler {
  /** Advances one epoch and sets the optimizer's learning rate. */
  step(): void;
  /** The number of `step()` calls so far. */
  readonly epoch: number;
  /** The learning rate for the current epoch. */
  readonly lr: number;
  /** The learning rate the schedule started from. */
  readonly baseLr: number;
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

function schedule(optimizer: Optimizer, lrAt: (epoch: number) => number): LRScheduler {
  const baseLr = optimizer.lr;
  let epoch = 0;
  return {
    get epoch() {
      return epoch;
    },
    get lr() {
      return optimizer.lr;
    },
    baseLr,
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
