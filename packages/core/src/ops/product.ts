import { DeltagradError, fmtShape } from '../errors';
import { broadcastOffsets, type GemmLayout, kernels } from '../kernels/index';
import { allocate } from '../pool';
import { assertWithinBudget, broadcastShapes, sizeOf } from '../shape';
import type { Tensor } from '../tensor';
import { broadcastingBatch } from './rules';
import type { Binary, Computed, InputTangents, OpDef, RuleContext, VjpContext } from './types';

const NO_AXES: number[] = [];
const SINGLE_BATCH = new Int32Array(1);

/**
 * A matrix-product primitive over the last two axes, leading (batch) axes broadcast: `nn` is
 * a·b, `nt` is a·bᵀ and `tn` is aᵀ·b, each read in place by the GEMM kernel (no transpose is
 * materialised). The three are closed under differentiation, so every VJP is one of them, and
 * each is bilinear, so its JVP is two products of its own layout. Batched already: the batching
 * rule is the op on the whole batch (operands aligned), one GEMM per example as in a loop.
 */
export function productOp(
  name: string,
  layout: GemmLayout,
  vjp: (g: Tensor, ctx: VjpContext<Binary, undefined>) => [Tensor | null, Tensor | null],
  jvp: (tangents: InputTangents<Binary>, ctx: RuleContext<Binary, undefined>) => Tensor | null,
): OpDef<Binary> {
  const op: OpDef<Binary> = {
    name,
    forward: ([a, b], _attrs, out) => product(name, layout, a, b, out),
    // A compiled step calls the kernel directly for 2-D operands (the batched case replays forward).
    prepare: ([a, b], _attrs, out) => {
      if (a.rank !== 2 || b.rank !== 2) return () => product(name, layout, a, b, out);
      const { shape } = product(name, layout, a, b, out);
      const [m, n] = shape as [number, number];
      const k = layout === 'tn' ? a.shape[0]! : a.shape[1]!;
      const x = a.values;
      const y = b.values;
      return () => kernels.gemm(layout, m, n, k, x, 0, y, 0, out, 0);
    },
    vjp,
    jvp,
    batch: broadcastingBatch(() => op),
  };
  return op;
}

function product(name: string, layout: GemmLayout, a: Tensor, b: Tensor, out?: Float64Array): Computed {
  const as = a.shape;
  const bs = b.shape;
  if (as.length < 2 || bs.length < 2) {
    throw new DeltagradError(
      'SHAPE_MISMATCH',
      `${name}: both operands need at least 2 axes, got ${fmtShape(as)} and ${fmtShape(bs)} (reshape vectors to [1, n] or [n, 1])`,
    );
  }
  const ar = as[as.length - 2]!;
  const ac = as[as.length - 1]!;
  const br = bs[bs.length - 2]!;
  const bc = bs[bs.length - 1]!;
  const m = layout === 'tn' ? ac : ar;
  const k = layout === 'tn' ? ar : ac;
  const k2 = layout === 'nt' ? bc : br;
  const n = layout === 'nt' ? br : bc;
  if (k !== k2) {
    throw new DeltagradError(
      'SHAPE_MISMATCH',
      `${name}: ${fmtShape(as)}${layout === 'tn' ? 'ᵀ' : ''} @ ${fmtShape(bs)}${layout === 'nt' ? 'ᵀ' : ''}: inner dimensions differ (${k} vs ${k2})`,
    );
  }
  const plain = as.length === 2 && bs.length === 2;
  const batchA = plain ? NO_AXES : as.slice(0, -2);
  const batchB = plain ? NO_AXES : bs.slice(0, -2);
  const batch = plain ? NO_AXES : broadcastShapes(name, batchA, batchB);
  const batches = sizeOf(batch);
  const offA = plain ? SINGLE_BATCH : broadcastOffsets(batchA, batch);
  const offB = plain ? SINGLE_BATCH : broadcastOffsets(batchB, batch);
  const shape = plain ? [m, n] : [...batch, m, n];
  if (out === undefined) assertWithinBudget(name, shape, batches * m * n);
  const data = out ?? allocate(batches * m * n);
  const gemm = kernels.gemm;
  for (let t = 0; t < batches; t++) {
    gemm(layout, m, n, k, a.values, offA[t]! * m * k, b.values, offB[t]! * k * n, data, t * m * n);
  }
  return { data, shape };
}
