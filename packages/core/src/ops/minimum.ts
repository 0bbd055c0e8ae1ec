import * as F from '../functional';
import { broadcastBinary } from '../kernels';
import type { Tensor } from '../tensor';
import { broadcastingBatch, sumOf } from './rules';
import type { Binary, OpDef } from './types';

/** The share of the derivative that goes to a: 1 where a < b, ½ on a tie, 0 where b wins. */
function shareOfA(a: Tensor, b: Tensor): Tensor {
  return F.add(F.less(a, b), F.mul(F.equal(a, b), 0.5));
}

/**
 * Element-wise min(a, b) (broadcast); on a tie the gradient is split evenly. The tangent takes
 * the same shares: w·ta + (1 − w)·tb.
 */
export const minimum: OpDef<Binary> = {
  name: 'minimum',
  forward: ([a, b], _attrs, into) =>
    broadcastBinary(
      'minimum',
      a,
      b,
      (out, o, x, ix, sx, y, iy, sy, n) => {
        for (let i = 0; i < n; i++) out[o + i] = Math.min(x[ix + i * sx]!, y[iy + i * sy]!);
      },
      into,
    ),
  vjp: (g, { inputs: [a, b] }) => {
    const wa = shareOfA(a, b);
    // Selected, not multiplied: the input that lost gets exactly 0 even for an infinite g.
    return [F.mulNoNan(g, wa), F.mulNoNan(g, F.sub(1, wa))];
  },
  jvp: ([ta, tb], { inputs: [a, b] }) => {
    const wa = shareOfA(a, b);
    return sumOf(ta && F.mulNoNan(ta, wa), tb && F.mulNoNan(tb, F.sub(1, wa)));
  },
  batch: broadcastingBatch(() => minimum),
};
