import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';
import { sumOf } from './rules';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! * b[ib + i * sb]!;
};

/** a ⊙ b (broadcast). ∂/∂a = b, ∂/∂b = a; a zero upstream gradient stays zero even where the other factor is ∞. */
export const mul = binaryOp({
  name: 'mul',
  run,
  vjp: (g, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(b, g) : null,
    needsGrad[1] ? F.mulNoNan(a, g) : null,
  ],
  jvp: ([ta, tb], { inputs: [a, b] }) => sumOf(ta && F.mulNoNan(b, ta), tb && F.mulNoNan(a, tb)),
});
