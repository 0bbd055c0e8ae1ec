import { type Dense, fmtShape, unravel } from './dense';
import type { Tolerance } from './spec';

/** The first element where two arrays disagree. */
export interface Mismatch {
  /** Multi-index of the element. */
  readonly index: number[];
  readonly actual: number;
  readonly expected: number;
}

/** What {@link compareValues} found. */
export interface ValueComparison {
  readonly ok: boolean;
  /**
   * Largest |actual − expected| / max(1, |expected|) over elements where both are finite — the
   * absolute error for values up to 1, the relative error above (log's gradient 1e300 at 1e-300,
   * off in its last bit, is 1.5e284 apart in absolute terms) — and Infinity on a non-finite mismatch.
   */
  readonly maxError: number;
  /** The first disagreeing element, or null (also null when only the shapes differ). */
  readonly mismatch: Mismatch | null;
  /** A one-line description of the failure, or null. */
  readonly message: string | null;
}

/**
 * NaN-aware equality within a tolerance: NaN equals NaN, ±Infinity must match exactly, 0 and
 * −0 are equal, and finite values may differ by `atol + rtol·|expected|`.
 */
export function sameNumber(actual: number, expected: number, tol: Tolerance = {}): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(expected);
}

/** Compares shape and values of `actual` against `expected`, NaN-aware (see {@link sameNumber}). */
export function compareValues(actual: Dense, expected: Dense, tol: Tolerance = {}): ValueComparison {
  const shapeOk =
    actual.shape.length === expected.shape.length && actual.shape.every((d, i) => d === expected.shape[i]);
  if (!shapeOk) {
    return {
      ok: false,
      maxError: Number.POSITIVE_INFINITY,
      mismatch: null,
      message: `shape ${fmtShape(actual.shape)}, expected ${fmtShape(expected.shape)}`,
    };
  }
  let maxError = 0;
  let mismatch: Mismatch | null = null;
  for (let k = 0; k < expected.data.length; k++) {
    const a = actual.data[k]!;
    const e = expected.data[k]!;
    const same = sameNumber(a, e, tol);
    if (Number.isFinite(a) && Number.isFinite(e))
      maxError = Math.max(maxError, Math.abs(a - e) / Math.max(1, Math.abs(e)));
    else if (!same) maxError = Number.POSITIVE_INFINITY;
    if (!same && mismatch === null) mismatch = { index: unravel(k, expected.shape), actual: a, expected: e };
  }
  return {
    ok: mismatch === null,
    maxError,
    mismatch,
    message: mismatch
      ? `element ${fmtShape(mismatch.index)}: got ${mismatch.actual}, expected ${mismatch.expected}`
      : null,
  };
}
