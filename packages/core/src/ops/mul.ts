import * as F from '../functional';
import { type BinaryRun, broadcastBinary } from '../kernels';
import type { Binary, OpDef } from './types';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! * b[ib + i * sb]!;
};

/** a ⊙ b (broadcast). ∂/∂a = b, ∂/∂b = a; a zero upstream gradient stays zero even where the other factor is ∞. */
export const mul: OpDef<Binary> = {
  name: 'mul',
  forward: ([a, b]) => broadcastBinary('mul', a, b, run),
  vjp: (g, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(b, g) : null,
    needsGrad[1] ? F.mulNoNan(a, g) : null,
  ],
};
