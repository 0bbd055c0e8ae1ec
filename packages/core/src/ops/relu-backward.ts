import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! > 0 ? b[ib + i * sb]! : 0;
};

/**
 * The relu's VJP as one fused primitive (PyTorch's threshold_backward): given relu's input x
 * and the upstream gradient g, g where x > 0 and 0 elsewhere — selected, not multiplied, so an
 * infinite g gives 0 (not NaN) where x ≤ 0. Piecewise constant in x (∂/∂x = 0); ∂/∂g is the
 * same selection, applied to u or to a tangent.
 */
export const reluBackward = binaryOp({
  name: 'reluBackward',
  run,
  vjp: (u, { inputs: [x], needsGrad }) => [null, needsGrad[1] ? F.reluBackward(x, u) : null],
  jvp: ([, tg], { inputs: [x] }) => tg && F.reluBackward(x, tg),
});
