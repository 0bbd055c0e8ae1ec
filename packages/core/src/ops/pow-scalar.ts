import * as F from '../functional';
import type { OpDef } from './types';

/** xᵖ for a constant exponent p. ∂/∂x = p·xᵖ⁻¹; a zero upstream gradient stays zero. */
export const powScalar: OpDef<{ exponent: number }> = {
  name: 'powScalar',
  forward: ([x], { exponent }) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    if (exponent === 2) for (let i = 0; i < src.length; i++) out[i] = src[i]! * src[i]!;
    else for (let i = 0; i < src.length; i++) out[i] = src[i]! ** exponent;
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { inputs: [x], attrs: { exponent } }) => {
    const local = exponent === 2 ? F.mul(x!, 2) : F.mulNoNan(F.powScalar(x!, exponent - 1), exponent);
    return [F.mulNoNan(local, g)];
  },
};
