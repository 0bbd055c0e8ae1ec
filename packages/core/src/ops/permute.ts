import * as F from '../functional';
import { gatherStrided, prepareGather } from '../kernels';
import { allocate } from '../pool';
import { stridesOf } from '../shape';
import type { OpDef, Unary } from './types';

/** The matrix transpose, the common case (every matmul VJP uses it). */
function transpose2d(src: Float64Array, rows: number, cols: number, into?: Float64Array) {
  const out = into ?? allocate(src.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = src[i * cols + j]!;
  return { data: out, shape: [cols, rows] };
}

/** The output shape of a permute, and the input strides it reads each output axis with. */
function permutedView(inShape: readonly number[], axes: readonly number[]) {
  const own = stridesOf(inShape);
  return { shape: axes.map((a) => inShape[a]!), strides: axes.map((a) => own[a]!) };
}

/**
 * Reorders the axes: output axis i is input axis axes[i]. The gradient is permuted back, the
 * tangent permuted alike; batched, the batch axis stays first.
 */
export const permute: OpDef<Unary, { axes: number[] }> = {
  name: 'permute',
  forward: ([x], { axes }, into) => {
    if (axes.length === 2 && axes[0] === 1) return transpose2d(x.values, x.shape[0]!, x.shape[1]!, into);
    const { shape, strides } = permutedView(x.shape, axes);
    return { data: gatherStrided(x.values, shape, strides, 0, into), shape };
  },
  // A compiled step works the gather's offsets out once (vmap's batching rules move batch axes).
  prepare: ([x], { axes }, out) => {
    if (axes.length === 2 && axes[0] === 1) return () => transpose2d(x.values, x.shape[0]!, x.shape[1]!, out);
    const { shape, strides } = permutedView(x.shape, axes);
    return prepareGather(x.values, shape, strides, 0, out);
  },
  vjp: (g, { attrs: { axes } }) => {
    const inverse = new Array<number>(axes.length);
    axes.forEach((a, i) => {
      inverse[a] = i;
    });
    return [F.permute(g, inverse)];
  },
  jvp: ([t], { attrs: { axes } }) => t && F.permute(t, axes),
  batch: ({ inputs: [x], attrs: { axes } }) => F.permute(x, [0, ...axes.map((a) => a + 1)]),
};
