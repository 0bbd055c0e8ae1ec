/** The training loop of the seed script, for any network built from this package's parts. */
import { backward, type Gradients } from './backward';
import { describeValue, ManualError } from './errors';
import { type ForwardCache, forward, output } from './forward';
import { lossValue, meanSquaredError } from './losses';
import { assertMatrix, type Matrix, shapeOf } from './matrix';
import { lossOf, type Network, type Params, validateParams } from './network';
import { sgdStep } from './sgd';

/** What {@link train} reports for an epoch (every `every` epochs). */
export interface EpochEvent {
  /** The epoch, from 0. */
  readonly epoch: number;
  /** The network's loss (`network.loss`, default halfSSE) of this epoch's forward pass, before the update. */
  readonly loss: number;
  /** The mean squared error of the same forward pass: what the seed prints as "Loss". */
  readonly mse: number;
  /** This epoch's forward pass (with the parameters before the update). */
  readonly cache: ForwardCache;
  /** This epoch's gradients. */
  readonly grads: Gradients;
  /** The parameters after this epoch's update (what the seed holds when it prints). */
  readonly params: Params;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** The learning rate η of the SGD step (the seed's `lr = 0.1`). */
  lr: number;
  /** How many full-batch steps to take (the seed's 10000). */
  epochs: number;
  /** Call `onEpoch` for the epochs that are multiples of `every` (default 1: every epoch). */
  every?: number;
  /** Called after the update of every `every`-th epoch, as the seed prints after `W -= …`. */
  onEpoch?: (event: EpochEvent) => void;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** The parameters after the last update. */
  readonly params: Params;
  /** The network's loss at every epoch (before that epoch's update). */
  readonly losses: Float64Array;
  /** The mean squared error at every epoch (the seed's printed "Loss"), before the update. */
  readonly mse: Float64Array;
  /**
   * The last epoch's output a^(L), computed before its update: what the seed prints as its
   * predictions (`a2`). With `epochs: 0`, the output of the initial parameters.
   */
  readonly output: Matrix;
}

/**
 * Full-batch gradient descent, the seed's loop: for each epoch, the forward pass, the loss
 * (and the MSE the seed prints) of that pass, the backward pass, then the SGD step on every
 * parameter. `params` is not changed; the trained parameters are returned.
 *
 * Per epoch: Z^(l), A^(l) = forward; δ^(l), ∂L/∂W^(l), ∂L/∂b^(l) = backward;
 * W^(l) ← W^(l) − η ∂L/∂W^(l), b^(l) ← b^(l) − η ∂L/∂b^(l).
 *
 * @throws {@link ManualError} `INVALID_OPTION` for a bad `lr`, `epochs` or `every`; as
 * {@link forward} and {@link backward} for bad shapes (all checked before the first step).
 *
 * @example
 * ```ts
 * const { X, Y } = xorData();
 * const result = train(seedNetwork, params, X, Y, {
 *   lr: 0.1,
 *   epochs: 10000,
 *   every: 1000,
 *   onEpoch: ({ epoch, mse }) => console.log(formatEpochLine(epoch, mse)),
 * });
 * ```
 */
export function train(
  network: Network,
  params: Params,
  X: Matrix,
  Y: Matrix,
  options: TrainOptions,
): TrainResult {
  if (options === null || typeof options !== 'object') {
    throw new ManualError(
      'INVALID_OPTION',
      `train: options must be an object { lr, epochs, every?, onEpoch? }, got ${describeValue(options)}`,
    );
  }
  const { lr, epochs, every = 1, onEpoch } = options;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new ManualError(
      'INVALID_OPTION',
      `train: option lr must be a positive finite number, got ${describeValue(lr)}`,
    );
  }
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new ManualError(
      'INVALID_OPTION',
      `train: option epochs must be a non-negative integer, got ${describeValue(epochs)}`,
    );
  }
  if (!Number.isInteger(every) || every < 1) {
    throw new ManualError(
      'INVALID_OPTION',
      `train: option every must be a positive integer, got ${describeValue(every)}`,
    );
  }
  if (onEpoch !== undefined && typeof onEpoch !== 'function') {
    throw new ManualError(
      'INVALID_OPTION',
      `train: option onEpoch must be a function, got ${describeValue(onEpoch)}`,
    );
  }
  validateParams(network, params);
  assertMatrix(X, 'train: X');
  assertMatrix(Y, 'train: Y');
  const outputs = network.sizes[network.sizes.length - 1]!;
  if (Y.cols !== outputs || Y.rows !== X.rows) {
    throw new ManualError(
      'SHAPE_MISMATCH',
      `train: Y has shape ${shapeOf(Y)} but X has ${X.rows} rows and the network ${outputs} output${outputs === 1 ? '' : 's'} (Y must be ${X.rows}×${outputs})`,
    );
  }

  const loss = lossOf(network);
  const losses = new Float64Array(epochs);
  const mse = new Float64Array(epochs);
  let current = params;
  let last: Matrix | undefined;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const cache = forward(network, current, X);
    const yHat = output(cache);
    losses[epoch] = lossValue(loss, yHat, Y);
    mse[epoch] = meanSquaredError(yHat, Y);
    const grads = backward(current, cache, Y);
    current = sgdStep(current, grads, lr);
    last = yHat;
    if (onEpoch !== undefined && epoch % every === 0) {
      onEpoch({ epoch, loss: losses[epoch]!, mse: mse[epoch]!, cache, grads, params: current });
    }
  }
  return { params: current, losses, mse, output: last ?? output(forward(network, current, X)) };
}
