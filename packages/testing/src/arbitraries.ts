/** fast-check arbitraries for property tests of ops: shapes, broadcast pairs, tensors, expressions. */
import { type Tensor, tensor } from '@deltagrad/core';
import fc from 'fast-check';
import { sizeOf } from './dense';
import { type BinaryName, binaryOps, type Expr, type UnaryName, unaryOps } from './expr';

/** Limits of generated shapes. */
export interface ShapeLimits {
  /** Largest rank (default 3). */
  readonly maxRank?: number;
  /** Largest size of an axis (default 3). */
  readonly maxDim?: number;
}

/** A shape of rank 0 to `maxRank`, every axis of size 1 to `maxDim`. */
export function shapeArb(limits: ShapeLimits = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: limits.maxDim ?? 3 }), { maxLength: limits.maxRank ?? 3 });
}

/** A shape that broadcasts to `target`: some leading axes dropped, some axes set to 1. */
export function broadcastableTo(target: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: target.length }),
      fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
    )
    .map(([drop, toOne]) => target.slice(drop).map((d, i) => (toOne[drop + i] ? 1 : d)));
}

/** Two shapes that broadcast together by NumPy's rules (same shapes, 0-d and size-1 axes included). */
export function broadcastPairArb(limits: ShapeLimits = {}): fc.Arbitrary<[number[], number[]]> {
  return shapeArb(limits).chain((target) => fc.tuple(broadcastableTo(target), broadcastableTo(target)));
}

/** A constant tensor of `shape` with finite values in [min, max] (default [−1, 1]). */
export function tensorArb(
  shape: readonly number[],
  range: { min?: number; max?: number } = {},
): fc.Arbitrary<Tensor> {
  const value = fc.double({
    min: range.min ?? -1,
    max: range.max ?? 1,
    noNaN: true,
    noDefaultInfinity: true,
  });
  return fc
    .array(value, { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
    .map((values) => tensor(Float64Array.from(values), { shape }));
}

/**
 * An expression over inputs x0 … x(inputs−1) of exactly depth `depth` (a chain or tree of the
 * ops in `unaryOps` and `binaryOps`).
 */
export function exprOfDepth(depth: number, inputs: number): fc.Arbitrary<Expr> {
  const leaf: fc.Arbitrary<Expr> = fc
    .integer({ min: 0, max: inputs - 1 })
    .map((index) => ({ kind: 'input', index }));
  if (depth <= 0) return leaf;
  const deep = exprOfDepth(depth - 1, inputs);
  const shallow = fc.integer({ min: 0, max: depth - 1 }).chain((d) => exprOfDepth(d, inputs));
  const unary = fc
    .tuple(fc.constantFrom(...(Object.keys(unaryOps) as UnaryName[])), deep)
    .map(([op, arg]): Expr => ({ kind: 'unary', op, arg }));
  const binary = fc
    .tuple(fc.constantFrom(...(Object.keys(binaryOps) as BinaryName[])), deep, shallow, fc.boolean())
    .map(([op, a, b, swap]): Expr => ({ kind: 'binary', op, left: swap ? b : a, right: swap ? a : b }));
  return fc.oneof(unary, binary);
}

/** An expression of depth between `min` and `max` (default 1 to 4) over `inputs` inputs. */
export function exprArb(inputs: number, depth: { min?: number; max?: number } = {}): fc.Arbitrary<Expr> {
  return fc.integer({ min: depth.min ?? 1, max: depth.max ?? 4 }).chain((d) => exprOfDepth(d, inputs));
}

/** A random composition with its two inputs: broadcast-compatible shapes, values in [−1, 1]. */
export interface CompositionCase {
  readonly expr: Expr;
  readonly inputs: [Tensor, Tensor];
}

/** {@link CompositionCase}s: an expression of depth 1 to 4 (by default) and two broadcastable inputs. */
export function compositionArb(
  depth: { min?: number; max?: number } = {},
  limits: ShapeLimits = {},
): fc.Arbitrary<CompositionCase> {
  return fc
    .tuple(exprArb(2, depth), broadcastPairArb(limits))
    .chain(([expr, [a, b]]) =>
      fc.tuple(tensorArb(a), tensorArb(b)).map((inputs): CompositionCase => ({ expr, inputs })),
    );
}
