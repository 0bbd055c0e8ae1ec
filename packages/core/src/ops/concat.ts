import * as F from '../functional';
import { scatterStrided } from '../kernels';
import { allocate } from '../pool';
import { sizeOf, stridesOf } from '../shape';
import { zerosLike } from './rules';
import type { Inputs, OpDef } from './types';

/**
 * Joins tensors along `axis` (shapes equal elsewhere). Each input's gradient is its slice of g;
 * the tangent joins the inputs' tangents (zeros for an input without one). Batched, unbatched
 * inputs are repeated over the batch first.
 */
export const concat: OpDef<Inputs, { axis: number }> = {
  name: 'concat',
  forward: (inputs, { axis }, into) => {
    const first = inputs[0]!.shape;
    const shape = [...first];
    shape[axis] = inputs.reduce((n, t) => n + t.shape[axis]!, 0);
    const out = into ?? allocate(sizeOf(shape));
    const strides = stridesOf(shape);
    let at = 0;
    for (const t of inputs) {
      scatterStrided(out, t.values, t.shape, strides, at * strides[axis]!);
      at += t.shape[axis]!;
    }
    return { data: out, shape };
  },
  vjp: (g, { inputs, attrs: { axis }, needsGrad }) => {
    let at = 0;
    return inputs.map((t, i) => {
      const begin = g.shape.map((_, k) => (k === axis ? at : 0));
      const end = g.shape.map((d, k) => (k === axis ? at + t.shape[axis]! : d));
      at += t.shape[axis]!;
      return needsGrad[i] ? F.slice(g, begin, end) : null;
    });
  },
  jvp: (tangents, { inputs, attrs: { axis } }) =>
    tangents.every((t) => t === null)
      ? null
      : F.concat(
          tangents.map((t, i) => t ?? zerosLike(inputs[i]!)),
          axis,
        ),
  batch: ({ inputs, batched, size, attrs: { axis } }) =>
    F.concat(
      inputs.map((t, i) => (batched[i] ? t : F.broadcastTo(t, [size, ...t.shape]))),
      axis + 1,
    ),
};
