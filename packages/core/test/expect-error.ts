/**
 * Assertions on thrown errors shared by core's tests: bad input and broken rules must be a
 * DeltagradError with a code and a message naming what is at fault, never a TypeError.
 */
import { DeltagradError, type DeltagradErrorCode } from '@deltagrad/core';
import { expect } from 'vitest';

/** The DeltagradError `fn` throws; fails the test when it returns or throws anything else. */
export function thrown(fn: () => unknown): DeltagradError {
  try {
    fn();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(DeltagradError);
    return error as DeltagradError;
  }
  return expect.fail('expected a throw');
}

/** `fn` throws a DeltagradError with `code` whose message contains every fragment. */
export function expectTyped(fn: () => unknown, code: DeltagradErrorCode, ...fragments: string[]): void {
  const error = thrown(fn);
  expect(error.code, error.message).toBe(code);
  for (const f of fragments) expect(error.message).toContain(f);
}
