/**
 * Codes of {@link NnError}: one per kind of mistake, so callers branch on `error.code` rather
 * than on message text.
 *
 * - `INVALID_OPTION`: an option or argument is out of range, of the wrong type, or unknown.
 * - `SHAPE_MISMATCH`: a tensor, parameter or saved buffer has a shape other than the one expected.
 * - `MODEL_FORMAT`: a model file (or optimizer state) is not what the format allows.
 * - `UNKNOWN_LAYER`: a model file names a layer this library does not know, or a custom module
 *   cannot be described for saving.
 * - `NON_FINITE`: a NaN or ±Infinity where only finite numbers are allowed (a loss during `fit`,
 *   a gradient in `step`, a value in a model file).
 * - `NEWER_FORMAT`: a model file of a format version newer than this library reads.
 * - `IO`: reading or writing a model file failed (from `@deltagrad/nn/node`).
 */
export type NnErrorCode =
  | 'INVALID_OPTION'
  | 'SHAPE_MISMATCH'
  | 'MODEL_FORMAT'
  | 'UNKNOWN_LAYER'
  | 'NON_FINITE'
  | 'NEWER_FORMAT'
  | 'IO';

/**
 * The one error class of `@deltagrad/nn`. The message names the option, layer, parameter,
 * path or shape at fault; `code` says which kind of error it is. Errors of the engine itself
 * (`DeltagradError` from `@deltagrad/core`) pass through unchanged.
 *
 * @example
 * ```ts
 * try {
 *   new SGD(model, { lr: -1 });
 * } catch (e) {
 *   if (e instanceof NnError && e.code === 'INVALID_OPTION') console.error(e.message);
 *   // "SGD: option lr must be a finite number > 0, got -1"
 * }
 * ```
 */
export class NnError extends Error {
  override readonly name = 'NnError';
  constructor(
    readonly code: NnErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Formats a shape as messages show it: `[2, 3]`, `[]` for a scalar. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A short, safe rendering of any value for an error message. */
export function fmtValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || typeof value === 'boolean' || typeof value === 'undefined') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
