/**
 * What kind of bad input a {@link ManualError} reports:
 *
 * - `INVALID_MATRIX`: a matrix whose `data` is not a `Float64Array` of `rows × cols` numbers,
 *   or ragged rows given to `fromRows`.
 * - `INVALID_SIZES`: layer sizes that are not at least two positive integers.
 * - `INVALID_ACTIVATION`: an unknown activation name, or not one per layer.
 * - `INVALID_LOSS`: an unknown loss name, or `bce` without a sigmoid output layer.
 * - `SHAPE_MISMATCH`: parameters, inputs or targets whose shape does not fit the network.
 * - `INVALID_OPTION`: a bad training or formatting option (learning rate, epochs, …).
 * - `UNSUPPORTED_FORMAT`: an array NumPy would print in a form the formatter does not
 *   reproduce (scientific notation, wrapped lines, summarised arrays).
 */
export type ManualErrorCode =
  | 'INVALID_MATRIX'
  | 'INVALID_SIZES'
  | 'INVALID_ACTIVATION'
  | 'INVALID_LOSS'
  | 'SHAPE_MISMATCH'
  | 'INVALID_OPTION'
  | 'UNSUPPORTED_FORMAT';

/**
 * The one error this package throws. `code` says which kind of input was wrong; the message
 * names the function, the option or shape at fault, and what it got. Functions validate
 * everything before they compute, so a throw never leaves parameters half updated.
 *
 * @example
 * ```ts
 * try {
 *   forward(network, params, X);
 * } catch (e) {
 *   if (e instanceof ManualError && e.code === 'SHAPE_MISMATCH') console.error(e.message);
 * }
 * ```
 */
export class ManualError extends Error {
  override readonly name = 'ManualError';
  /**
   * @param code - which kind of bad input this is
   * @param message - what was wrong, naming the option or shape and the value received
   */
  constructor(
    readonly code: ManualErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** @internal A value for an error message: strings quoted, arrays bracketed, the rest as `String`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (value instanceof Float64Array) return `Float64Array(${value.length})`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
