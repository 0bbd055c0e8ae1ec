import { apply, binaryOutput, plainOperands } from '../engine';
import { DeltagradError, fmtShape } from '../errors';
import { kernelCall } from '../kernels/call';
import { broadcastOffsets, type GemmLayout, kernels, prepareProduct } from '../kernels/index';
import { runsInWasm } from '../kernels/wasm';
import { allocate } from '../pool';
import { assertWithinBudget, broadcastShapes } from '../shape';
import type { Tensor } from '../tensor';
import { productBatch } from './product-batch';
import type { Binary, Computed, InputTangents, OpDef, RuleContext, VjpContext } from './types';

const SINGLE_BATCH = new Int32Array(1);

/** The layout of every product primitive made by {@link productOp}. */
const LAYOUTS = new WeakMap<object, GemmLayout>();

/**
 * True when `def` is a matrix product whose GEMMs on operands of these shapes run in
 * WebAssembly (see `runsInWasm`): the products a compiled step makes its buffers resident for.
 */
export function productRunsInWasm(def: object, inputs: readonly Tensor[]): boolean {
  const layout = LAYOUTS.get(def);
  if (layout === undefined || inputs.length !== 2) return false;
  const { m, n, k } = productPlan('product', layout, inputs[0]!.shape, inputs[1]!.shape);
  return runsInWasm(m, n, k);
}

/** A matrix-product primitive, with the engine's direct application to two plain matrices. */
export type ProductOpDef = OpDef<Binary> & { readonly applyTo: (a: Tensor, b: Tensor) => Tensor };

/**
 * A matrix-product primitive over the last two axes, leading (batch) axes broadcast: `nn` is
 * a·b, `nt` is a·bᵀ and `tn` is aᵀ·b, each read in place by the GEMM kernel (no transpose is
 * materialised). The three are closed under differentiation, so every VJP is one of them, and
 * each is bilinear, so its JVP is two products of its own layout. Batched already: the batching
 * rule is the op on the whole batch, one GEMM where one operand is shared (see product-batch.ts).
 */
export function productOp(
  name: string,
  layout: GemmLayout,
  vjp: (g: Tensor, ctx: VjpContext<Binary, undefined>) => [Tensor | null, Tensor | null],
  jvp: (tangents: InputTangents<Binary>, ctx: RuleContext<Binary, undefined>) => Tensor | null,
): ProductOpDef {
  const forward: OpDef<Binary>['forward'] = ([a, b], _attrs, out) => product(name, layout, a, b, out);
  const op: ProductOpDef = {
    name,
    // Two plain matrices (every product of a dense layer and of its gradients): one GEMM into a
    // new array, the output made as the engine makes it; anything else (batch axes, a mismatch
    // to report, a trace, a transform, a forward replaced in the op table) through `apply`.
    applyTo: (a, b) => {
      const as = a.shape;
      const bs = b.shape;
      if (as.length !== 2 || bs.length !== 2 || !plainOperands(a, b) || op.forward !== forward) {
        return apply(op, [a, b], undefined);
      }
      const m = layout === 'tn' ? as[1]! : as[0]!;
      const k = layout === 'tn' ? as[0]! : as[1]!;
      const n = layout === 'nt' ? bs[0]! : bs[1]!;
      if (k !== (layout === 'nt' ? bs[1]! : bs[0]!)) return apply(op, [a, b], undefined);
      const shape = [m, n];
      assertWithinBudget(name, shape, m * n);
      const data = allocate(m * n);
      kernels.gemm(layout, m, n, k, a.values, 0, b.values, 0, data, 0);
      return binaryOutput(op, a, b, data, shape);
    },
    forward,
    // A compiled step works out the shapes and the batch offsets once and calls the kernel.
    prepare: ([a, b], _attrs, out) => {
      const plan = productPlan(name, layout, a.shape, b.shape);
      const x = a.values;
      const y = b.values;
      const { m, n, k, offA } = plan;
      if (offA.length === 1) return prepareProduct(layout, m, n, k, x, 0, y, 0, out, 0);
      return kernelCall(runProduct, layout, plan, x, y, out);
    },
    vjp,
    jvp,
    batch: productBatch(layout, () => op),
  };
  LAYOUTS.set(op, layout);
  return op;
}

/** What a product of operands of shapes `as` and `bs` computes: checked once, reused by a compiled step. */
interface ProductPlan {
  m: number;
  n: number;
  k: number;
  shape: number[];
  /** Per example of the (broadcast) batch: its matrix's index in each operand. */
  offA: Int32Array;
  offB: Int32Array;
}

function productPlan(
  name: string,
  layout: GemmLayout,
  as: readonly number[],
  bs: readonly number[],
): ProductPlan {
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
  if (as.length === 2 && bs.length === 2)
    return { m, n, k, shape: [m, n], offA: SINGLE_BATCH, offB: SINGLE_BATCH };
  const batchA = as.slice(0, -2);
  const batchB = bs.slice(0, -2);
  const batch = broadcastShapes(name, batchA, batchB);
  return {
    m,
    n,
    k,
    shape: [...batch, m, n],
    offA: broadcastOffsets(batchA, batch),
    offB: broadcastOffsets(batchB, batch),
  };
}

/** One GEMM per example of the batch, in order, into `out`. */
function runProduct(
  layout: GemmLayout,
  plan: ProductPlan,
  x: Float64Array,
  y: Float64Array,
  out: Float64Array,
): void {
  const { m, n, k, offA, offB } = plan;
  const gemm = kernels.gemm;
  for (let t = 0; t < offA.length; t++) {
    gemm(layout, m, n, k, x, offA[t]! * m * k, y, offB[t]! * k * n, out, t * m * n);
  }
}

function product(name: string, layout: GemmLayout, a: Tensor, b: Tensor, out?: Float64Array): Computed {
  const as = a.shape;
  const bs = b.shape;
  // Two matrices (every product of a dense layer and its gradients): one GEMM, no plan object.
  if (as.length === 2 && bs.length === 2) {
    const m = layout === 'tn' ? as[1]! : as[0]!;
    const k = layout === 'tn' ? as[0]! : as[1]!;
    const n = layout === 'nt' ? bs[0]! : bs[1]!;
    if (k === (layout === 'nt' ? bs[1]! : bs[0]!)) {
      const shape = [m, n];
      if (out === undefined) assertWithinBudget(name, shape, m * n);
      const data = out ?? allocate(m * n);
      kernels.gemm(layout, m, n, k, a.values, 0, b.values, 0, data, 0);
      return { data, shape };
    }
  }
  const plan = productPlan(name, layout, as, bs);
  const size = plan.offA.length * plan.m * plan.n;
  if (out === undefined) assertWithinBudget(name, plan.shape, size);
  const data = out ?? allocate(size);
  runProduct(layout, plan, a.values, b.values, data);
  return { data, shape: plan.shape };
}
