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
  | 'UNSUPPORTED'
  | 'TOO_LARGE'
  | 'MODIFIED_IN_PLACE';

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
    super(typeof message === 'string' ? message : describeValue(message));
  }
}

/** Formats a shape the way messages show it: `[2, 3]`, `[]` for a scalar. */
export function fmtShape(shape: readonly number[]): string {
  // A shape argument under validation may hold anything (an array nested 10,000 deep).
  return `[${shape.map((d) => (typeof d === 'number' ? String(d) : describeValue(d))).join(', ')}]`;
}

/**
 * How messages show a value the caller passed: `the number 5`, `the string "abc"`, `null`,
 * `an array`, `a Float32Array`, `a Tensor of shape [2, 3]`. Never throws, never prints more than
 * a short string.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
      return `the number ${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'bigint':
      return `the bigint ${value}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (Array.isArray(value)) return 'an array';
  try {
    const shape = (value as { shape?: unknown }).shape;
    const name = (value as object).constructor?.name;
    if (name === 'Tensor' && Array.isArray(shape)) return `a Tensor of shape ${fmtShape(shape)}`;
    if (ArrayBuffer.isView(value)) return `a ${name ?? 'typed array'}`;
    return typeof name === 'string' && name !== 'Object' && name !== '' ? `a ${name}` : 'an object';
  } catch {
    return 'an object'; // a hostile proxy or getter: say no more
  }
}
