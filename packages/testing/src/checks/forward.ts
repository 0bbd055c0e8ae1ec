import { noGrad, type Tensor } from '@deltagrad/core';
import { type Dense, elementwise } from '../dense';
import type { CheckResult } from '../report';
import type { OpSpec } from '../spec';
import { compareValues } from '../values';
import { runCheck } from './result';
import { forwardTolerance } from './tolerance';

/** The spec's independent expectation for `inputs`: its `scalar` broadcast, or its `oracle`. */
export function expectedOutput(spec: OpSpec, inputs: readonly Dense[]): Dense | null {
  if (spec.scalar) return elementwise(spec.scalar, inputs);
  if (spec.oracle) return spec.oracle(...inputs);
  return null;
}

/**
 * Checks the op's output on `inputs` against the spec's `scalar` (broadcast by the harness,
 * not by core) or `oracle`, within the forward tolerance.
 */
export function checkForward(spec: OpSpec, inputs: readonly Tensor[], label: string): CheckResult {
  return runCheck('forward', label, () => {
    const out = noGrad(() => spec.call(...inputs));
    const expected = expectedOutput(spec, inputs);
    if (expected === null) return { ok: false, message: 'the spec has neither scalar nor oracle' };
    const cmp = compareValues(out, expected, forwardTolerance(spec));
    return { ok: cmp.ok, maxError: cmp.maxError, compared: expected.data.length, message: cmp.message };
  });
}
