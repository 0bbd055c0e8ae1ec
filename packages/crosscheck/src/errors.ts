/** Codes of {@link CrosscheckError}. */
export type CrosscheckErrorCode = 'INVALID_CONFIG' | 'CANCELLED' | 'DIVERGED';

/**
 * A bad experiment config (the message names the option and what is accepted), a cancelled run,
 * or a run whose loss or gradients stopped being finite (`DIVERGED`, naming the epoch).
 */
export class CrosscheckError extends Error {
  override readonly name = 'CrosscheckError';
  constructor(
    readonly code: CrosscheckErrorCode,
    message: string,
  ) {
    super(message);
  }
}
