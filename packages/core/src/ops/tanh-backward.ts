import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) {
    const y = a[ia + i * sa]!;
    const g = b[ib + i * sb]!;
    out[o + i] = g === 0 ? 0 : (1 - y * y) * g;
  }
};

/**
 * The tanh's VJP as one fused primitive (PyTorch's tanh_backward): given tanh's output y and
 * the upstream gradient g, (1 − y²)·g in one pass, exactly 0 where g is 0. Differentiable
 * itself: ∂/∂y = −2y·g (0 where g·u is 0), ∂/∂g = 1 − y².
 */
export const tanhBackward = binaryOp({
  name: 'tanhBackward',
  run,
  vjp: (u, { inputs: [y, g], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(F.mul(y, -2), F.mul(g, u)) : null,
    needsGrad[1] ? F.tanhBackward(y, u) : null,
  ],
});
