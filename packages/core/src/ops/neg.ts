import * as F from '../functional';
import { unaryOp } from './unary';

/** −x. ∂/∂x = −1: the gradient is −g and the tangent −t (no product with a local derivative). */
export const neg = unaryOp<undefined>({
  name: 'neg',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = -x[i]!;
  },
  vjp: (g) => [F.neg(g)],
  jvp: ([t]) => t && F.neg(t),
});
