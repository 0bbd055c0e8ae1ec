import * as F from '../functional';
import type { OpDef } from './types';

/** −x. ∂/∂x = −1. */
export const neg: OpDef<undefined> = {
  name: 'neg',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = -src[i]!;
    return { data: out, shape: x!.shape };
  },
  vjp: (g) => [F.neg(g)],
};
