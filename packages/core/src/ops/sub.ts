import * as F from '../functional';
import { type BinaryRun, broadcastBinary } from '../kernels';
import type { Binary, OpDef } from './types';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! - b[ib + i * sb]!;
};

/** a − b (broadcast). ∂/∂a = 1, ∂/∂b = −1. */
export const sub: OpDef<Binary> = {
  name: 'sub',
  forward: ([a, b]) => broadcastBinary('sub', a, b, run),
  vjp: (g, { needsGrad }) => [g, needsGrad[1] ? F.neg(g) : null],
};
