import * as F from '../functional';
import type { OpDef } from './types';

/** σ(x) = 1 / (1 + e⁻ˣ), computed exactly as the seed's NumPy code does. ∂/∂x = σ(x)(1 − σ(x)). */
export const sigmoid: OpDef<undefined> = {
  name: 'sigmoid',
  forward: ([x]) => {
    const src = x!.data;
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = 1 / (1 + Math.exp(-src[i]!));
    return { data: out, shape: x!.shape };
  },
  vjp: (g, { out }) => [F.mulNoNan(F.mul(out, F.sub(1, out)), g)],
};
