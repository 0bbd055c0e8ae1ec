import { DeltagradError, fmtShape } from './errors';

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

/** Throws unless every dimension is a non-negative integer. */
export function assertShape(shape: Shape, where: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new DeltagradError('INVALID_SHAPE', `${where}: invalid shape ${fmtShape(shape)}`);
    }
  }
}

/** NumPy's broadcasting rule: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new DeltagradError(
        'SHAPE_MISMATCH',
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (axis ${i - n}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
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
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const seen = new Set<number>();
  return list
    .map((axis) => {
      if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
        throw new DeltagradError(
          'INVALID_ARGUMENT',
          `${op}: axis ${axis} is out of range for a ${rank}-d tensor`,
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
