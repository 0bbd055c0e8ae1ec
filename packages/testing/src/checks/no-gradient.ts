import { ones, type Tensor, vjp } from '@deltagrad/core';
import { fmtShape, unravel } from '../dense';
import type { CheckResult } from '../report';
import { runCheck } from './result';

/**
 * For ops without a derivative (comparisons): checks that every input's gradient is exactly
 * zero for an upstream gradient of ones.
 */
export function checkNoGradient(
  call: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  label: string,
): CheckResult {
  return runCheck('noGradient', label, () => {
    const { out, vjp: pullback } = vjp(call, ...inputs);
    const grads = pullback(ones(out.shape));
    let compared = 0;
    for (const [i, g] of grads.entries()) {
      for (let k = 0; k < g.size; k++) {
        compared++;
        if (g.data[k] !== 0) {
          return {
            ok: false,
            compared,
            message: `gradient of input ${i} element ${fmtShape(unravel(k, g.shape))} is ${g.data[k]}, expected 0`,
          };
        }
      }
    }
    return { ok: true, maxError: 0, compared };
  });
}
