import * as F from '../functional';
import type { OpDef } from './types';

/** eˣ. ∂/∂x = eˣ = out; a zero upstream gradient stays zero where out is ∞. */
export const exp: OpDef<undefined> = {
  name: 'exp',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.exp(src[i]!);
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { out }) => [F.mulNoNan(out, g)],
};
