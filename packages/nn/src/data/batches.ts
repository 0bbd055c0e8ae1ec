/**
 * Mini-batches (PyTorch's `DataLoader`): an iterable over a dataset in batches of rows, with the
 * order reshuffled at the start of every pass when asked. `fit` trains through one.
 */
import type { RandomGenerator } from '@deltagrad/random';
import { boolean, checkOptionKeys, generatorOption, given, integer } from '../validate';
import { checkDataset, type Dataset, takeRows } from './dataset';

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Rows per batch (default 32); the last batch may be smaller (see `dropLast`). */
  batchSize?: number;
  /** Reshuffle the rows at the start of every pass (default false: the dataset's order). */
  shuffle?: boolean;
  /** Leave out the last batch if it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Seed of the shuffle (default 0): same seed, same batches. */
  seed?: number;
  /** Shuffle with this generator instead (it advances); not with `seed`. */
  generator?: RandomGenerator;
}

/** One batch: its rows of `x` and `y` (new tensors), and its position in the pass. */
export interface Batch extends Dataset {
  /** The batch's index in this pass, from 0. */
  readonly index: number;
}

/** What {@link batches} returns: iterate it once per epoch. */
export interface BatchLoader extends Iterable<Batch> {
  /** The dataset's number of rows. */
  readonly rows: number;
  /** Rows per batch. */
  readonly batchSize: number;
  /** Batches per pass. */
  readonly length: number;
}

/**
 * Batches of `data`'s rows, for a training loop of your own (`fit` uses the same iterator).
 * Each pass (each `for … of`) starts by shuffling the row order in place with the generator
 * when `shuffle` is on — the next pass shuffles the previous order again, so a run is fixed
 * by its seed — then yields `{ x, y, index }` for consecutive slices of `batchSize` rows.
 * Without shuffling, a batch that covers every row is the dataset itself (no copy).
 *
 * @throws {@link NnError} `INVALID_OPTION` naming a bad option; `SHAPE_MISMATCH` if `x` and
 *   `y` have different numbers of rows.
 *
 * @example
 * ```ts
 * const loader = batches(train, { batchSize: 32, shuffle: true, seed: 1 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { x, y } of loader) {
 *     optimizer.zeroGrad();
 *     crossEntropy(model.forward(x), y).backward();
 *     optimizer.step();
 *   }
 * }
 * ```
 */
export function batches(data: Dataset, opts: BatchOptions = {}): BatchLoader {
  checkDataset('batches', data);
  checkOptionKeys('batches', opts, ['batchSize', 'shuffle', 'dropLast', 'seed', 'generator']);
  const n = data.x.shape[0]!;
  const batchSize = integer('batches', 'batchSize', given(opts.batchSize, 32), 1);
  const shuffle = boolean('batches', 'shuffle', given(opts.shuffle, false));
  const dropLast = boolean('batches', 'dropLast', given(opts.dropLast, false));
  const rng = generatorOption('batches', opts);
  const length = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  const order = Array.from({ length: n }, (_, i) => i);
  return {
    rows: n,
    batchSize,
    length,
    *[Symbol.iterator](): Iterator<Batch> {
      if (shuffle) rng.shuffle(order);
      for (let index = 0; index < length; index++) {
        const start = index * batchSize;
        if (!shuffle && start === 0 && batchSize >= n) {
          yield { x: data.x, y: data.y, index };
          continue;
        }
        const rows = order.slice(start, Math.min(start + batchSize, n));
        yield { x: takeRows(data.x, rows), y: takeRows(data.y, rows), index };
      }
    },
  };
}
