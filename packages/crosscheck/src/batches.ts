/**
 * What each update is computed from. With full batches (`batchSize` 0, or at least the
 * training set) every epoch is one update on the whole training set, in its order: the seed's
 * loop. Otherwise each epoch reshuffles the order of the training rows (Fisher–Yates from the
 * data seed's stream, continuing from the last epoch's order, as PyTorch's `DataLoader` with
 * `shuffle=True`) and cuts it into consecutive batches of `batchSize` rows, the last one
 * smaller when the size does not divide the training set. Every method gets the same batches.
 */
import type { Dataset } from '@deltagrad/nn';
import type { RandomGenerator } from '@deltagrad/random';
import { matricesOf, splitOf } from './dataset';
import type { Batch } from './engine';
import { featuresOf } from './features';
import type { ExperimentConfig } from './types';

/** A data set as a batch: its network inputs (one column per feature of `config`) and targets. */
export function batchOf(config: ExperimentConfig, data: Dataset): Batch {
  const { X, Y } = matricesOf(data);
  const features = config.features.length;
  return { X: { rows: X.rows, cols: features, data: featuresOf(config, X.data) }, Y };
}

/**
 * The training set of `config` as one batch (network inputs and targets): what a full-batch
 * epoch updates on, and what `traceStep` and `xorGraph` trace.
 */
export function trainingBatch(config: ExperimentConfig): Batch {
  return batchOf(config, splitOf(config).train);
}

/** The rows of `order[start … start + size)` of `all`, copied into `into`'s arrays. */
function gather(all: Batch, order: readonly number[], start: number, into: Batch): Batch {
  const width = all.X.cols;
  for (let i = 0; i < into.X.rows; i++) {
    const r = order[start + i]!;
    into.X.data.set(all.X.data.subarray(r * width, (r + 1) * width), i * width);
    into.Y.data[i] = all.Y.data[r]!;
  }
  return into;
}

/** An empty batch of `rows` rows. */
function buffer(rows: number, features: number): Batch {
  return {
    X: { rows, cols: features, data: new Float64Array(rows * features) },
    Y: { rows, cols: 1, data: new Float64Array(rows) },
  };
}

/** The batches of every epoch of a run, in arrays allocated once (one per batch size). */
export class BatchPlan {
  /** Updates per epoch. */
  readonly steps: number;
  /** True when every update uses the whole training set (one update an epoch, never shuffled). */
  readonly full: boolean;
  readonly #train: Batch;
  readonly #size: number;
  readonly #order: number[];
  readonly #shuffler: RandomGenerator;
  readonly #buffers = new Map<number, Batch>();

  constructor(train: Batch, batchSize: number, shuffler: RandomGenerator) {
    const n = train.X.rows;
    this.full = batchSize === 0 || batchSize >= n;
    this.#size = this.full ? n : batchSize;
    this.steps = Math.ceil(n / this.#size);
    this.#train = train;
    this.#order = Array.from({ length: n }, (_, i) => i);
    this.#shuffler = shuffler;
  }

  /** Starts an epoch: the training rows' order is reshuffled (mini-batches only). */
  startEpoch(): void {
    if (!this.full) this.#shuffler.shuffle(this.#order);
  }

  /** The epoch's batch `step` (0-based): its rows are copied into a reused buffer. */
  batch(step: number): Batch {
    if (this.full) return this.#train;
    const start = step * this.#size;
    const rows = Math.min(this.#size, this.#train.X.rows - start);
    let into = this.#buffers.get(rows);
    if (!into) {
      into = buffer(rows, this.#train.X.cols);
      this.#buffers.set(rows, into);
    }
    return gather(this.#train, this.#order, start, into);
  }
}
