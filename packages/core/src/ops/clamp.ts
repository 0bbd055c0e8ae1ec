import * as F from '../functional';
import { unaryOp } from './unary';

/**
 * min(max(x, lo), hi). ∂/∂x = [lo ≤ x ≤ hi]: the bounds count as inside, so the derivative at
 * x = lo and x = hi is 1 (as PyTorch), and 0 outside.
 */
export const clamp = unaryOp<{ lo: number; hi: number }>({
  name: 'clamp',
  kernel: (x, out, { lo, hi }) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i]!, lo), hi);
  },
  derivative: ({ inputs: [x], attrs: { lo, hi } }) => F.mul(F.compare(x, lo, 'ge'), F.compare(x, hi, 'le')),
});
