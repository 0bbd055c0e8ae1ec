import * as F from '../functional';
import { Tensor } from '../tensor';
import type { OpDef } from './types';

/** min(max(x, lo), hi). ∂/∂x = 1 where lo ≤ x ≤ hi, else 0. */
export const clamp: OpDef<{ lo: number; hi: number }> = {
  name: 'clamp',
  forward: ([x], { lo, hi }) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.min(Math.max(src[i]!, lo), hi);
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { inputs: [x], attrs: { lo, hi } }) => {
    const src = x!.data;
    const mask = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) mask[i] = src[i]! >= lo && src[i]! <= hi ? 1 : 0;
    return [F.mulNoNan(new Tensor(mask, x!.shape), g)];
  },
};
