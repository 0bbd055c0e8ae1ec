/**
 * nn's default generator: where layers draw their initial values when given no initialiser
 * (PyTorch's global generator). It starts from seed 0, so a program that builds the same
 * layers in the same order gets the same weights on every run, and each layer draws fresh
 * values from the one stream.
 */
import { createRandom, type RandomGenerator } from '@deltagrad/random';
import { seedOption } from './validate';

let seed = 0;
let generator = createRandom(seed);

/**
 * Reseeds nn's default generator (as `torch.manual_seed`): the layers built afterwards
 * without an initialiser draw from `createRandom(seed)`, in the order they are built.
 * Explicit initialisers and `seed` options are unaffected.
 *
 * @param seed - an integer in [0, 2^32)
 * @throws {@link NnError} `INVALID_OPTION` for any other seed.
 *
 * @example
 * ```ts
 * manualSeed(42);
 * const a = new Linear(2, 4); // the same weights on every run
 * const b = new Linear(4, 1); // fresh draws, not a's
 * ```
 */
export function manualSeed(value: number): void {
  seed = seedOption('manualSeed', 'seed', value);
  generator = createRandom(seed);
}

/** The seed of the default generator: 0, or the last one given to {@link manualSeed}. */
export function initialSeed(): number {
  return seed;
}

/**
 * The default generator itself, for initialisers that should share its stream
 * (`xavierUniform(defaultGenerator())`). {@link manualSeed} replaces it: a reference taken
 * before a reseed keeps drawing from the old stream.
 */
export function defaultGenerator(): RandomGenerator {
  return generator;
}

/**
 * @internal Runs `fn` with a throwaway default generator, then puts the real one back: how
 * loading builds layers without advancing the stream of the layers the program builds.
 */
export function withScratchGenerator<T>(fn: () => T): T {
  const saved = generator;
  generator = createRandom(0);
  try {
    return fn();
  } finally {
    generator = saved;
  }
}
