import * as F from '../functional';
import { unaryOp } from './unary';

/** tanh x. ∂/∂x = 1 − tanh²x = 1 − out², applied to g (and to a tangent t) by the fused tanhBackward. */
export const tanh = unaryOp<undefined>({
  name: 'tanh',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]!);
  },
  vjp: (g, { out }) => [F.tanhBackward(out, g)],
  jvp: ([t], { out }) => t && F.tanhBackward(out, t),
});
