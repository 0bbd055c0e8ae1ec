/** Codes of {@link CrosscheckError}. */
export type CrosscheckErrorCode = 'INVALID_CONFIG' | 'CANCELLED';

/** A bad experiment config (the message names the option and what is accepted), or a cancelled run. */
export class CrosscheckError extends Error {
  override readonly name = 'CrosscheckError';
  constructor(
    readonly code: CrosscheckErrorCode,
    message: string,
  ) {
    super(message);
  }
}
