import { makeTensor } from '../construct';
import { unaryOp } from './unary';

/** max(x, 0). ∂/∂x = 1 for x > 0, else 0 (0 at the kink, as PyTorch). */
export const relu = unaryOp<undefined>({
  name: 'relu',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.max(x[i]!, 0);
  },
  derivative: ({ inputs: [x] }) => {
    const src = x.data;
    const mask = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) mask[i] = src[i]! > 0 ? 1 : 0;
    return makeTensor(mask, x.shape);
  },
});
