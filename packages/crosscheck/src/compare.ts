/** Running agreement statistics of two arrays that should be equal. */
export interface Agreement {
  maxAbsDiff: number;
  maxRelDiff: number;
}

/**
 * max |a − b| and max |a − b| / max(|a|, |b|) over the entries (the relative difference of
 * two zeros is 0). NaN anywhere makes both NaN, so disagreement is never hidden.
 */
export function agreement(a: Float64Array, b: Float64Array): Agreement {
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const d = Math.abs(x - y);
    if (Number.isNaN(d)) return { maxAbsDiff: Number.NaN, maxRelDiff: Number.NaN };
    const scale = Math.max(Math.abs(x), Math.abs(y));
    if (d > maxAbsDiff) maxAbsDiff = d;
    if (scale > 0 && d / scale > maxRelDiff) maxRelDiff = d / scale;
  }
  return { maxAbsDiff, maxRelDiff };
}

/** The larger of two statistics, NaN winning (a NaN difference must not be lost in a max). */
export function worse(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b);
}
