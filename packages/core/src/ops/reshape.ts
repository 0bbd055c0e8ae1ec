import * as F from '../functional';
import type { OpDef, Unary } from './types';

/** The same values under a new shape (no copy). The gradient is reshaped back, the tangent reshaped alike. */
export const reshape: OpDef<Unary, { shape: number[] }> = {
  name: 'reshape',
  forward: ([x], { shape }) => ({ data: x.values, shape }),
  vjp: (g, { inputs: [x] }) => [F.reshape(g, x.shape)],
  jvp: ([t], { attrs: { shape } }) => t && F.reshape(t, shape),
  batch: ({ inputs: [x], size, attrs: { shape } }) => F.reshape(x, [size, ...shape]),
};
