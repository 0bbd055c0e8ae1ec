import { derivedTensor } from '../construct';
import * as F from '../functional';
import { broadcastBinary } from '../kernels';
import type { Binary, OpDef } from './types';

/** Element-wise min(a, b) (broadcast); on a tie the gradient is split evenly. */
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
    const w = broadcastBinary('minimum', a, b, (out, o, x, ix, sx, y, iy, sy, n) => {
      for (let i = 0; i < n; i++) {
        const p = x[ix + i * sx]!;
        const q = y[iy + i * sy]!;
        out[o + i] = p < q ? 1 : p === q ? 0.5 : 0;
      }
    });
    const wa = derivedTensor(w.data, w.shape, 'minimum');
    // Selected, not multiplied: the input that lost gets exactly 0 even for an infinite g.
    return [F.mulNoNan(g, wa), F.mulNoNan(g, F.sub(1, wa))];
  },
};
