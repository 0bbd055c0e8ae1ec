/**
 * Synthetic classification sets with class-index labels (y of shape [n, 1]): two moons,
 * k Gaussian blobs and k spiral arms. Each draws from its own generator (option `seed` or
 * `generator`), never from the one that initialises weights. With `generator:
 * numpyRandom(seed)` from `@deltagrad/random`, `moons` and `blobs` give scikit-learn's
 * `make_moons` and `make_blobs` (with `shuffle=False, random_state=seed`) and `spirals` the
 * CS231n spiral after `np.random.seed(seed)` (`test/fixtures/generate_dataset_fixture.py`).
 */
import type { RandomGenerator } from '@deltagrad/random';
import { fmtValue, NnError } from '../errors';
import { checkOptionKeys, finite, generatorOption, given, integer, nonNegative } from '../validate';
import { type Dataset, fromRows, linspace, splitEvenly } from './dataset';

/** Options every synthetic set takes. */
export interface SyntheticOptions {
  /** Number of rows (default 200). */
  n?: number;
  /** The standard deviation of the Gaussian noise (each set documents its default). */
  noise?: number;
  /** Seed of the set's own generator (default 0); same seed, same rows. */
  seed?: number;
  /** Draw from this generator instead (it advances); not with `seed`. */
  generator?: RandomGenerator;
}

/** Checks the options every set shares (after `checkOptionKeys`); `n` must be at least `minN`. */
function common(
  where: string,
  opts: SyntheticOptions | undefined,
  defaultNoise: number,
  minN: number,
): { n: number; noise: number; rng: RandomGenerator } {
  const n = integer(where, 'n', given(opts?.n, 200), minN);
  const noise = nonNegative(where, 'noise', given(opts?.noise, defaultNoise));
  return { n, noise, rng: generatorOption(where, opts) };
}

const COMMON_KEYS = ['n', 'noise', 'seed', 'generator'];

/**
 * Two interleaving half circles (scikit-learn's `make_moons`, unshuffled): ⌊n/2⌋ points of
 * class 0 on the upper half of the unit circle, then ⌈n/2⌉ of class 1 on the lower half
 * circle centred at (1, 0.5), evenly spaced in angle (linspace(0, π)); then N(0, noise²) is
 * added to every coordinate, row by row. A nonlinear 2-class problem: a straight line
 * cannot separate it.
 *
 * @param opts - `noise` default 0.1
 *
 * @example
 * ```ts
 * const data = moons({ n: 300, noise: 0.2, seed: 1 }); // x [300, 2], y [300, 1] of 0 and 1
 * ```
 */
export function moons(opts?: SyntheticOptions): Dataset {
  checkOptionKeys('moons', opts, COMMON_KEYS);
  const { n, noise, rng } = common('moons', opts, 0.1, 2);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const outer = linspace(0, Math.PI, nOut);
  const inner = linspace(0, Math.PI, nIn);
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(outer[i]!);
    x[2 * i + 1] = Math.sin(outer[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    x[2 * (nOut + i)] = 1 - Math.cos(inner[i]!);
    x[2 * (nOut + i) + 1] = 1 - Math.sin(inner[i]!) - 0.5;
    y[nOut + i] = 1;
  }
  // No noise, no draws (a shared generator is left where it was).
  if (noise > 0) for (let k = 0; k < x.length; k++) x[k]! += noise * rng.normal();
  return fromRows(x, 2, y);
}

/** Options of {@link blobs}. */
export interface BlobsOptions extends SyntheticOptions {
  /** Number of classes (blobs), at least 2 (default 3). */
  classes?: number;
  /** Number of features (dimensions), at least 1 (default 2). */
  features?: number;
  /** Centres are drawn uniformly from [lo, hi) in every dimension (default [−10, 10]). */
  centerBox?: readonly [number, number];
}

/**
 * k isotropic Gaussian blobs (scikit-learn's `make_blobs`, unshuffled): the centres are drawn
 * from U(centerBox) (all of centre 0's coordinates first), then class i gets ⌊n/k⌋ points
 * (the first n mod k classes one more), each coordinate centre + noise·N(0, 1), row by row.
 * Rows come class by class; labels are 0 … k−1.
 *
 * @param opts - `noise` (the blobs' standard deviation) default 1
 *
 * @example
 * ```ts
 * const data = blobs({ n: 300, classes: 4, seed: 2 }); // y holds 0, 1, 2, 3
 * ```
 */
export function blobs(opts?: BlobsOptions): Dataset {
  checkOptionKeys('blobs', opts, [...COMMON_KEYS, 'classes', 'features', 'centerBox']);
  const classes = integer('blobs', 'classes', given(opts?.classes, 3), 2);
  const features = integer('blobs', 'features', given(opts?.features, 2), 1);
  const box = given(opts?.centerBox, [-10, 10] as const);
  if (!Array.isArray(box) || box.length !== 2) {
    throw new NnError('INVALID_OPTION', `blobs: option centerBox must be [lo, hi], got ${fmtValue(box)}`);
  }
  const lo = finite('blobs', 'centerBox[0]', box[0]);
  const hi = finite('blobs', 'centerBox[1]', box[1]);
  if (!(hi > lo)) {
    throw new NnError('INVALID_OPTION', `blobs: option centerBox must have lo < hi, got [${lo}, ${hi}]`);
  }
  const { n, noise, rng } = common('blobs', opts, 1, classes);
  const centers = Array.from({ length: classes * features }, () => rng.uniform(lo, hi));
  const x = new Float64Array(n * features);
  const y = new Float64Array(n);
  let row = 0;
  splitEvenly(n, classes).forEach((count, c) => {
    for (let i = 0; i < count; i++, row++) {
      for (let j = 0; j < features; j++)
        x[row * features + j] = centers[c * features + j]! + noise * rng.normal();
      y[row] = c;
    }
  });
  return fromRows(x, features, y);
}

/** Options of {@link spirals}. */
export interface SpiralsOptions extends SyntheticOptions {
  /** Number of classes (arms), at least 2 (default 3). */
  classes?: number;
}

/**
 * k interleaved spiral arms (the CS231n spiral): class j gets ⌊n/k⌋ points (the first n mod k
 * classes one more), point i of m at radius r = linspace(0, 1, m)[i] and angle
 * t = linspace(4j, 4(j + 1), m)[i] + noise·N(0, 1), placed at (r·sin t, r·cos t). Rows come
 * class by class; labels are 0 … k−1. No straight line separates any two arms.
 *
 * @param opts - `noise` (in radians of angle) default 0.2
 *
 * @example
 * ```ts
 * const data = spirals({ n: 300, classes: 3, seed: 0 });
 * ```
 */
export function spirals(opts?: SpiralsOptions): Dataset {
  checkOptionKeys('spirals', opts, [...COMMON_KEYS, 'classes']);
  const classes = integer('spirals', 'classes', given(opts?.classes, 3), 2);
  const { n, noise, rng } = common('spirals', opts, 0.2, 2 * classes);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  let row = 0;
  splitEvenly(n, classes).forEach((count, c) => {
    const radius = linspace(0, 1, count);
    const angle = linspace(4 * c, 4 * (c + 1), count);
    for (let i = 0; i < count; i++, row++) {
      const t = angle[i]! + noise * rng.normal();
      x[2 * row] = radius[i]! * Math.sin(t);
      x[2 * row + 1] = radius[i]! * Math.cos(t);
      y[row] = c;
    }
  });
  return fromRows(x, 2, y);
}
