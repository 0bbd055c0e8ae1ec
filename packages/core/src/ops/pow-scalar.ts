import * as F from '../functional';
import { unaryOp } from './unary';

/** xᵖ for a constant exponent p. ∂/∂x = p·xᵖ⁻¹; a zero upstream gradient stays zero. */
export const powScalar = unaryOp<{ exponent: number }>({
  name: 'powScalar',
  kernel: (x, out, { exponent }) => {
    if (exponent === 2) for (let i = 0; i < x.length; i++) out[i] = x[i]! * x[i]!;
    else for (let i = 0; i < x.length; i++) out[i] = x[i]! ** exponent;
  },
  derivative: ({ inputs: [x], attrs: { exponent } }) =>
    exponent === 2 ? F.mul(x, 2) : F.mulNoNan(F.powScalar(x, exponent - 1), exponent),
});
