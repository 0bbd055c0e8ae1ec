import { derivedTensor } from '../construct';
import * as F from '../functional';
import { broadcastBinary } from '../kernels';
import type { Binary, OpDef } from './types';

/**
 * Element-wise max(a, b) (broadcast). The gradient goes to the larger input; on a tie it is
 * split evenly, half to each (as PyTorch).
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
    const w = broadcastBinary('maximum', a, b, (out, o, x, ix, sx, y, iy, sy, n) => {
      for (let i = 0; i < n; i++) {
        const p = x[ix + i * sx]!;
        const q = y[iy + i * sy]!;
        out[o + i] = p > q ? 1 : p === q ? 0.5 : 0;
      }
    });
    const wa = derivedTensor(w.data, w.shape, 'maximum');
    // Selected, not multiplied: the input that lost gets exactly 0 even for an infinite g.
    return [F.mulNoNan(g, wa), F.mulNoNan(g, F.sub(1, wa))];
  },
};
