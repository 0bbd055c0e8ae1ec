import { DeltagradError, describeValue, fmtShape } from './errors';

/** A tensor shape: one non-negative integer per axis; `[]` is a scalar. */
export type Shape = readonly number[];

/** Number of elements of a tensor of this shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous tensor of this shape. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The most axes a tensor may have (NumPy's limit since 2.0). */
export const MAX_RANK = 64;

/**
 * The largest element budget {@link setElementBudget} accepts: 2³¹ − 1, the largest tensor whose
 * flat offsets fit the engine's Int32 index arrays (and below every engine's typed-array limit).
 */
export const MAX_ELEMENT_BUDGET = 2 ** 31 - 1;

let budget = 2 ** 28;

/**
 * Sets the element budget: the most elements one tensor may have (default 2²⁸ = 268,435,456,
 * 2 GiB of float64). Every op and creation function checks the size of what it is about to
 * allocate against it and throws `TOO_LARGE` before allocating, so a mistyped shape fails at
 * once instead of exhausting memory. At most {@link MAX_ELEMENT_BUDGET}.
 *
 * @throws {@link DeltagradError} `INVALID_ARGUMENT` unless `n` is a positive integer within that limit.
 *
 * @example
 * ```ts
 * setElementBudget(1e6); // tests and sandboxes: nothing larger than a million elements
 * zeros([2000, 1000]);   // DeltagradError TOO_LARGE
 * ```
 */
export function setElementBudget(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_ELEMENT_BUDGET) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `setElementBudget: n must be an integer from 1 to ${MAX_ELEMENT_BUDGET}, got ${describeValue(n)}`,
    );
  }
  budget = n;
}

/** The element budget in force (see {@link setElementBudget}). */
export function elementBudget(): number {
  return budget;
}

/** Throws `TOO_LARGE` when a tensor of `shape` (`size` elements) would exceed the element budget. */
export function assertWithinBudget(where: string, shape: Shape, size: number = sizeOf(shape)): void {
  if (size > budget) {
    throw new DeltagradError(
      'TOO_LARGE',
      `${where}: shape ${fmtShape(shape)} has ${size} elements, over the element budget of ${budget} (raise it with setElementBudget)`,
    );
  }
}

/**
 * Checks a shape argument: an array of at most {@link MAX_RANK} non-negative integers whose
 * size is within the element budget. `what` names the argument in messages.
 */
export function assertShape(shape: unknown, where: string, what = 'shape'): asserts shape is Shape {
  assertShapeEntries(shape, where, what);
  assertWithinBudget(where, shape);
}

/** {@link assertShape} without the element budget: for shapes nothing is allocated for. */
export function assertShapeEntries(shape: unknown, where: string, what = 'shape'): asserts shape is Shape {
  if (!Array.isArray(shape)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${where}: ${what} must be an array of non-negative integers, got ${describeValue(shape)}`,
    );
  }
  if (shape.length > MAX_RANK) {
    throw new DeltagradError(
      'INVALID_SHAPE',
      `${where}: ${what} has ${shape.length} axes, more than ${MAX_RANK}`,
    );
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new DeltagradError(
        'INVALID_SHAPE',
        `${where}: invalid ${what} ${fmtShape(shape)} (${describeValue(d)} is not a non-negative integer)`,
      );
    }
  }
}

/** NumPy's broadcasting rule: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    // Missing leading axes are 1s (checked by position: reading a[-1] would leave V8's fast path).
    const da = i < n - a.length ? 1 : a[a.length - n + i]!;
    const db = i < n - b.length ? 1 : b[b.length - n + i]!;
    if (da !== db && da !== 1 && db !== 1) {
      throw new DeltagradError(
        'SHAPE_MISMATCH',
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (axis ${i - n}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  assertWithinBudget(op, out);
  return out;
}

const ALL_AXES: number[][] = [];
/** [0, 1, …, rank − 1], shared (callers never mutate it). */
function allAxes(rank: number): number[] {
  ALL_AXES[rank] ??= Array.from({ length: rank }, (_, i) => i);
  return ALL_AXES[rank]!;
}

/** Normalises possibly negative axes against `rank`; throws on out-of-range or repeated axes. */
export function normalizeAxes(
  op: string,
  axes: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (axes === undefined) return allAxes(rank);
  if (typeof axes !== 'number' && !Array.isArray(axes)) {
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `${op}: axes must be an axis or an array of axes, got ${describeValue(axes)}`,
    );
  }
  const list: readonly unknown[] = typeof axes === 'number' ? [axes] : axes;
  const seen = new Set<number>();
  return list
    .map((axis) => {
      if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
        throw new DeltagradError(
          'INVALID_ARGUMENT',
          `${op}: axis ${describeValue(axis)} is out of range for a ${rank}-d tensor`,
        );
      }
      const a = axis < 0 ? axis + rank : axis;
      if (seen.has(a)) throw new DeltagradError('INVALID_ARGUMENT', `${op}: axis ${axis} is repeated`);
      seen.add(a);
      return a;
    })
    .sort((x, y) => x - y);
}

/** The shape left after reducing `axes` (kept as 1s when `keepdims`). */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}
