import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';
import { sumOf } from './rules';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! - b[ib + i * sb]!;
};

/** a − b (broadcast). ∂/∂a = 1, ∂/∂b = −1: the tangent is ta − tb. */
export const sub = binaryOp({
  name: 'sub',
  run,
  vjp: (g, { needsGrad }) => [g, needsGrad[1] ? F.neg(g) : null],
  jvp: ([ta, tb]) => sumOf(ta, tb && F.neg(tb)),
});
