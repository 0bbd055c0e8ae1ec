/**
 * Sums over the leading axes (how a bias gradient is unbroadcast): `out[j] = 0 + src[j] +
 * src[inner + j] + src[2·inner + j] + …`, row after row in order, as the eager loop adds.
 */

/** Widths below this sum column by column in registers; wider rows add row after row into `out`. */
const NARROW = 32;

/** `out[j]` = the sum of column j of `src` (rows of `inner` values), rows in order from 0. */
export function columnSums(src: Float64Array, inner: number, out: Float64Array): void {
  const n = src.length;
  if (inner >= NARROW) {
    out.fill(0);
    for (let o = 0; o < n; o += inner) for (let j = 0; j < inner; j++) out[j]! += src[o + j]!;
    return;
  }
  // Narrow rows (16 hidden units, one output): adding into out[j] would load and store it for
  // every element; four running sums in locals, one pass per four columns, add in the same order.
  let j = 0;
  for (; j + 4 <= inner; j += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let o = j; o < n; o += inner) {
      s0 += src[o]!;
      s1 += src[o + 1]!;
      s2 += src[o + 2]!;
      s3 += src[o + 3]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < inner; j++) {
    let s = 0;
    for (let o = j; o < n; o += inner) s += src[o]!;
    out[j] = s;
  }
}
