import type { Computed } from '../ops/types';
import { allocate } from '../pool';
import { broadcastShapes, type Shape, sameShape, sizeOf, stridesOf } from '../shape';
import type { Tensor } from '../tensor';
import { kernelCall, type ReplayStep } from './call';

/**
 * The inner loop of an element-wise binary op over one run of `n` output elements:
 * out[o + i] = f(a[ia + i·sa], b[ib + i·sb]). Strides are 0 along a broadcast axis.
 * Kernels are called once per run (a row), never once per element.
 */
export type BinaryRun = (
  out: Float64Array,
  o: number,
  a: Float64Array,
  ia: number,
  sa: number,
  b: Float64Array,
  ib: number,
  sb: number,
  n: number,
) => void;

/**
 * Runs a binary kernel over `a` and `b` broadcast together (NumPy rules), into `into` when given
 * (it must have the output's size) or a new array.
 */
export function broadcastBinary(
  op: string,
  a: Tensor,
  b: Tensor,
  run: BinaryRun,
  into?: Float64Array,
): Computed {
  const as = a.shape;
  const bs = b.shape;
  if (sameShape(as, bs)) {
    const out = into ?? allocate(a.size);
    run(out, 0, a.values, 0, 1, b.values, 0, 1, a.size);
    return { data: out, shape: as };
  }
  // A one-element operand of no higher rank broadcasts without index arithmetic.
  if (b.size === 1 && bs.length <= as.length) {
    const out = into ?? allocate(a.size);
    run(out, 0, a.values, 0, 1, b.values, 0, 0, a.size);
    return { data: out, shape: as };
  }
  if (a.size === 1 && as.length <= bs.length) {
    const out = into ?? allocate(b.size);
    run(out, 0, a.values, 0, 0, b.values, 0, 1, b.size);
    return { data: out, shape: bs };
  }
  // One operand repeats whole along the other's leading axes (a bias row added to a batch).
  if (as.length >= bs.length && isTrailing(bs, as)) {
    const out = into ?? allocate(a.size);
    for (let o = 0; o < a.size; o += b.size) run(out, o, a.values, o, 1, b.values, 0, 1, b.size);
    return { data: out, shape: as };
  }
  if (bs.length >= as.length && isTrailing(as, bs)) {
    const out = into ?? allocate(b.size);
    for (let o = 0; o < b.size; o += a.size) run(out, o, a.values, 0, 1, b.values, o, 1, a.size);
    return { data: out, shape: bs };
  }
  const shape = broadcastShapes(op, as, bs);
  const size = sizeOf(shape);
  const out = into ?? allocate(size);
  // General case: one run per row of the output, each operand starting at its broadcast offset.
  const rank = shape.length;
  const inner = rank === 0 ? 1 : shape[rank - 1]!;
  const innerA = rank === 0 || as.length === 0 || as[as.length - 1] === 1 ? 0 : 1;
  const innerB = rank === 0 || bs.length === 0 || bs[bs.length - 1] === 1 ? 0 : 1;
  const rowShape = shape.slice(0, -1);
  const rowsA = stridedOffsets(rowShape, alignedStrides(as, shape).slice(0, -1), 0);
  const rowsB = stridedOffsets(rowShape, alignedStrides(bs, shape).slice(0, -1), 0);
  for (let r = 0; r < rowsA.length; r++)
    run(out, r * inner, a.values, rowsA[r]!, innerA, b.values, rowsB[r]!, innerB, inner);
  return { data: out, shape };
}

/**
 * {@link broadcastBinary} for a compiled step: the same runs, in the same order, into `out`,
 * with the broadcast case and row offsets worked out once for these inputs.
 */
export function prepareBinary(
  op: string,
  a: Tensor,
  b: Tensor,
  run: BinaryRun,
  out: Float64Array,
): ReplayStep {
  const as = a.shape;
  const bs = b.shape;
  const x = a.values;
  const y = b.values;
  const na = a.size;
  const nb = b.size;
  if (sameShape(as, bs)) return kernelCall(run, out, 0, x, 0, 1, y, 0, 1, na);
  if (nb === 1 && bs.length <= as.length) return kernelCall(run, out, 0, x, 0, 1, y, 0, 0, na);
  if (na === 1 && as.length <= bs.length) return kernelCall(run, out, 0, x, 0, 0, y, 0, 1, nb);
  if (as.length >= bs.length && isTrailing(bs, as)) return kernelCall(runRepeatedB, run, out, x, na, y, nb);
  if (bs.length >= as.length && isTrailing(as, bs)) return kernelCall(runRepeatedA, run, out, x, na, y, nb);
  const shape = broadcastShapes(op, as, bs);
  const rank = shape.length;
  const inner = rank === 0 ? 1 : shape[rank - 1]!;
  const innerA = rank === 0 || as.length === 0 || as[as.length - 1] === 1 ? 0 : 1;
  const innerB = rank === 0 || bs.length === 0 || bs[bs.length - 1] === 1 ? 0 : 1;
  const rowShape = shape.slice(0, -1);
  const rowsA = stridedOffsets(rowShape, alignedStrides(as, shape).slice(0, -1), 0);
  const rowsB = stridedOffsets(rowShape, alignedStrides(bs, shape).slice(0, -1), 0);
  return () => {
    for (let r = 0; r < rowsA.length; r++)
      run(out, r * inner, x, rowsA[r]!, innerA, y, rowsB[r]!, innerB, inner);
  };
}

/** The runs of a `b` repeated whole along `a`'s leading axes (a bias row added to a batch). */
function runRepeatedB(
  run: BinaryRun,
  out: Float64Array,
  x: Float64Array,
  na: number,
  y: Float64Array,
  nb: number,
): void {
  for (let o = 0; o < na; o += nb) run(out, o, x, o, 1, y, 0, 1, nb);
}

/** The runs of an `a` repeated whole along `b`'s leading axes. */
function runRepeatedA(
  run: BinaryRun,
  out: Float64Array,
  x: Float64Array,
  na: number,
  y: Float64Array,
  nb: number,
): void {
  for (let o = 0; o < nb; o += na) run(out, o, x, 0, 1, y, o, 1, na);
}

/**
 * True when `small` (ignoring leading 1s) equals the trailing axes of `big`: broadcasting then
 * repeats `small` whole, block after block.
 */
export function isTrailing(small: Shape, big: Shape): boolean {
  let lead = 0;
  while (lead < small.length && small[lead] === 1) lead++;
  const offset = big.length - small.length;
  for (let i = lead; i < small.length; i++) if (small[i] !== big[offset + i]) return false;
  return sizeOf(small) > 0;
}

/** Strides of `shape` laid against the (longer or equal) broadcast shape `target`: 0 on broadcast axes. */
export function alignedStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const lead = target.length - shape.length;
  return target.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : own[i - lead]!));
}

/**
 * The flat source offset of every element of a strided view, in row-major order: element
 * `index` (of shape `shape`) sits at `offset + Σ index[k]·strides[k]`. The one odometer of the
 * engine; gathers, scatters and broadcasts are all a loop over these offsets.
 */
export function stridedOffsets(shape: Shape, strides: readonly number[], offset: number): Int32Array {
  const size = sizeOf(shape);
  const offsets = new Int32Array(size);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let off = offset;
  for (let o = 0; o < size; o++) {
    offsets[o] = off;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      off += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      off -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return offsets;
}

/**
 * For each element of a tensor of shape `target` (row-major), the flat offset of the element of
 * a tensor of shape `shape` broadcast to it. Used by where, matmul's batches and reductions.
 */
export function broadcastOffsets(shape: Shape, target: Shape): Int32Array {
  return stridedOffsets(target, alignedStrides(shape, target), 0);
}

/**
 * Reads a strided view into a contiguous array (`into`, or a fresh one): element `index` of the result (shape
 * `shape`, row-major) is `src[offset + Σ index[k]·strides[k]]`. Covers permute (permuted
 * strides), slice (offset + own strides) and broadcastTo (zero strides).
 */
export function gatherStrided(
  src: Float64Array,
  shape: Shape,
  strides: readonly number[],
  offset: number,
  into?: Float64Array,
): Float64Array {
  const plan = gatherPlan(shape, strides, offset);
  const out = into ?? allocate(plan.size);
  gatherRuns(src, out, plan.starts, plan.run);
  return out;
}

/** {@link gatherStrided} for a compiled step: the offsets worked out once, the copy on every call. */
export function prepareGather(
  src: Float64Array,
  shape: Shape,
  strides: readonly number[],
  offset: number,
  out: Float64Array,
): ReplayStep {
  const { starts, run } = gatherPlan(shape, strides, offset);
  return kernelCall(gatherRuns, src, out, starts, run);
}

/**
 * Where a gather reads: the start of every run of `run` consecutive source elements. When the
 * last axis is contiguous in the source (stride 1, as in a permute that keeps it, a slice of
 * rows, a broadcast of rows), each run is a whole row and the offsets are one per row, not one
 * per element; otherwise runs have length 1.
 */
function gatherPlan(
  shape: Shape,
  strides: readonly number[],
  offset: number,
): { starts: Int32Array; run: number; size: number } {
  const rank = shape.length;
  const size = sizeOf(shape);
  if (rank > 0 && strides[rank - 1] === 1 && shape[rank - 1]! > 1) {
    return {
      starts: stridedOffsets(shape.slice(0, -1), strides.slice(0, -1), offset),
      run: shape[rank - 1]!,
      size,
    };
  }
  return { starts: stridedOffsets(shape, strides, offset), run: 1, size };
}

/** out[r·run + j] = src[starts[r] + j]: the copy of a {@link gatherPlan}. */
function gatherRuns(src: Float64Array, out: Float64Array, starts: Int32Array, run: number): void {
  if (run === 1) {
    for (let i = 0; i < starts.length; i++) out[i] = src[starts[i]!]!;
    return;
  }
  let o = 0;
  for (let r = 0; r < starts.length; r++) {
    const s = starts[r]!;
    for (let j = 0; j < run; j++) out[o++] = src[s + j]!;
  }
}

/** The inverse of {@link gatherStrided}: writes contiguous `src` (shape `shape`) into a strided region of `dst`. */
export function scatterStrided(
  dst: Float64Array,
  src: Float64Array,
  shape: Shape,
  strides: readonly number[],
  offset: number,
): void {
  const offsets = stridedOffsets(shape, strides, offset);
  for (let i = 0; i < offsets.length; i++) dst[offsets[i]!] = src[i]!;
}
