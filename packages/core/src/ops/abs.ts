import { derivedTensor } from '../construct';
import { unaryOp } from './unary';

/** |x|. ∂/∂x = sign(x), taken as 0 at the kink x = 0 (as PyTorch does). */
export const abs = unaryOp<undefined>({
  name: 'abs',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!);
  },
  derivative: ({ inputs: [x] }) => {
    const src = x.values;
    const sign = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) sign[i] = src[i]! > 0 ? 1 : src[i]! < 0 ? -1 : 0;
    return derivedTensor(sign, x.shape, 'abs');
  },
});
