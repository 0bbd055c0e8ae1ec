import { Sfc32 } from './base';
import { assertSeed } from './errors';
import { MT19937 } from './mt19937';
import type { RandomGenerator } from './types';

export { BaseGenerator, Sfc32 } from './base';
export { RandomError, type RandomErrorCode } from './errors';
export { MT19937 } from './mt19937';
export type { RandomGenerator } from './types';

/**
 * A generator that reproduces NumPy's legacy global stream: `numpyRandom(42)` then
 * `normal()` draws what `np.random.seed(42); np.random.randn()` draws.
 */
export function numpyRandom(seed: number): RandomGenerator {
  return new MT19937(seed);
}

/**
 * The fast default generator (SFC32) for everything that need not match NumPy.
 * The seed is mixed with SplitMix32 so that nearby seeds give unrelated streams.
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
