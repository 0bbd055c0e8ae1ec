import * as F from '../functional';
import { unaryOp } from './unary';

/**
 * max(x, 0). ∂/∂x = 1 for x > 0, else 0 (0 at the kink, as PyTorch), applied to g by the fused
 * reluBackward, which selects g (or a tangent t) rather than multiplying it.
 */
export const relu = unaryOp<undefined>({
  name: 'relu',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.max(x[i]!, 0);
  },
  vjp: (g, { inputs: [x] }) => [F.reluBackward(x, g)],
  jvp: ([t], { inputs: [x] }) => t && F.reluBackward(x, t),
});
