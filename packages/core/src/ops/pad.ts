import * as F from '../functional';
import { scatterStrided } from '../kernels';
import { allocate } from '../pool';
import { sizeOf, stridesOf } from '../shape';
import type { OpDef, Unary } from './types';

/**
 * Surrounds x with zeros: `before[i]` and `after[i]` on axis i. The gradient is sliced back out;
 * the tangent is padded alike.
 */
export const pad: OpDef<Unary, { before: number[]; after: number[] }> = {
  name: 'pad',
  forward: ([x], { before, after }, into) => {
    const shape = x.shape.map((d, i) => before[i]! + d + after[i]!);
    const out = (into ?? allocate(sizeOf(shape))).fill(0);
    const strides = stridesOf(shape);
    const offset = before.reduce((acc, b, i) => acc + b * strides[i]!, 0);
    scatterStrided(out, x.values, x.shape, strides, offset);
    return { data: out, shape };
  },
  vjp: (g, { inputs: [x], attrs: { before } }) => [
    F.slice(
      g,
      before,
      before.map((b, i) => b + x.shape[i]!),
    ),
  ],
  jvp: ([t], { attrs: { before, after } }) => t && F.pad(t, before, after),
  batch: ({ inputs: [x], attrs: { before, after } }) => F.pad(x, [0, ...before], [0, ...after]),
};
