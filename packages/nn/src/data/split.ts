/** Splitting a dataset into a training part and a held-out test part. */
import type { RandomGenerator } from '@deltagrad/random';
import { fmtValue, NnError } from '../errors';
import { checkOptionKeys, generatorOption, given } from '../validate';
import { checkDataset, type Dataset, takeRows } from './dataset';

/** Options of {@link trainTestSplit}. */
export interface SplitOptions {
  /** The share of rows held out for testing, in (0, 1) (default 0.2). */
  testFraction?: number;
  /** Seed of the shuffle (default 0); same seed, same split. */
  seed?: number;
  /** Shuffle with this generator instead (it advances); not with `seed`. */
  generator?: RandomGenerator;
}

/**
 * Splits a dataset into shuffled train and test parts: the rows are shuffled once
 * (Fisher–Yates with the generator), the first round(n · testFraction) go to `test`, the rest
 * to `train`; each part gets at least one row.
 *
 * @throws {@link NnError} `INVALID_OPTION` if testFraction is not in (0, 1) or a part would be empty.
 *
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(moons({ n: 200 }), { testFraction: 0.25, seed: 1 });
 * ```
 */
export function trainTestSplit(data: Dataset, opts: SplitOptions = {}): { train: Dataset; test: Dataset } {
  checkDataset('trainTestSplit', data);
  checkOptionKeys('trainTestSplit', opts, ['testFraction', 'seed', 'generator']);
  const fraction = given(opts.testFraction, 0.2);
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new NnError(
      'INVALID_OPTION',
      `trainTestSplit: option testFraction must be a number in (0, 1), got ${fmtValue(fraction)}`,
    );
  }
  const rng = generatorOption('trainTestSplit', opts);
  const n = data.x.shape[0]!;
  const nTest = Math.round(n * fraction);
  if (nTest < 1 || nTest > n - 1) {
    throw new NnError(
      'INVALID_OPTION',
      `trainTestSplit: testFraction ${fraction} of ${n} rows leaves an empty part (test ${nTest}, train ${n - nTest})`,
    );
  }
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const test = order.slice(0, nTest);
  const train = order.slice(nTest);
  return {
    train: { x: takeRows(data.x, train), y: takeRows(data.y, train) },
    test: { x: takeRows(data.x, test), y: takeRows(data.y, test) },
  };
}
