import * as F from '../functional';
import { gatherStrided, prepareGather } from '../kernels';
import { stridesOf } from '../shape';
import type { OpDef, Unary } from './types';

/**
 * The box begin[i] ≤ index[i] < end[i] on every axis. The gradient is zero-padded back; the
 * tangent is sliced alike.
 */
export const slice: OpDef<Unary, { begin: number[]; end: number[] }> = {
  name: 'slice',
  forward: ([x], { begin, end }, into) => {
    const strides = stridesOf(x.shape);
    const shape = begin.map((b, i) => end[i]! - b);
    const offset = begin.reduce((acc, b, i) => acc + b * strides[i]!, 0);
    return { data: gatherStrided(x.values, shape, strides, offset, into), shape };
  },
  // A compiled step gathers through offsets worked out once.
  prepare: ([x], { begin, end }, out) => {
    const strides = stridesOf(x.shape);
    const shape = begin.map((b, i) => end[i]! - b);
    const offset = begin.reduce((acc, b, i) => acc + b * strides[i]!, 0);
    return prepareGather(x.values, shape, strides, offset, out);
  },
  vjp: (g, { inputs: [x], attrs: { begin, end } }) => [
    F.pad(
      g,
      begin,
      end.map((e, i) => x.shape[i]! - e),
    ),
  ],
  jvp: ([t], { attrs: { begin, end } }) => t && F.slice(t, begin, end),
  batch: ({ inputs: [x], size, attrs: { begin, end } }) => F.slice(x, [0, ...begin], [size, ...end]),
};
