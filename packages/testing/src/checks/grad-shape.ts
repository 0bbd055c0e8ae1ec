import { ones, type Tensor, tensor, vjp } from '@deltagrad/core';
import { fmtShape } from '../dense';
import type { CheckResult } from '../report';
import type { OpSpec } from '../spec';
import { runCheck } from './result';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks that every input's gradient has the input's shape, both from `vjp` and from
 * `backward()` into `.grad` of leaves (broadcast inputs must be summed back by the engine).
 */
export function checkGradShape(spec: OpSpec, inputs: readonly Tensor[], label: string): CheckResult {
  return runCheck('gradShape', label, () => {
    const { out, vjp: pullback } = vjp(spec.call, ...inputs);
    const grads = pullback(ones(out.shape));
    for (const [i, g] of grads.entries()) {
      if (!sameShape(g.shape, inputs[i]!.shape)) {
        return {
          ok: false,
          message: `vjp: gradient of input ${i} has shape ${fmtShape(g.shape)}, input has ${fmtShape(inputs[i]!.shape)}`,
        };
      }
    }
    const leaves = inputs.map((t) => tensor(t.data, { shape: t.shape, requiresGrad: true }));
    const y = spec.call(...leaves);
    if (y.requiresGrad) y.backward(ones(y.shape));
    for (const [i, leaf] of leaves.entries()) {
      if (leaf.grad !== null && !sameShape(leaf.grad.shape, leaf.shape)) {
        return {
          ok: false,
          message: `backward: .grad of input ${i} has shape ${fmtShape(leaf.grad.shape)}, input has ${fmtShape(leaf.shape)}`,
        };
      }
    }
    return { ok: true, compared: grads.length };
  });
}
