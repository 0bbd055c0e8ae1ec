import { grad, hessian, jacrev, type Tensor, tensor } from '@deltagrad/core';
import type { RandomGenerator } from '@deltagrad/random';
import { fmtShape, unravel } from '../dense';
import type { CheckResult } from '../report';
import { runCheck } from './result';

/** A primitive's Hessian forward over reverse and reverse over reverse agree to rounding: at most this relative difference. */
export const HESSIAN_TOLERANCE = 1e-12;

/**
 * The same for a composite (a layer, a loss): its second derivatives go through many ops, each
 * rounding once per mode, so the two orders of differentiation drift a little further apart
 * (LayerNorm's reach 6e-12 of the largest entry).
 */
export const COMPOSITE_HESSIAN_TOLERANCE = 1e-10;

/**
 * Checks second derivatives two ways: the Hessian of s(x) = ⟨w, f(x)⟩ (w random, the output's
 * shape) with respect to every input, forward over reverse (`hessian`: JVPs of the VJPs)
 * against reverse over reverse (`jacrev` of `grad`: VJPs of the VJPs). Every block of every
 * pair of inputs is compared; the error is relative to the largest entry of the Hessian, and
 * must be at most `opts.tolerance` ({@link HESSIAN_TOLERANCE} by default).
 */
export function checkHessian(
  call: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  label: string,
  rng: RandomGenerator,
  opts: { readonly tolerance?: number } = {},
): CheckResult {
  const tolerance = opts.tolerance ?? HESSIAN_TOLERANCE;
  return runCheck('hessian', label, () => {
    const shape = call(...inputs).shape;
    const w = tensor(
      Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
      { shape },
    );
    const s = (...xs: Tensor[]) =>
      call(...xs)
        .mul(w)
        .sum();
    const argnums = inputs.map((_, i) => i);
    const forwardOverReverse = hessian(s, { argnums })(...inputs) as unknown as Tensor[][];
    const gradient = grad(s, { argnums }) as unknown as (...xs: Tensor[]) => Tensor[];
    const reverseOverReverse = jacrev(gradient, { argnums })(...inputs) as unknown as Tensor[][];
    let scale = 0;
    for (const row of [...forwardOverReverse, ...reverseOverReverse])
      for (const block of row) for (const v of block.data) scale = Math.max(scale, Math.abs(v));
    let worst = 0;
    let where = '';
    let compared = 0;
    forwardOverReverse.forEach((row, i) => {
      row.forEach((block, j) => {
        const other = reverseOverReverse[i]![j]!;
        for (let k = 0; k < block.size; k++) {
          compared++;
          const a = block.data[k]!;
          const b = other.data[k]!;
          const error = Object.is(a, b) ? 0 : Math.abs(a - b) / (scale === 0 ? 1 : scale);
          if (!(error <= worst)) {
            worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
            where = `∂²s/∂x${i}∂x${j} element ${fmtShape(unravel(k, block.shape))}: forward over reverse ${a}, reverse over reverse ${b}`;
          }
        }
      });
    });
    const ok = worst <= tolerance;
    return {
      ok,
      maxError: worst,
      compared,
      message: ok ? null : `${where} (relative difference ${worst.toExponential(2)} > ${tolerance})`,
    };
  });
}
