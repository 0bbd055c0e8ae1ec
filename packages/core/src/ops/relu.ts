import * as F from '../functional';
import { Tensor } from '../tensor';
import type { OpDef } from './types';

/** max(x, 0). ∂/∂x = 1 for x > 0, else 0 (0 at the kink, as PyTorch). */
export const relu: OpDef<undefined> = {
  name: 'relu',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.max(src[i]!, 0);
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { inputs: [x] }) => {
    const src = x!.data;
    const mask = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) mask[i] = src[i]! > 0 ? 1 : 0;
    return [F.mulNoNan(new Tensor(mask, x!.shape), g)];
  },
};
