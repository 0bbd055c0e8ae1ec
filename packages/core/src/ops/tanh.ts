import * as F from '../functional';
import type { OpDef } from './types';

/** tanh x. ∂/∂x = 1 − tanh²x = 1 − out². */
export const tanh: OpDef<undefined> = {
  name: 'tanh',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.tanh(src[i]!);
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { out }) => [F.mulNoNan(F.sub(1, F.mul(out, out)), g)],
};
