/**
 * Checks of the arguments the public functions take, so a wrong one is a `DeltagradError`
 * naming the function, the argument and the value, never a TypeError from deep inside a kernel.
 */
import { isTensor } from './construct';
import { toTensor } from './engine';
import { DeltagradError, describeValue } from './errors';
import type { Tensor, TensorLike } from './tensor';

/** `value` if it is a Tensor; otherwise throws `INVALID_ARGUMENT` naming `op` and `name`. */
export function tensorArg(value: unknown, op: string, name: string): Tensor {
  if (isTensor(value)) return value;
  throw new DeltagradError(
    'INVALID_ARGUMENT',
    `${op}: ${name} must be a Tensor, got ${describeValue(value)}`,
  );
}

/** A Tensor, or a number wrapped as a 0-d constant; anything else throws `INVALID_ARGUMENT`. */
export function tensorLikeArg(value: unknown, op: string, name: string): Tensor {
  if (typeof value === 'number' || isTensor(value)) return toTensor(value as TensorLike);
  throw new DeltagradError(
    'INVALID_ARGUMENT',
    `${op}: ${name} must be a Tensor or a number, got ${describeValue(value)}`,
  );
}

/** Throws `INVALID_ARGUMENT` unless `value` is a number (NaN and ±Infinity included). */
export function numberArg(value: unknown, op: string, name: string): number {
  if (typeof value === 'number') return value;
  throw new DeltagradError(
    'INVALID_ARGUMENT',
    `${op}: ${name} must be a number, got ${describeValue(value)}`,
  );
}

/** Throws `INVALID_ARGUMENT` unless `value` is an array of integers (an axis list, bounds, a shape). */
export function integersArg(value: unknown, op: string, name: string): readonly number[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isInteger(v))) return value;
  const what = Array.isArray(value)
    ? `an array holding ${describeValue(value.find((v) => typeof v !== 'number' || !Number.isInteger(v)))}`
    : describeValue(value);
  throw new DeltagradError('INVALID_ARGUMENT', `${op}: ${name} must be an array of integers, got ${what}`);
}

/** Throws `INVALID_ARGUMENT` unless `value` is a boolean (or undefined, giving `fallback`). */
export function booleanArg(value: unknown, op: string, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  throw new DeltagradError(
    'INVALID_ARGUMENT',
    `${op}: ${name} must be a boolean, got ${describeValue(value)}`,
  );
}
