import * as F from '../functional';
import { unaryOp } from './unary';

/** ln(1 + eˣ), computed stably as max(x, 0) + ln(1 + e^−|x|). ∂/∂x = σ(x). */
export const softplus = unaryOp<undefined>({
  name: 'softplus',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }
  },
  derivative: ({ inputs: [x] }) => F.sigmoid(x),
});
