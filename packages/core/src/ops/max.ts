import * as F from '../functional';
import { broadcastOffsets } from '../kernels';
import { allocate } from '../pool';
import { reducedShape, sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import type { ReduceAttrs } from './sum';
import type { OpDef, Unary } from './types';

/**
 * Each element's share of the derivative of max over `axes`: 1/c for each of the c elements
 * equal to the maximum of their slice, 0 for the others.
 */
function shares(x: Tensor, out: Tensor, axes: readonly number[]): Tensor {
  const atMax = F.equal(x, F.reshape(out, reducedShape(x.shape, axes, true)));
  return F.where(atMax, F.div(1, F.sum(atMax, axes, true)), 0);
}

/**
 * max over `axes`. The gradient goes to the maximal elements; ties split it evenly (each of
 * c tied elements gets 1/c), as tfjs and JAX do. The tangent is the same weighted sum of the
 * input's tangent. Batched: the same axes, one further along.
 */
export const max: OpDef<Unary, ReduceAttrs> = {
  name: 'max',
  forward: ([x], { axes, keepdims }, into) => {
    const src = x.values;
    const kept = reducedShape(x.shape, axes, true);
    const out = (into ?? allocate(sizeOf(kept))).fill(Number.NEGATIVE_INFINITY);
    const offsets = broadcastOffsets(kept, x.shape);
    for (let i = 0; i < src.length; i++) {
      const o = offsets[i]!;
      const v = src[i]!;
      // NaN propagates, as in NumPy.
      if (v > out[o]! || Number.isNaN(v)) out[o] = v;
    }
    return { data: out, shape: keepdims ? kept : reducedShape(x.shape, axes, false) };
  },
  vjp: (g, { inputs: [x], out, attrs: { axes } }) => {
    const spread = F.broadcastTo(F.reshape(g, reducedShape(x.shape, axes, true)), x.shape);
    // Selected, not multiplied: elements below the maximum get exactly 0 even for an infinite g.
    return [F.mulNoNan(spread, shares(x, out, axes))];
  },
  jvp: ([t], { inputs: [x], out, attrs: { axes, keepdims } }) =>
    t && F.sum(F.mulNoNan(t, shares(x, out, axes)), axes, keepdims),
  batch: ({ inputs: [x], attrs: { axes, keepdims } }) =>
    F.max(
      x,
      axes.map((a) => a + 1),
      keepdims,
    ),
};
