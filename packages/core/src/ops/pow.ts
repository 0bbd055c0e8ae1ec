import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import type { Tensor } from '../tensor';
import { binaryOp } from './binary';
import { sumOf } from './rules';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! ** b[ib + i * sb]!;
};

/** ∂out/∂a = b·aᵇ⁻¹. */
function baseSlope(a: Tensor, b: Tensor): Tensor {
  return F.mulNoNan(F.pow(a, F.sub(b, 1)), b);
}

/** ∂out/∂b = aᵇ·ln a, taken as 0 where a = 0 and b ≥ 0. */
function exponentSlope(a: Tensor, b: Tensor, out: Tensor): Tensor {
  const zeroBase = F.mul(F.equal(a, 0), F.compare(b, 0, 'ge'));
  return F.where(zeroBase, 0, F.mul(out, F.log(a)));
}

/**
 * aᵇ with a tensor exponent (broadcast). ∂/∂a = b·aᵇ⁻¹; ∂/∂b = aᵇ·ln a, taken as 0 where
 * a = 0 and b ≥ 0 (as PyTorch), so 0ᵇ does not poison the exponent's gradient.
 */
export const pow = binaryOp({
  name: 'pow',
  run,
  vjp: (g, { inputs: [a, b], out, needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(baseSlope(a, b), g) : null,
    needsGrad[1] ? F.mulNoNan(exponentSlope(a, b, out), g) : null,
  ],
  jvp: ([ta, tb], { inputs: [a, b], out }) =>
    sumOf(ta && F.mulNoNan(baseSlope(a, b), ta), tb && F.mulNoNan(exponentSlope(a, b, out), tb)),
});
