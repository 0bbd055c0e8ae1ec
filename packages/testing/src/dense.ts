/**
 * Plain n-dimensional arrays for reference implementations. Deliberately independent of
 * core's kernels (no strides tricks, one multi-index at a time): slow and obviously right, so
 * the harness can check core's forward kernels and broadcasting against it.
 */
import type { NestedArray } from '@deltagrad/core';

/** Row-major values and a shape; `[]` is a scalar. */
export interface Dense {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** Number of elements of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The multi-index of flat position `flat` in a row-major array of `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let i = shape.length - 1; i >= 0; i--) {
    index[i] = rest % shape[i]!;
    rest = Math.floor(rest / shape[i]!);
  }
  return index;
}

/**
 * The element of `x` at `index`, aligned on trailing axes as NumPy broadcasting does: extra
 * leading entries of `index` are ignored, and axes of size 1 are read at 0.
 */
export function at(x: Dense, index: readonly number[]): number {
  const lead = index.length - x.shape.length;
  let flat = 0;
  for (let i = 0; i < x.shape.length; i++) {
    const d = x.shape[i]!;
    flat = flat * d + (d === 1 ? 0 : index[lead + i]!);
  }
  return x.data[flat]!;
}

/** A dense array of `shape` whose element at each multi-index is `f(index)`. */
export function tabulate(shape: readonly number[], f: (index: number[]) => number): Dense {
  const data = new Array<number>(sizeOf(shape));
  for (let k = 0; k < data.length; k++) data[k] = f(unravel(k, shape));
  return { data, shape: [...shape] };
}

/** NumPy's broadcast of several shapes; throws a plain Error when they are incompatible. */
export function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const axis = rank - s.length + i;
      const d = s[i]!;
      if (d !== 1 && out[axis] !== 1 && out[axis] !== d) {
        throw new Error(`shapes ${shapes.map((x) => `[${x.join(', ')}]`).join(', ')} do not broadcast`);
      }
      if (d !== 1) out[axis] = d;
    }
  }
  return out;
}

/** Applies `scalar` element-wise over `inputs` broadcast together. */
export function elementwise(scalar: (...xs: number[]) => number, inputs: readonly Dense[]): Dense {
  const shape = broadcastShape(inputs.map((x) => x.shape));
  return tabulate(shape, (index) => scalar(...inputs.map((x) => at(x, index))));
}

/**
 * Folds `x` over `axes` with `fold`, starting from `init`; reduced axes are dropped, or kept
 * as size 1 with `keepdims`.
 */
export function reduce(
  x: Dense,
  axes: readonly number[],
  keepdims: boolean,
  fold: (acc: number, v: number) => number,
  init: number,
): Dense {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const acc = new Array<number>(sizeOf(kept)).fill(init);
  for (let k = 0; k < sizeOf(x.shape); k++) {
    const index = unravel(k, x.shape);
    let flat = 0;
    for (let i = 0; i < kept.length; i++) flat = flat * kept[i]! + (axes.includes(i) ? 0 : index[i]!);
    acc[flat] = fold(acc[flat]!, x.data[k]!);
  }
  return { data: acc, shape: keepdims ? kept : x.shape.filter((_, i) => !axes.includes(i)) };
}

/**
 * The closed-form VJP of a function applied along the last axis, row by row: `rowGrad(x, u)`
 * gives the gradient of one row `x` for that row's upstream `u` (a single number for a
 * reduction, which drops the axis). For the VJP oracles of softmax, logSumExp and the like.
 */
export function lastAxisVjp(
  x: Dense,
  u: Dense,
  rowGrad: (x: readonly number[], u: readonly number[]) => number[],
  reduces: boolean,
): Dense {
  const n = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? 0 : sizeOf(x.shape) / n;
  const data: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: n }, (_, j) => x.data[r * n + j]!);
    const up = reduces ? [u.data[r]!] : Array.from({ length: n }, (_, j) => u.data[r * n + j]!);
    data.push(...rowGrad(row, up));
  }
  return { data, shape: [...x.shape] };
}

/** The shape of a rectangular nested array (`[]` for a number). */
export function shapeOfNested(value: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

/** A nested array as a dense array. */
export function fromNested(value: NestedArray): Dense {
  const data: number[] = [];
  const stack: NestedArray[] = [value];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]!);
    else data.push(v);
  }
  return { data, shape: shapeOfNested(value) };
}

/** `[2, 3]`, or `[]` for a scalar: shapes as reports print them. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
