import * as F from '../functional';
import { productOp } from './product';
import { sumOf } from './rules';

/**
 * aᵀ·b over the last two axes, a: [..., k, m], b: [..., k, n] → [..., m, n], a read in place
 * (matmul's ∂/∂b). ∂/∂a = b·gᵀ (matmulNT), ∂/∂b = a·g (matmul). The tangent is taᵀ·b + aᵀ·tb.
 */
export const matmulTN = productOp(
  'matmulTN',
  'tn',
  (g, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? F.matmul(b, g, { transposeB: true }) : null,
    needsGrad[1] ? F.matmul(a, g) : null,
  ],
  ([ta, tb], { inputs: [a, b] }) =>
    sumOf(ta && F.matmul(ta, b, { transposeA: true }), tb && F.matmul(a, tb, { transposeA: true })),
);
