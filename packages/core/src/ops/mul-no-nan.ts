import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) {
    const y = b[ib + i * sb]!;
    out[o + i] = y === 0 ? 0 : a[ia + i * sa]! * y;
  }
};

/**
 * x ⊙ y, but exactly 0 wherever y is 0, even if x is ±Infinity or NaN (TensorFlow's
 * multiply_no_nan). VJPs multiply local derivatives by the upstream gradient with it, so a
 * zero gradient (the untaken branch of `where`) never turns into NaN.
 */
export const mulNoNan = binaryOp({
  name: 'mulNoNan',
  run,
  vjp: (g, { inputs: [x, y], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(g, y) : null,
    needsGrad[1] ? F.mulNoNan(x, g) : null,
  ],
});
