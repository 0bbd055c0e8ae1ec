import { derivedTensor } from '../construct';
import * as F from '../functional';
import { broadcastOffsets } from '../kernels';
import { allocate } from '../pool';
import { reducedShape, sizeOf } from '../shape';
import type { ReduceAttrs } from './sum';
import type { OpDef, Unary } from './types';

/**
 * max over `axes`. The gradient goes to the maximal elements; ties split it evenly (each of
 * c tied elements gets 1/c), as tfjs and JAX do.
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
    const src = x.values;
    const kept = reducedShape(x.shape, axes, true);
    const offsets = broadcastOffsets(kept, x.shape);
    const counts = new Float64Array(out.size);
    for (let i = 0; i < src.length; i++) if (src[i] === out.values[offsets[i]!]) counts[offsets[i]!]!++;
    const weights = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) {
      if (src[i] === out.values[offsets[i]!]) weights[i] = 1 / counts[offsets[i]!]!;
    }
    const spread = F.broadcastTo(F.reshape(g, kept), x.shape);
    // Selected, not multiplied: elements below the maximum get exactly 0 even for an infinite g.
    return [F.mulNoNan(spread, derivedTensor(weights, x.shape, 'max'))];
  },
};
