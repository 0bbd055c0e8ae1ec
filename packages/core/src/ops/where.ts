import * as F from '../functional';
import { broadcastOffsets } from '../kernels';
import { allocate } from '../pool';
import { broadcastShapes, sizeOf } from '../shape';
import { broadcastingBatch } from './rules';
import type { OpDef, Ternary } from './types';

/**
 * cond ? a : b element-wise (all three broadcast); cond is true where non-zero. The gradient
 * of each branch is the upstream gradient where that branch was taken and exactly 0 elsewhere
 * (selected, never multiplied), so a NaN in the untaken branch never reaches the gradient. The
 * tangent is selected the same way: where(cond, ta, tb).
 */
export const where: OpDef<Ternary> = {
  name: 'where',
  forward: ([cond, a, b], _attrs, into) => {
    const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
    const size = sizeOf(shape);
    const oc = broadcastOffsets(cond.shape, shape);
    const oa = broadcastOffsets(a.shape, shape);
    const ob = broadcastOffsets(b.shape, shape);
    const c = cond.values;
    const x = a.values;
    const y = b.values;
    const out = into ?? allocate(size);
    for (let i = 0; i < size; i++) out[i] = c[oc[i]!] !== 0 ? x[oa[i]!]! : y[ob[i]!]!;
    return { data: out, shape };
  },
  vjp: (g, { inputs: [cond], needsGrad }) => [
    null,
    needsGrad[1] ? F.where(cond, g, 0) : null,
    needsGrad[2] ? F.where(cond, 0, g) : null,
  ],
  jvp: ([, ta, tb], { inputs: [cond] }) =>
    ta === null && tb === null ? null : F.where(cond, ta ?? 0, tb ?? 0),
  batch: broadcastingBatch(() => where),
};
