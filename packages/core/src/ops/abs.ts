import * as F from '../functional';
import { Tensor } from '../tensor';
import type { OpDef } from './types';

/** |x|. ∂/∂x = sign(x), taken as 0 at the kink x = 0 (as PyTorch does). */
export const abs: OpDef<undefined> = {
  name: 'abs',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.abs(src[i]!);
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { inputs: [x] }) => {
    const src = x!.data;
    const sign = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) sign[i] = src[i]! > 0 ? 1 : src[i]! < 0 ? -1 : 0;
    return [F.mulNoNan(new Tensor(sign, x!.shape), g)];
  },
};
