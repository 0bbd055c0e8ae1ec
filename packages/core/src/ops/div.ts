import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';
import { sumOf } from './rules';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! / b[ib + i * sb]!;
};

/** a / b (broadcast). ∂/∂a = 1/b, ∂/∂b = −a/b² = −out/b; a zero upstream gradient stays zero. */
export const div = binaryOp({
  name: 'div',
  run,
  vjp: (g, { inputs: [, b], out, needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(F.div(1, b), g) : null,
    needsGrad[1] ? F.mulNoNan(F.neg(F.div(out, b)), g) : null,
  ],
  jvp: ([ta, tb], { inputs: [, b], out }) =>
    sumOf(ta && F.mulNoNan(F.div(1, b), ta), tb && F.mulNoNan(F.neg(F.div(out, b)), tb)),
});
