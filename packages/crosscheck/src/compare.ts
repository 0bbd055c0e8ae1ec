/** Running agreement statistics of two arrays that should be equal. */
export interface Agreement {
  maxAbsDiff: number;
  maxRelDiff: number;
}

/** d = |a − b| relative to max(|a|, |b|): 0 for two zeros, NaN when d is NaN. */
function relative(d: number, a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale > 0 || Number.isNaN(d) ? d / scale : 0;
}

/**
 * |a − b| and |a − b| / max(|a|, |b|) of one pair of entries: the relative difference of two
 * zeros is 0, and NaN in either makes both NaN.
 */
export function difference(a: number, b: number): { abs: number; rel: number } {
  const abs = Math.abs(a - b);
  return { abs, rel: relative(abs, a, b) };
}

/**
 * max |a − b| and max |a − b| / max(|a|, |b|) over the entries (see {@link difference}). NaN
 * anywhere makes both NaN, so disagreement is never hidden.
 */
export function agreement(a: Float64Array, b: Float64Array): Agreement {
  return agreementInto(a, b, { maxAbsDiff: 0, maxRelDiff: 0 });
}

/**
 * {@link agreement} written into `into` (and returned): the training loop compares every
 * parameter every update, so it reuses one record instead of allocating one per comparison.
 */
export function agreementInto(a: Float64Array, b: Float64Array, into: Agreement): Agreement {
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) {
      maxAbsDiff = Number.NaN;
      maxRelDiff = Number.NaN;
      break;
    }
    const rel = relative(d, a[i]!, b[i]!);
    if (d > maxAbsDiff) maxAbsDiff = d;
    if (rel > maxRelDiff) maxRelDiff = rel;
  }
  into.maxAbsDiff = maxAbsDiff;
  into.maxRelDiff = maxRelDiff;
  return into;
}

/**
 * Max |a − b| over the entries (NaN if any difference is NaN): {@link agreementInto}'s
 * `maxAbsDiff` without the relative difference, for the parameter drift of every update.
 */
export function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > max) max = d;
    else if (Number.isNaN(d)) return Number.NaN;
  }
  return max;
}

/** The larger of two statistics, NaN winning (a NaN difference must not be lost in a max). */
export function worse(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
}
