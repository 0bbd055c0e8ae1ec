import { alignedStrides, gatherStrided, prepareGather } from '../kernels/index';
import type { OpDef, Unary } from './types';

/**
 * Repeats x along axes of size 1 (and new leading axes) to `shape`, by NumPy's rules. Its VJP
 * passes the gradient through: the engine's central unbroadcast sums it back to x's shape.
 */
export const broadcastTo: OpDef<Unary, { shape: number[] }> = {
  name: 'broadcastTo',
  forward: ([x], { shape }, into) => ({
    data: gatherStrided(x.values, shape, alignedStrides(x.shape, shape), 0, into),
    shape,
  }),
  prepare: ([x], { shape }, out) => prepareGather(x.values, shape, alignedStrides(x.shape, shape), 0, out),
  vjp: (g) => [g],
};
