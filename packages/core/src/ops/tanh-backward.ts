import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';
import { sumOf } from './rules';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) {
    const y = a[ia + i * sa]!;
    const g = b[ib + i * sb]!;
    const d = 1 - y * y;
    out[o + i] = g === 0 || d === 0 ? 0 : d * g;
  }
};

/**
 * The tanh's VJP as one fused primitive (PyTorch's tanh_backward): given tanh's output y and
 * the upstream gradient g, (1 − y²)·g in one pass, exactly 0 where g is 0 or where the local
 * derivative 1 − y² is (|y| = 1, a saturated tanh), so 0·∞ never gives NaN. Differentiable
 * itself: ∂/∂y = −2y·g, ∂/∂g = 1 − y², each applied with mulNoNan (0 where it or u is 0).
 */
export const tanhBackward = binaryOp({
  name: 'tanhBackward',
  run,
  vjp: (u, { inputs: [y, g], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(F.mulNoNan(F.mul(y, -2), g), u) : null,
    needsGrad[1] ? F.tanhBackward(y, u) : null,
  ],
  jvp: ([ty, tg], { inputs: [y, g] }) =>
    sumOf(ty && F.mulNoNan(F.mulNoNan(F.mul(y, -2), g), ty), tg && F.tanhBackward(y, tg)),
});
