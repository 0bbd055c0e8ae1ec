import * as F from '../functional';
import type { OpDef } from './types';

/** √x. ∂/∂x = 1/(2√x) = 0.5/out; a zero upstream gradient stays zero at x = 0. */
export const sqrt: OpDef<undefined> = {
  name: 'sqrt',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.sqrt(src[i]!);
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { out }) => [F.mulNoNan(F.div(0.5, out), g)],
};
