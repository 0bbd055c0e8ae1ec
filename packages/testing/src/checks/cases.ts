import { type NestedArray, ones, type Tensor, tensor, vjp } from '@deltagrad/core';
import { fromNested } from '../dense';
import type { CheckResult } from '../report';
import type { OpSpec, ValueCase } from '../spec';
import { compareValues } from '../values';
import { runCheck } from './result';
import { edgeTolerance, forwardTolerance } from './tolerance';

function fmtNested(v: NestedArray): string {
  return Array.isArray(v) ? `[${v.map(fmtNested).join(', ')}]` : Object.is(v, -0) ? '-0' : String(v);
}

/** How a case is named in reports: its `name`, or the op applied to its inputs. */
export function caseName(spec: OpSpec, c: ValueCase): string {
  return c.name ?? `${spec.op}(${c.inputs.map(fmtNested).join(', ')})`;
}

/** The case's inputs as fresh constant tensors. */
export function caseInputs(c: ValueCase): Tensor[] {
  return c.inputs.map((v) => tensor(v));
}

/**
 * Evaluates a reference or edge case: the output against `expected` and, when the case lists
 * them, each input's gradient for the case's upstream gradient (ones by default). Reference
 * cases use the forward tolerance; edge cases the near-exact, NaN-aware edge tolerance.
 */
export function checkCase(spec: OpSpec, c: ValueCase, kind: 'reference' | 'edge'): CheckResult {
  return runCheck(kind, `${kind} ${caseName(spec, c)}`, () => {
    const tol = kind === 'edge' ? edgeTolerance(spec, c) : forwardTolerance(spec, c);
    const { out, vjp: pullback } = vjp(c.call ?? spec.call, ...caseInputs(c));
    const value = compareValues(out, fromNested(c.expected), tol);
    let compared = out.size;
    if (!value.ok)
      return { ok: false, maxError: value.maxError, compared, message: `output ${value.message}` };
    let maxError = value.maxError;
    if (c.grads) {
      const grads = pullback(c.upstream === undefined ? ones(out.shape) : tensor(c.upstream));
      for (const [i, expected] of c.grads.entries()) {
        if (expected === null) continue;
        const cmp = compareValues(grads[i]!, fromNested(expected), tol);
        compared += grads[i]!.size;
        maxError = Math.max(maxError, cmp.maxError);
        if (!cmp.ok)
          return { ok: false, maxError, compared, message: `gradient of input ${i}: ${cmp.message}` };
      }
    }
    return { ok: true, maxError, compared };
  });
}
