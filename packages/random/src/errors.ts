/** Codes of {@link RandomError}: `INVALID_SEED` for a bad seed, `INVALID_RANGE` for bad bounds. */
export type RandomErrorCode = 'INVALID_SEED' | 'INVALID_RANGE';

/**
 * The error thrown for bad arguments to a generator. `code` says which kind; the message names
 * the function, the argument at fault and the value it got.
 *
 * @example
 * ```ts
 * try {
 *   numpyRandom(-1);
 * } catch (e) {
 *   if (e instanceof RandomError && e.code === 'INVALID_SEED') console.error(e.message);
 * }
 * ```
 */
export class RandomError extends Error {
  override readonly name = 'RandomError';
  /**
   * @param code - which kind of bad argument this is
   * @param message - what was wrong, naming the argument and the value received
   */
  constructor(
    readonly code: RandomErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws `INVALID_SEED` unless `value` is an integer in [0, 2^32); `where` and `name` go in the message. */
export function assertSeed(value: number, where: string, name = 'seed'): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RandomError(
      'INVALID_SEED',
      `${where}: ${name} must be an integer in [0, 2^32), got ${String(value)}`,
    );
  }
}
