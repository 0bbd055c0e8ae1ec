import * as F from '../functional';
import { productOp } from './product';

/**
 * Matrix product over the last two axes, a: [..., m, k] @ b: [..., k, n] → [..., m, n], batch
 * axes broadcast. ∂/∂a = g·bᵀ (matmulNT), ∂/∂b = aᵀ·g (matmulTN): no transpose is materialised;
 * the engine sums broadcast batch axes back.
 */
export const matmul = productOp('matmul', 'nn', (g, { inputs: [a, b], needsGrad }) => [
  needsGrad[0] ? F.matmul(g, b, { transposeB: true }) : null,
  needsGrad[1] ? F.matmul(a, g, { transposeA: true }) : null,
]);
