/**
 * Codes of {@link DeltagradError}. Each names one kind of mistake, so callers can branch on
 * `error.code` instead of parsing messages.
 */
export type DeltagradErrorCode =
  | 'SHAPE_MISMATCH'
  | 'INVALID_SHAPE'
  | 'INVALID_ARGUMENT'
  | 'NON_SCALAR_OUTPUT'
  | 'GRAPH_RELEASED'
  | 'NO_GRAD'
  | 'ANOMALY'
  | 'GRADCHECK_FAILED'
  | 'NOT_COMPILABLE'
  | 'UNSUPPORTED';

/**
 * The one error class of @deltagrad/core. The message names the op or function at fault and the
 * shapes or values involved; `code` says which kind of error it is.
 *
 * @example
 * ```ts
 * try { add(zeros([2, 3]), zeros([4])); }
 * catch (e) { if (e instanceof DeltagradError && e.code === 'SHAPE_MISMATCH') … }
 * ```
 */
export class DeltagradError extends Error {
  override readonly name = 'DeltagradError';
  constructor(
    readonly code: DeltagradErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Formats a shape the way messages show it: `[2, 3]`, `[]` for a scalar. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
