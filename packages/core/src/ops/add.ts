import { type BinaryRun, broadcastBinary } from '../kernels';
import type { Binary, OpDef } from './types';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! + b[ib + i * sb]!;
};

/** a + b (broadcast). ∂/∂a = 1, ∂/∂b = 1. */
export const add: OpDef<Binary> = {
  name: 'add',
  forward: ([a, b]) => broadcastBinary('add', a, b, run),
  vjp: (g) => [g, g],
};
