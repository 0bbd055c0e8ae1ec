/**
 * A seeded source of random numbers. Every deltagrad package that draws random numbers takes
 * one of these, so a run is reproducible from its seed alone.
 *
 * @example
 * ```ts
 * import { createRandom } from '@deltagrad/random';
 * const rng = createRandom(42);
 * rng.float();        // in [0, 1)
 * rng.normal();       // standard normal
 * rng.uniform(-1, 1); // in [-1, 1)
 * ```
 */
export interface RandomGenerator {
  /** A double in [0, 1) with 53 random bits. */
  float(): number;
  /** A standard normal draw (mean 0, standard deviation 1). */
  normal(): number;
  /** A double in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** An integer in [lo, hi) (hi exclusive), drawn without modulo bias. */
  integer(lo: number, hi: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** A new generator whose stream is independent of this one; advances this generator. */
  fork(): RandomGenerator;
}
