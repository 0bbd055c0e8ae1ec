import { Sfc32 } from './base';
import { assertSeed } from './errors';
import { MT19937 } from './mt19937';
import type { RandomGenerator } from './types';

export { BaseGenerator, Sfc32 } from './base';
export { RandomError, type RandomErrorCode } from './errors';
export { MT19937, type MT19937State } from './mt19937';
export type { RandomGenerator } from './types';

/**
 * A generator that reproduces NumPy's legacy global stream: `numpyRandom(42)` then
 * `normal()` draws what `np.random.seed(42); np.random.randn()` draws, and `float()` what
 * `np.random.rand()` draws. Each call is a fresh stream, like a fresh `np.random.seed(seed)`.
 *
 * @param seed - an integer in [0, 2^32), as accepted by `np.random.seed`
 * @throws {@link RandomError} `INVALID_SEED` if `seed` is not an integer in [0, 2^32).
 *
 * @example
 * ```ts
 * const rng = numpyRandom(42);
 * const w = [rng.normal(), rng.normal()]; // np.random.seed(42); np.random.randn(2)
 * ```
 */
export function numpyRandom(seed: number): MT19937 {
  assertSeed(seed, 'numpyRandom');
  return new MT19937(seed);
}

/**
 * The fast default generator (SFC32) for everything that need not match NumPy.
 * The seed is mixed (a Weyl sequence through MurmurHash3's 32-bit finaliser) so that nearby
 * seeds give unrelated streams.
 *
 * @param seed - an integer in [0, 2^32)
 * @throws {@link RandomError} `INVALID_SEED` if `seed` is not an integer in [0, 2^32).
 *
 * @example
 * ```ts
 * const rng = createRandom(7);
 * rng.integer(0, 10); // 0..9
 * ```
 */
export function createRandom(seed: number): RandomGenerator {
  assertSeed(seed, 'createRandom');
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return new Sfc32(next(), next(), next(), next());
}
