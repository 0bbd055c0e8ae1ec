import * as F from '../functional';
import { unaryOp } from './unary';

/** |x|. ∂/∂x = sign(x) = [x > 0] − [x < 0], taken as 0 at the kink x = 0 (as PyTorch does). */
export const abs = unaryOp<undefined>({
  name: 'abs',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!);
  },
  derivative: ({ inputs: [x] }) => F.sub(F.greater(x, 0), F.less(x, 0)),
});
