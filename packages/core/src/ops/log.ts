import * as F from '../functional';
import type { OpDef } from './types';

/** ln x. ∂/∂x = 1/x; a zero upstream gradient stays zero at x = 0. */
export const log: OpDef<undefined> = {
  name: 'log',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.log(src[i]!);
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { inputs: [x] }) => [F.mulNoNan(F.div(1, x!), g)],
};
