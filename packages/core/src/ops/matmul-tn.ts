import * as F from '../functional';
import { productOp } from './product';

/**
 * aᵀ·b over the last two axes, a: [..., k, m], b: [..., k, n] → [..., m, n], a read in place
 * (matmul's ∂/∂b). ∂/∂a = b·gᵀ (matmulNT), ∂/∂b = a·g (matmul).
 */
export const matmulTN = productOp('matmulTN', 'tn', (g, { inputs: [a, b], needsGrad }) => [
  needsGrad[0] ? F.matmul(b, g, { transposeB: true }) : null,
  needsGrad[1] ? F.matmul(a, g) : null,
]);
