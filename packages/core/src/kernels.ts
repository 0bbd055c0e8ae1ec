import type { Computed } from './ops/types';
import { broadcastShapes, type Shape, sameShape, sizeOf, stridesOf } from './shape';
import type { Tensor } from './tensor';

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

/** Runs a binary kernel over `a` and `b` broadcast together (NumPy rules). */
export function broadcastBinary(op: string, a: Tensor, b: Tensor, run: BinaryRun): Computed {
  const as = a.shape;
  const bs = b.shape;
  if (sameShape(as, bs)) {
    const out = new Float64Array(a.size);
    run(out, 0, a.data, 0, 1, b.data, 0, 1, a.size);
    return { data: out, shape: as };
  }
  // A one-element operand of no higher rank broadcasts without index arithmetic.
  if (b.size === 1 && bs.length <= as.length) {
    const out = new Float64Array(a.size);
    run(out, 0, a.data, 0, 1, b.data, 0, 0, a.size);
    return { data: out, shape: as };
  }
  if (a.size === 1 && as.length <= bs.length) {
    const out = new Float64Array(b.size);
    run(out, 0, a.data, 0, 0, b.data, 0, 1, b.size);
    return { data: out, shape: bs };
  }
  // One operand repeats whole along the other's leading axes (a bias row added to a batch).
  if (as.length >= bs.length && isTrailing(bs, as)) {
    const out = new Float64Array(a.size);
    for (let o = 0; o < a.size; o += b.size) run(out, o, a.data, o, 1, b.data, 0, 1, b.size);
    return { data: out, shape: as };
  }
  if (bs.length >= as.length && isTrailing(as, bs)) {
    const out = new Float64Array(b.size);
    for (let o = 0; o < b.size; o += a.size) run(out, o, a.data, 0, 1, b.data, o, 1, a.size);
    return { data: out, shape: bs };
  }
  const shape = broadcastShapes(op, as, bs);
  const size = sizeOf(shape);
  const out = new Float64Array(size);
  const rank = shape.length;
  const sa = alignedStrides(as, shape);
  const sb = alignedStrides(bs, shape);
  const inner = rank === 0 ? 1 : shape[rank - 1]!;
  const innerA = rank === 0 ? 0 : sa[rank - 1]!;
  const innerB = rank === 0 ? 0 : sb[rank - 1]!;
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < size; o += inner) {
    run(out, o, a.data, ia, innerA, b.data, ib, innerB, inner);
    // Advance the odometer over all axes but the last.
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]!++;
      ia += sa[axis]!;
      ib += sb[axis]!;
      if (index[axis]! < shape[axis]!) break;
      ia -= sa[axis]! * shape[axis]!;
      ib -= sb[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return { data: out, shape };
}

/**
 * True when `small` (ignoring leading 1s) equals the trailing axes of `big`: broadcasting then
 * repeats `small` whole, block after block.
 */
function isTrailing(small: Shape, big: Shape): boolean {
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
 * For each element of a tensor of shape `target` (row-major), the flat offset of the element of
 * a tensor of shape `shape` broadcast to it. Used by gathers: broadcastTo, where, reductions.
 */
export function broadcastOffsets(shape: Shape, target: Shape): Int32Array {
  const size = sizeOf(target);
  const offsets = new Int32Array(size);
  const rank = target.length;
  if (rank === 0) return offsets;
  const strides = alignedStrides(shape, target);
  const index = new Array<number>(rank).fill(0);
  let off = 0;
  for (let o = 0; o < size; o++) {
    offsets[o] = off;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      off += strides[axis]!;
      if (index[axis]! < target[axis]!) break;
      off -= strides[axis]! * target[axis]!;
      index[axis] = 0;
    }
  }
  return offsets;
}

/** A tensor-free helper: a constant Float64Array of `size` copies of `value`. */
export function filled(size: number, value: number): Float64Array {
  return new Float64Array(size).fill(value);
}

/**
 * Reads a strided view into a fresh contiguous array: element `index` of the result (shape
 * `shape`, row-major) is `src[offset + Σ index[k]·strides[k]]`. Covers permute (permuted
 * strides), slice (offset + own strides) and broadcastTo (zero strides).
 */
export function gatherStrided(
  src: Float64Array,
  shape: Shape,
  strides: readonly number[],
  offset: number,
): Float64Array {
  const size = sizeOf(shape);
  const out = new Float64Array(size);
  const rank = shape.length;
  if (rank === 0) {
    if (size === 1) out[0] = src[offset]!;
    return out;
  }
  const last = rank - 1;
  const inner = shape[last]!;
  const innerStride = strides[last]!;
  const index = new Array<number>(rank).fill(0);
  let off = offset;
  for (let o = 0; o < size; o += inner) {
    for (let i = 0; i < inner; i++) out[o + i] = src[off + i * innerStride]!;
    for (let axis = last - 1; axis >= 0; axis--) {
      index[axis]!++;
      off += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      off -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return out;
}

/** The inverse of {@link gatherStrided}: writes contiguous `src` (shape `shape`) into a strided region of `dst`. */
export function scatterStrided(
  dst: Float64Array,
  src: Float64Array,
  shape: Shape,
  strides: readonly number[],
  offset: number,
): void {
  const size = src.length;
  const rank = shape.length;
  if (rank === 0) {
    if (size === 1) dst[offset] = src[0]!;
    return;
  }
  const last = rank - 1;
  const inner = shape[last]!;
  const innerStride = strides[last]!;
  const index = new Array<number>(rank).fill(0);
  let off = offset;
  for (let o = 0; o < size; o += inner) {
    for (let i = 0; i < inner; i++) dst[off + i * innerStride] = src[o + i]!;
    for (let axis = last - 1; axis >= 0; axis--) {
      index[axis]!++;
      off += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      off -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}
