/**
 * Synthetic regression sets (y of shape [n, 1], real-valued): a noisy plane and a noisy sine.
 * Each draws from its own generator (option `seed` or `generator`). Draw order: every input
 * value first (row-major), then one noise draw per row.
 */
import { fmtValue, NnError } from '../errors';
import { checkOptionKeys, finite, generatorOption, given, integer, nonNegative } from '../validate';
import type { SyntheticOptions } from './classification';
import { type Dataset, fromRows } from './dataset';

/** Options of {@link plane}. */
export interface PlaneOptions extends SyntheticOptions {
  /** The true coefficients, one per feature (default [2, −3]). */
  weights?: readonly number[];
  /** The true intercept (default 1). */
  bias?: number;
}

/**
 * A noisy hyperplane: x uniform in [−1, 1) per feature, y = Σⱼ wⱼ·xⱼ (summed in feature order)
 * + bias + noise·N(0, 1). Linear regression recovers `weights` and `bias`.
 *
 * @param opts - `noise` default 0.1
 *
 * @example
 * ```ts
 * const data = plane({ n: 100, weights: [2, -3], bias: 1, seed: 4 }); // x [100, 2], y [100, 1]
 * ```
 */
export function plane(opts?: PlaneOptions): Dataset {
  checkOptionKeys('plane', opts, ['n', 'noise', 'seed', 'generator', 'weights', 'bias']);
  const n = integer('plane', 'n', given(opts?.n, 200), 1);
  const noise = nonNegative('plane', 'noise', given(opts?.noise, 0.1));
  const weights = given(opts?.weights, [2, -3]);
  if (!Array.isArray(weights) || weights.length === 0) {
    throw new NnError(
      'INVALID_OPTION',
      `plane: option weights must be a non-empty array of numbers, got ${fmtValue(weights)}`,
    );
  }
  weights.forEach((w, j) => {
    finite('plane', `weights[${j}]`, w);
  });
  const bias = finite('plane', 'bias', given(opts?.bias, 1));
  const rng = generatorOption('plane', opts);
  const f = weights.length;
  const x = new Float64Array(n * f);
  for (let k = 0; k < x.length; k++) x[k] = rng.uniform(-1, 1);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < f; j++) s += weights[j]! * x[i * f + j]!;
    y[i] = s + bias + noise * rng.normal();
  }
  return fromRows(x, f, y);
}

/**
 * A noisy sine: x uniform in [−π, π), y = sin(x) + noise·N(0, 1). The smallest curve a
 * linear model cannot fit and a 1-16-1 tanh net can.
 *
 * @param opts - `noise` default 0.1
 *
 * @example
 * ```ts
 * const data = sine({ n: 200, noise: 0.05, seed: 3 }); // x [200, 1], y [200, 1]
 * ```
 */
export function sine(opts?: SyntheticOptions): Dataset {
  checkOptionKeys('sine', opts, ['n', 'noise', 'seed', 'generator']);
  const n = integer('sine', 'n', given(opts?.n, 200), 1);
  const noise = nonNegative('sine', 'noise', given(opts?.noise, 0.1));
  const rng = generatorOption('sine', opts);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.uniform(-Math.PI, Math.PI);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]!) + noise * rng.normal();
  return fromRows(x, 1, y);
}
