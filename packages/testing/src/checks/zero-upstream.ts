import { type Tensor, vjp, zeros } from '@deltagrad/core';
import { fmtShape, unravel } from '../dense';
import type { CheckResult } from '../report';
import { runCheck } from './result';

/**
 * Checks that a zero upstream gradient gives gradients that are exactly zero (±0), never NaN:
 * the property that keeps the untaken branch of `where` from poisoning a gradient.
 */
export function checkZeroUpstream(
  call: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  label: string,
): CheckResult {
  return runCheck('zeroUpstream', label, () => {
    const { out, vjp: pullback } = vjp(call, ...inputs);
    const grads = pullback(zeros(out.shape));
    let compared = 0;
    for (const [i, g] of grads.entries()) {
      for (let k = 0; k < g.size; k++) {
        compared++;
        const v = g.data[k]!;
        if (v !== 0) {
          return {
            ok: false,
            maxError: Math.abs(v),
            compared,
            message: `gradient of input ${i} element ${fmtShape(unravel(k, g.shape))} is ${v}, expected 0`,
          };
        }
      }
    }
    return { ok: true, maxError: 0, compared };
  });
}
