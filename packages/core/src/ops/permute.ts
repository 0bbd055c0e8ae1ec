import * as F from '../functional';
import { gatherStrided } from '../kernels';
import { stridesOf } from '../shape';
import type { OpDef } from './types';

/** Reorders the axes: output axis i is input axis axes[i]. The gradient is permuted back. */
export const permute: OpDef<{ axes: number[] }> = {
  name: 'permute',
  forward: ([x], { axes }) => {
    const own = stridesOf(x!.shape);
    const shape = axes.map((a) => x!.shape[a]!);
    return {
      data: gatherStrided(
        x!.data,
        shape,
        axes.map((a) => own[a]!),
        0,
      ),
      shape,
    };
  },
  vjp: (g, { attrs: { axes } }) => {
    const inverse = new Array<number>(axes.length);
    axes.forEach((a, i) => {
      inverse[a] = i;
    });
    return [F.permute(g, inverse)];
  },
};
