import * as F from '../functional';
import { alignedStrides, gatherStrided, prepareGather } from '../kernels/index';
import { allocate } from '../pool';
import { sizeOf } from '../shape';
import type { OpDef, Unary } from './types';

/**
 * Repeats x along axes of size 1 (and new leading axes) to `shape`, by NumPy's rules. Its VJP
 * passes the gradient through: the engine's central unbroadcast sums it back to x's shape. The
 * tangent is broadcast alike.
 */
export const broadcastTo: OpDef<Unary, { shape: number[] }> = {
  name: 'broadcastTo',
  forward: ([x], { shape }, into) => ({
    // One value repeated (a scalar's gradient spread over what was summed): a fill, the same
    // values as the strided gather without computing its offsets.
    data:
      x.size === 1
        ? (into ?? allocate(sizeOf(shape))).fill(x.values[0]!)
        : gatherStrided(x.values, shape, alignedStrides(x.shape, shape), 0, into),
    shape,
  }),
  prepare: ([x], { shape }, out) => prepareGather(x.values, shape, alignedStrides(x.shape, shape), 0, out),
  vjp: (g) => [g],
  jvp: ([t], { attrs: { shape } }) => t && F.broadcastTo(t, shape),
  // New axes go after the batch axis, so that it meets the target's new leading axis.
  batch: ({ inputs: [x], size, attrs: { shape } }) => {
    const ones = new Array<number>(shape.length - (x.rank - 1)).fill(1);
    return F.broadcastTo(F.reshape(x, [size, ...ones, ...x.shape.slice(1)]), [size, ...shape]);
  },
};
