import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) {
    const y = a[ia + i * sa]!;
    const g = b[ib + i * sb]!;
    out[o + i] = g === 0 ? 0 : y * (1 - y) * g;
  }
};

/**
 * The sigmoid's VJP as one fused primitive (PyTorch's sigmoid_backward): given the sigmoid's
 * output y and the upstream gradient g, (y·(1 − y))·g in one pass, exactly 0 where g is 0.
 * Differentiable itself, so gradients of gradients work: ∂/∂y = g·(1 − 2y) (0 where g·u is 0),
 * ∂/∂g = y(1 − y).
 */
export const sigmoidBackward = binaryOp({
  name: 'sigmoidBackward',
  run,
  vjp: (u, { inputs: [y, g], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(F.sub(1, F.mul(y, 2)), F.mul(g, u)) : null,
    needsGrad[1] ? F.sigmoidBackward(y, u) : null,
  ],
});
