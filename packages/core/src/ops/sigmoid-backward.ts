import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';
import { sumOf } from './rules';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) {
    const y = a[ia + i * sa]!;
    const g = b[ib + i * sb]!;
    const d = y * (1 - y);
    out[o + i] = g === 0 || d === 0 ? 0 : d * g;
  }
};

/**
 * The sigmoid's VJP as one fused primitive (PyTorch's sigmoid_backward): given the sigmoid's
 * output y and the upstream gradient g, (y·(1 − y))·g in one pass, exactly 0 where g is 0 or
 * where the local derivative y·(1 − y) is (a saturated sigmoid), so 0·∞ never gives NaN.
 * Differentiable itself, so gradients of gradients work: ∂/∂y = g·(1 − 2y), ∂/∂g = y(1 − y),
 * each applied with mulNoNan (0 where it or u is 0).
 */
export const sigmoidBackward = binaryOp({
  name: 'sigmoidBackward',
  run,
  vjp: (u, { inputs: [y, g], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(F.mulNoNan(F.sub(1, F.mul(y, 2)), g), u) : null,
    needsGrad[1] ? F.sigmoidBackward(y, u) : null,
  ],
  jvp: ([ty, tg], { inputs: [y, g] }) =>
    sumOf(ty && F.mulNoNan(F.mulNoNan(F.sub(1, F.mul(y, 2)), g), ty), tg && F.sigmoidBackward(y, tg)),
});
