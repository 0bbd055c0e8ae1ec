import { DeltagradError, fmtShape } from '../errors';
import * as F from '../functional';
import { broadcastOffsets } from '../kernels';
import { broadcastShapes, sizeOf } from '../shape';
import type { Binary, OpDef } from './types';

const NO_AXES: number[] = [];
const SINGLE_BATCH = new Int32Array(1);

/**
 * Matrix product over the last two axes, a: [..., m, k] @ b: [..., k, n] → [..., m, n], with
 * the leading (batch) axes broadcast. ∂/∂a = g·bᵀ, ∂/∂b = aᵀ·g; the engine sums broadcast
 * batch axes back.
 */
export const matmul: OpDef<Binary> = {
  name: 'matmul',
  forward: ([a, b]) => {
    const as = a.shape;
    const bs = b.shape;
    if (as.length < 2 || bs.length < 2) {
      throw new DeltagradError(
        'SHAPE_MISMATCH',
        `matmul: both operands need at least 2 axes, got ${fmtShape(as)} @ ${fmtShape(bs)} (reshape vectors to [1, n] or [n, 1])`,
      );
    }
    const m = as[as.length - 2]!;
    const k = as[as.length - 1]!;
    const k2 = bs[bs.length - 2]!;
    const n = bs[bs.length - 1]!;
    if (k !== k2) {
      throw new DeltagradError(
        'SHAPE_MISMATCH',
        `matmul: ${fmtShape(as)} @ ${fmtShape(bs)}: inner dimensions differ (${k} vs ${k2})`,
      );
    }
    const plain = as.length === 2 && bs.length === 2;
    const batchA = plain ? NO_AXES : as.slice(0, -2);
    const batchB = plain ? NO_AXES : bs.slice(0, -2);
    const batch = plain ? NO_AXES : broadcastShapes('matmul', batchA, batchB);
    const batches = sizeOf(batch);
    const offA = plain ? SINGLE_BATCH : broadcastOffsets(batchA, batch);
    const offB = plain ? SINGLE_BATCH : broadcastOffsets(batchB, batch);
    const x = a.data;
    const y = b.data;
    const out = new Float64Array(batches * m * n);
    for (let t = 0; t < batches; t++) {
      const baseA = offA[t]! * m * k;
      const baseB = offB[t]! * k * n;
      const baseO = t * m * n;
      // i-p-j order: the inner loop walks rows of b and of the output contiguously. Each
      // output element sums its k products in order p = 0, 1, …, as NumPy's small matmul does.
      for (let i = 0; i < m; i++) {
        const rowO = baseO + i * n;
        for (let p = 0; p < k; p++) {
          const av = x[baseA + i * k + p]!;
          const rowB = baseB + p * n;
          if (p === 0) for (let j = 0; j < n; j++) out[rowO + j] = av * y[rowB + j]!;
          else for (let j = 0; j < n; j++) out[rowO + j]! += av * y[rowB + j]!;
        }
      }
    }
    return { data: out, shape: [...batch, m, n] };
  },
  vjp: (g, { inputs: [a, b], needsGrad }) => [
    needsGrad[0] ? F.matmul(g, F.transpose(b)) : null,
    needsGrad[1] ? F.matmul(F.transpose(a), g) : null,
  ],
};
