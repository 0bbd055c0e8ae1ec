import * as F from '../functional';
import { broadcastBinary } from '../kernels';
import type { Tensor } from '../tensor';
import { broadcastingBatch, sumOf } from './rules';
import type { Binary, OpDef } from './types';

/** The share of the derivative that goes to a: 1 where a > b, ½ on a tie, 0 where b wins. */
function shareOfA(a: Tensor, b: Tensor): Tensor {
  return F.add(F.greater(a, b), F.mul(F.equal(a, b), 0.5));
}

/**
 * Element-wise max(a, b) (broadcast). The gradient goes to the larger input; on a tie it is
 * split evenly, half to each (as PyTorch). The tangent takes the same shares: w·ta + (1 − w)·tb.
 */
export const maximum: OpDef<Binary> = {
  name: 'maximum',
  forward: ([a, b], _attrs, into) =>
    broadcastBinary(
      'maximum',
      a,
      b,
      (out, o, x, ix, sx, y, iy, sy, n) => {
        for (let i = 0; i < n; i++) out[o + i] = Math.max(x[ix + i * sx]!, y[iy + i * sy]!);
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
  batch: broadcastingBatch(() => maximum),
};
