/** Codes of {@link RandomError}. */
export type RandomErrorCode = 'INVALID_SEED' | 'INVALID_RANGE';

/** The error thrown for bad arguments to a generator; `code` says which kind. */
export class RandomError extends Error {
  override readonly name = 'RandomError';
  constructor(
    readonly code: RandomErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws unless `seed` is an integer in [0, 2^32). */
export function assertSeed(seed: number, where: string): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RandomError('INVALID_SEED', `${where}: seed must be an integer in [0, 2^32), got ${seed}`);
  }
}
