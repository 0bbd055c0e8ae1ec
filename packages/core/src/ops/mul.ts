import * as F from '../functional';
import { type BinaryRun, broadcastBinary } from '../kernels';
import type { OpDef } from './types';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! * b[ib + i * sb]!;
};

/** a ⊙ b (broadcast). ∂/∂a = b, ∂/∂b = a. */
export const mul: OpDef<undefined> = {
  name: 'mul',
  forward: ([a, b]) => broadcastBinary('mul', a!, b!, run),
  vjp: (g, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? F.mul(g, b!) : null,
    needsGrad[1] ? F.mul(g, a!) : null,
  ],
};
