import { derivedTensor } from '../construct';
import * as F from '../functional';
import { type BinaryRun, broadcastBinary } from '../kernels/index';
import { binaryOp } from './binary';

const run: BinaryRun = (out, o, a, ia, sa, b, ib, sb, n) => {
  for (let i = 0; i < n; i++) out[o + i] = a[ia + i * sa]! ** b[ib + i * sb]!;
};

/**
 * aᵇ with a tensor exponent (broadcast). ∂/∂a = b·aᵇ⁻¹; ∂/∂b = aᵇ·ln a, taken as 0 where
 * a = 0 and b ≥ 0 (as PyTorch), so 0ᵇ does not poison the exponent's gradient.
 */
export const pow = binaryOp({
  name: 'pow',
  run,
  vjp: (g, { inputs: [a, b], out, needsGrad }) => {
    const ga = needsGrad[0] ? F.mulNoNan(F.mulNoNan(F.pow(a, F.sub(b, 1)), b), g) : null;
    if (!needsGrad[1]) return [ga, null];
    const zeroBase = broadcastBinary('pow', a, b, (m, o, x, ix, sx, y, iy, sy, n) => {
      for (let i = 0; i < n; i++) m[o + i] = x[ix + i * sx] === 0 && y[iy + i * sy]! >= 0 ? 1 : 0;
    });
    const safe = F.where(derivedTensor(zeroBase.data, zeroBase.shape, 'pow'), 0, F.mul(out, F.log(a)));
    return [ga, F.mulNoNan(safe, g)];
  },
});
