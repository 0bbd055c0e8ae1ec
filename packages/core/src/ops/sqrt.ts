import * as F from '../functional';
import { unaryOp } from './unary';

/** √x. ∂/∂x = 1/(2√x) = 0.5/out; a zero upstream gradient stays zero at x = 0. */
export const sqrt = unaryOp<undefined>({
  name: 'sqrt',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]!);
  },
  derivative: ({ out }) => F.div(0.5, out),
});
