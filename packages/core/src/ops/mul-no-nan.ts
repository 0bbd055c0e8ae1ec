import * as F from '../functional';
import type { BinaryRun } from '../kernels/index';
import { binaryOp } from './binary';
import { sumOf } from './rules';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) {
    const x = a[ia + i * sa]!;
    const y = b[ib + i * sb]!;
    out[o + i] = x === 0 || y === 0 ? 0 : x * y;
  }
};

/**
 * x ⊙ y, but exactly 0 wherever x or y is 0, even if the other is ±Infinity or NaN (TensorFlow's
 * multiply_no_nan, made symmetric). VJPs multiply a local derivative by the upstream gradient
 * with it, so a zero upstream gradient (the untaken branch of `where`) never turns an infinite
 * derivative into NaN, and a zero local derivative (relu below 0, clamp outside its bounds, a
 * saturated sigmoid) never turns an infinite or NaN upstream gradient into NaN: it selects 0,
 * as PyTorch's threshold and where backward do.
 */
export const mulNoNan = binaryOp({
  name: 'mulNoNan',
  run,
  vjp: (g, { inputs: [x, y], needsGrad }) => [
    needsGrad[0] ? F.mulNoNan(g, y) : null,
    needsGrad[1] ? F.mulNoNan(x, g) : null,
  ],
  jvp: ([tx, ty], { inputs: [x, y] }) => sumOf(tx && F.mulNoNan(tx, y), ty && F.mulNoNan(x, ty)),
});
