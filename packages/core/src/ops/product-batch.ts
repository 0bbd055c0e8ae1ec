/**
 * The batching rule of the matrix products (`vmap`): where one operand is batched and the other
 * is a plain matrix shared by every example, the batch folds into the rows or columns of one
 * GEMM instead of one small GEMM per example. Every output element is still the same dot
 * product, c = a(i,0)·b(0,j), then c += a(i,p)·b(p,j) for p = 1, …, k − 1 in order (a
 * product's operands may swap sides: IEEE multiplication is commutative, exactly), so the
 * result is bit-identical to a loop over the examples. Forward mode over a network's
 * parameters (`vmap` of `jvp` over the basis, as `jacfwd`) and per-example gradients make
 * exactly these products, thousands of 4×16 GEMMs otherwise.
 *
 * With the shared operand `s` (2-D) and the batched one `x` (leading batch axes B…):
 * - x rows in place: `x·s` (nn) and `x·sᵀ` (nt) are one GEMM over x's B·m rows, a reshape;
 *   `xᵀ·s` (tn) too when x has one column (m = 1).
 * - x one column: `s·x` (nn) and `sᵀ·x` (tn) with n = 1, and `s·xᵀ` (nt) with one row of s
 *   (m = 1), are one GEMM with x's rows as the output's rows: reshapes only.
 * - otherwise `s·x`, `sᵀ·x`, `s·xᵀ`: x's batch axes move next to its columns (a gather; none
 *   for nt, whose rows are x's own), one GEMM makes [m, B·n], and the batch axes move back (a
 *   second gather) — for small per-example products, where one GEMM call per example costs
 *   several times its arithmetic.
 * Both operands batched: one GEMM per example, as a loop.
 */
import * as F from '../functional';
import type { GemmLayout } from '../kernels/index';
import type { Tensor } from '../tensor';
import { broadcastingBatch } from './rules';
import type { BatchContext, Binary, OpDef } from './types';

/**
 * Per-example products of at most this many multiply-adds are folded by moving the batch axis
 * (two gathers): at that size the GEMM kernel runs its plain loop (gemm.ts's `SMALL`) and one
 * call per example costs several times the arithmetic, while moving the batch costs a copy of
 * each operand. Larger per-example products already run the tiled kernel at close to its full
 * speed, and the copies would cost more than they save (measured on 4×16·16×16 by 337 examples).
 */
const GATHER_UP_TO = 256;

/** The product of `layout` (nn: a·b, nt: a·bᵀ, tn: aᵀ·b) of two tensors, as an op. */
function product(layout: GemmLayout, a: Tensor, b: Tensor): Tensor {
  return F.matmul(a, b, { transposeA: layout === 'tn', transposeB: layout === 'nt' });
}

function rowsOf(shape: readonly number[], last: number): number {
  let n = 1;
  for (let i = 0; i < shape.length - last; i++) n *= shape[i]!;
  return n;
}

/** The batched operand `x` (left of the product) times the shared matrix `s`. */
function batchedTimesShared(layout: GemmLayout, x: Tensor, s: Tensor): Tensor | null {
  const lead = x.shape.slice(0, -2);
  const [r, c] = x.shape.slice(-2) as [number, number];
  if (layout !== 'tn') {
    // [B…, m, k] as [B…·m, k]: every row of x is a row of one GEMM.
    const y = product(layout, F.reshape(x, [rowsOf(x.shape, 1), c]), s);
    return F.reshape(y, [...lead, r, y.shape[1]!]);
  }
  if (c !== 1) return null;
  // xᵀ·s with x [B…, k, 1]: each example's one row is x's k values, x as [B…, k] rows.
  const y = product('nn', F.reshape(x, [rowsOf(x.shape, 2), r]), s);
  return F.reshape(y, [...lead, 1, y.shape[1]!]);
}

/** The shared matrix `s` (left of the product) times the batched operand `x`. */
function sharedTimesBatched(layout: GemmLayout, s: Tensor, x: Tensor): Tensor | null {
  const lead = x.shape.slice(0, -2);
  const [r, c] = x.shape.slice(-2) as [number, number];
  const examples = rowsOf(x.shape, 2);
  const m = layout === 'tn' ? s.shape[1]! : s.shape[0]!;
  if (layout !== 'nt' && c === 1) {
    // s·x or sᵀ·x with x [B…, k, 1]: output row (example, i) is x's row against s's column i.
    const y = product(layout === 'nn' ? 'nt' : 'nn', F.reshape(x, [examples, r]), s);
    return F.reshape(y, [...lead, m, 1]);
  }
  if (layout === 'nt' && m === 1) {
    // s·xᵀ with s [1, k], x [B…, n, k]: every row of x against s's one row.
    const y = product('nt', F.reshape(x, [examples * r, c]), s);
    return F.reshape(y, [...lead, 1, r]);
  }
  const n = layout === 'nt' ? r : c;
  const k = layout === 'nt' ? c : r;
  if (m * k * n > GATHER_UP_TO) return null;
  // The examples side by side: x as columns [k, B·n] (nn, tn: a gather), or as rows [B·n, k] (nt).
  const columns =
    layout === 'nt'
      ? F.reshape(x, [examples * r, c])
      : F.reshape(F.permute(F.reshape(x, [examples, r, c]), [1, 0, 2]), [r, examples * c]);
  const y = product(layout, s, columns); // [m, B·n]
  return F.reshape(F.permute(F.reshape(y, [m, examples, n]), [1, 0, 2]), [...lead, m, n]);
}

/** The inner dimensions of a product of `layout` agree (else the op itself reports the shapes). */
function innerAgrees(layout: GemmLayout, a: readonly number[], b: readonly number[]): boolean {
  const ka = layout === 'tn' ? a[a.length - 2] : a[a.length - 1];
  const kb = layout === 'nt' ? b[b.length - 1] : b[b.length - 2];
  return ka === kb;
}

/**
 * The batching rule of the product primitive `op` of `layout`: one GEMM where the shared
 * operand allows it (see the module's notes), else the op on the whole batch (one GEMM per
 * example).
 */
export function productBatch(
  layout: GemmLayout,
  op: () => OpDef<Binary>,
): (ctx: BatchContext<Binary, undefined>) => Tensor {
  const perExample = broadcastingBatch(op);
  return (ctx) => {
    const [a, b] = ctx.inputs;
    const [batchedA, batchedB] = ctx.batched;
    let folded: Tensor | null = null;
    if (a.rank >= 2 && b.rank >= 2 && innerAgrees(layout, a.shape, b.shape)) {
      if (batchedA && !batchedB && a.rank >= 3 && b.rank === 2) folded = batchedTimesShared(layout, a, b);
      else if (batchedB && !batchedA && b.rank >= 3 && a.rank === 2)
        folded = sharedTimesBatched(layout, a, b);
    }
    return folded ?? perExample(ctx);
  };
}
