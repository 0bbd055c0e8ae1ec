import { derivedTensor } from '../construct';
import { unaryOp } from './unary';

/**
 * min(max(x, lo), hi). ∂/∂x = 1 where lo ≤ x ≤ hi, else 0: the bounds count as inside, so the
 * derivative at x = lo and x = hi is 1 (as PyTorch).
 */
export const clamp = unaryOp<{ lo: number; hi: number }>({
  name: 'clamp',
  kernel: (x, out, { lo, hi }) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i]!, lo), hi);
  },
  derivative: ({ inputs: [x], attrs: { lo, hi } }) => {
    const src = x.values;
    const mask = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) mask[i] = src[i]! >= lo && src[i]! <= hi ? 1 : 0;
    return derivedTensor(mask, x.shape, 'clamp');
  },
});
