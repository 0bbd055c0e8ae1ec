import * as F from '../functional';
import { scatterStrided } from '../kernels';
import { allocate } from '../pool';
import { sizeOf, stridesOf } from '../shape';
import type { Inputs, OpDef } from './types';

/** Joins tensors along `axis` (shapes equal elsewhere). Each input's gradient is its slice of g. */
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
};
