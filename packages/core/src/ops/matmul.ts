import * as F from '../functional';
import { productOp } from './product';
import { sumOf } from './rules';

/**
 * Matrix product over the last two axes, a: [..., m, k] @ b: [..., k, n] → [..., m, n], batch
 * axes broadcast. ∂/∂a = g·bᵀ (matmulNT), ∂/∂b = aᵀ·g (matmulTN): no transpose is materialised;
 * the engine sums broadcast batch axes back. Bilinear: the tangent is ta·b + a·tb.
 */
export const matmul = productOp(
  'matmul',
  'nn',
  (g, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? F.matmul(g, b, { transposeB: true }) : null,
    needsGrad[1] ? F.matmul(a, g, { transposeA: true }) : null,
  ],
  ([ta, tb], { inputs: [a, b] }) => sumOf(ta && F.matmul(ta, b), tb && F.matmul(a, tb)),
);
