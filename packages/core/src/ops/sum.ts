import { apply } from '../engine';
import * as F from '../functional';
import { broadcastOffsets, columnSums } from '../kernels';
import { kernelCall } from '../kernels/call';
import { allocate } from '../pool';
import { reducedShape, type Shape, sameShape, sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import { broadcastTo } from './broadcast-to';
import type { OpDef, Unary } from './types';

/** Attributes of the reductions: normalised axes (ascending) and whether to keep them as 1s. */
export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
}

/** The shape of a full reduction without keepdims, shared: shapes are never written. */
const SCALAR: Shape = [];

/**
 * `g` broadcast to `shape`, which it broadcasts to by construction (the VJP below): the
 * broadcastTo primitive applied without `F.broadcastTo`'s checks of a user's shape argument.
 */
function spreadOver(g: Tensor, shape: Shape): Tensor {
  return sameShape(g.shape, shape) ? g : apply(broadcastTo, [g], { shape: [...shape] });
}

/** out[0] = Σ src, in index order from 0. */
function sumAll(src: Float64Array, out: Float64Array): void {
  let s = 0;
  for (let i = 0; i < src.length; i++) s += src[i]!;
  out[0] = s;
}

/** Each element of `src` added into the output element it broadcasts from (`offsets`), in order. */
function sumInto(src: Float64Array, offsets: Int32Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < src.length; i++) out[offsets[i]!]! += src[i]!;
}

/**
 * Σ over `axes`. The gradient broadcasts the upstream gradient back over the summed axes; linear,
 * so the tangent is the sum of the tangent. Batched: the same axes, one further along.
 */
export const sum: OpDef<Unary, ReduceAttrs> = {
  name: 'sum',
  forward: ([x], { axes, keepdims }, into) => {
    const src = x.values;
    if (axes.length === x.rank) {
      // In index order from 0, as the compiled replay below adds (the same bits).
      let total = 0;
      for (let i = 0; i < src.length; i++) total += src[i]!;
      const out = into ?? allocate(1);
      out[0] = total;
      return { data: out, shape: keepdims ? reducedShape(x.shape, axes, true) : SCALAR };
    }
    const kept = reducedShape(x.shape, axes, true);
    const shape = keepdims ? kept : reducedShape(x.shape, axes, false);
    // Summing the leading axes (how a bias gradient is unbroadcast): add row after row.
    if (axes[axes.length - 1] === axes.length - 1) {
      const out = into ?? allocate(sizeOf(kept));
      columnSums(src, out.length, out);
      return { data: out, shape };
    }
    // Each input element adds into the output element it broadcasts from.
    const out = (into ?? allocate(sizeOf(kept))).fill(0);
    const offsets = broadcastOffsets(kept, x.shape);
    for (let i = 0; i < src.length; i++) out[offsets[i]!]! += src[i]!;
    return { data: out, shape };
  },
  // Each case replays its loop above, with the offsets worked out once.
  prepare: ([x], attrs, out) => {
    const { axes } = attrs;
    const src = x.values;
    const inner = out.length;
    if (axes.length === x.rank) {
      // The full sum, in index order from 0 as forward adds (no shapes computed per call).
      return kernelCall(sumAll, src, out);
    }
    if (axes[axes.length - 1] !== axes.length - 1) {
      const offsets = broadcastOffsets(reducedShape(x.shape, axes, true), x.shape);
      return kernelCall(sumInto, src, offsets, out);
    }
    return kernelCall(columnSums, src, inner, out);
  },
  // With keepdims (or a full reduction to a scalar) g already broadcasts against x.
  vjp: (g, { inputs: [x], attrs: { axes, keepdims } }) => [
    spreadOver(keepdims || g.rank === 0 ? g : F.reshape(g, reducedShape(x.shape, axes, true)), x.shape),
  ],
  jvp: ([t], { attrs: { axes, keepdims } }) => t && F.sum(t, axes, keepdims),
  batch: ({ inputs: [x], attrs: { axes, keepdims } }) =>
    F.sum(
      x,
      axes.map((a) => a + 1),
      keepdims,
    ),
};
