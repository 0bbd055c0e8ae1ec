import * as F from '../functional';
import type { OpDef } from './types';

/** ln(1 + eˣ), computed stably as max(x, 0) + ln(1 + e^−|x|). ∂/∂x = σ(x). */
export const softplus: OpDef<undefined> = {
  name: 'softplus',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { inputs: [x] }) => [F.mulNoNan(F.sigmoid(x!), g)],
};
