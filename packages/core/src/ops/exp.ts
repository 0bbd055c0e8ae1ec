import { unaryOp } from './unary';

/** eˣ. ∂/∂x = eˣ = out; a zero upstream gradient stays zero where out is ∞. */
export const exp = unaryOp<undefined>({
  name: 'exp',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!);
  },
  derivative: ({ out }) => out,
});
