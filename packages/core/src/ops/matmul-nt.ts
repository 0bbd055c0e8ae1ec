import * as F from '../functional';
import { productOp } from './product';
import { sumOf } from './rules';

/**
 * a·bᵀ over the last two axes, a: [..., m, k], b: [..., n, k] → [..., m, n], b read in place
 * (matmul's ∂/∂a). ∂/∂a = g·b (matmul), ∂/∂b = gᵀ·a (matmulTN). The tangent is ta·bᵀ + a·tbᵀ.
 */
export const matmulNT = productOp(
  'matmulNT',
  'nt',
  (g, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? F.matmul(g, b) : null,
    needsGrad[1] ? F.matmul(g, a, { transposeA: true }) : null,
  ],
  ([ta, tb], { inputs: [a, b] }) =>
    sumOf(ta && F.matmul(ta, b, { transposeB: true }), tb && F.matmul(a, tb, { transposeB: true })),
);
