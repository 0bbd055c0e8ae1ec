import * as F from '../functional';
import { unaryOp } from './unary';

/** ln x. ∂/∂x = 1/x; a zero upstream gradient stays zero at x = 0. */
export const log = unaryOp<undefined>({
  name: 'log',
  kernel: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]!);
  },
  derivative: ({ inputs: [x] }) => F.div(1, x),
});
