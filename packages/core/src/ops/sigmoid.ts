import * as F from '../functional';
import { unaryOp } from './unary';

/**
 * σ(x) = 1 / (1 + e⁻ˣ), computed exactly as the seed's NumPy code does. ∂/∂x = σ(x)(1 − σ(x)),
 * applied to g (and to a tangent t) by the fused sigmoidBackward.
 */
export const sigmoid = unaryOp<undefined>({
  name: 'sigmoid',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
  },
  vjp: (g, { out }) => [F.sigmoidBackward(out, g)],
  jvp: ([t], { out }) => t && F.sigmoidBackward(out, t),
});
