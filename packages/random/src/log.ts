/**
 * A correctly rounded natural logarithm in plain JavaScript arithmetic.
 *
 * Why: the legacy Gaussian (polar method) takes log(r2). `Math.log` is only accurate to about
 * 1 ulp and differs between engines; V8's misrounds about 7% of the polar method's inputs, which
 * broke bit-for-bit agreement with `np.random.randn` within the first hundred or so draws. NumPy
 * uses the platform's C `log`, which is closer (glibc 2.36 misrounds about 0.08% of those inputs)
 * but also differs between platforms. A correctly rounded log is the one fixed target: it agrees
 * with glibc wherever glibc is right, and since it uses only IEEE-754 +, −, ×, ÷ it gives the same
 * bits in every JavaScript engine.
 *
 * How: x = 2^e · m with m in [√½, √2); c = 1 + j/128 is the nearest table point to m, and
 * log x = e·ln 2 + log c + 2 atanh(s) with s = (m − c)/(m + c), |s| < 0.0028. The atanh series
 * s·Σ s^(2k)/(2k + 1) and the sum are carried in double-double arithmetic (about 104 bits), and
 * the result is rounded once to a double. The 91 values log c are computed once, at first use,
 * by the same series around 1 (|s| ≤ 0.1716, more terms).
 */

const SPLITTER = 134217729; // 2^27 + 1, Dekker's splitting constant
const TWO_POW_54 = 18014398509481984;
const SQRT2 = Math.SQRT2;
/** ln 2 as a double-double: LN2_HI + LN2_LO. */
const LN2_HI = Math.LN2; // 0.6931471805599453, ln 2 rounded to a double
const LN2_LO = 2.3190468138462996e-17;
/** Table points c = 1 + j/128 for j in [J_MIN, J_MAX] cover m in [√½, √2). */
const J_MIN = -37;
const J_MAX = 53;

// Result registers of the error-free transformations below: R[0] + R[1]. A typed array holds
// unboxed doubles, so the hot path allocates nothing (module-level `let`s would box each write).
const R = new Float64Array(2);

/** R[0] + R[1] = a + b exactly (Knuth's TwoSum). */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  R[1] = a - (s - bb) + (b - bb);
  R[0] = s;
}

/** R[0] + R[1] = a · b exactly (Dekker's product; no fused multiply-add needed). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  R[1] = ah * bh - p + ah * bl + al * bh + al * bl;
  R[0] = p;
}

/** R ≈ (ah + al) · (bh + bl), to about 2^-104 relative. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = R[0]!;
  const e = R[1]! + (ah * bl + al * bh);
  const s = p + e;
  R[1] = e - (s - p);
  R[0] = s;
}

/** R ≈ (ah + al) + (bh + bl), to about 2^-104 relative. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s = R[0]!;
  let e = R[1]!;
  twoSum(al, bl);
  const t = R[0]!;
  const f = R[1]!;
  e += t;
  let hi = s + e;
  e = e - (hi - s) + f;
  const h2 = hi + e;
  R[1] = e - (h2 - hi);
  hi = h2;
  R[0] = hi;
}

/** 1/(2k + 1) as double-doubles, for k = 0 … 22. */
const INV_HI = new Float64Array(23);
const INV_LO = new Float64Array(23);
for (let k = 0; k < 23; k++) {
  const n = 2 * k + 1;
  const hi = 1 / n;
  twoProd(hi, n); // hi·n = R[0] + R[1] exactly; 1 − R[0] is exact (R[0] is within an ulp of 1)
  INV_HI[k] = hi;
  INV_LO[k] = (1 - R[0]! - R[1]!) / n;
}

/**
 * R ≈ log(m/c) = 2 atanh(s), s = (m − c)/(m + c), in double-double. Needs m − c exact (true
 * when c/2 ≤ m ≤ 2c, by Sterbenz's lemma). The series Σ z^k/(2k + 1), z = s², is summed by
 * Horner over `terms` terms, the first `ddTerms` in double-double and the rest (each below
 * 2^-54 relative) in plain doubles.
 */
function logRatio(m: number, c: number, terms: number, ddTerms: number): void {
  const f = m - c;
  twoSum(m, c);
  const dh = R[0]!;
  const dl = R[1]!;
  // s = f / (dh + dl): one double quotient plus a correction from the exact remainder.
  const q1 = f / dh;
  twoProd(q1, dh);
  const q2 = (f - R[0]! - R[1]! - q1 * dl) / dh;
  twoSum(q1, q2);
  const sh = R[0]!;
  const sl = R[1]!;
  ddMul(sh, sl, sh, sl);
  const zh = R[0]!;
  const zl = R[1]!;
  let ph = INV_HI[terms - 1]!;
  for (let k = terms - 2; k >= ddTerms; k--) ph = ph * zh + INV_HI[k]!;
  let pl = 0;
  for (let k = ddTerms - 1; k >= 0; k--) {
    ddMul(ph, pl, zh, zl);
    ddAdd(R[0]!, R[1]!, INV_HI[k]!, INV_LO[k]!);
    ph = R[0]!;
    pl = R[1]!;
  }
  ddMul(sh, sl, ph, pl);
  R[0] = 2 * R[0]!; // doubling is exact
  R[1] = 2 * R[1]!;
}

/** log(1 + j/128) as double-doubles, index j − J_MIN; filled on first use. */
let LOGC_HI: Float64Array | undefined;
let LOGC_LO: Float64Array | undefined;

function logTable(): void {
  LOGC_HI = new Float64Array(J_MAX - J_MIN + 1);
  LOGC_LO = new Float64Array(J_MAX - J_MIN + 1);
  for (let j = J_MIN; j <= J_MAX; j++) {
    if (j === 0) continue;
    // |s| ≤ 0.1716 here, z ≤ 0.0295: 23 terms reach 2^-116, and z^11 < 2^-55.
    logRatio(1 + j / 128, 1, 23, 11);
    LOGC_HI[j - J_MIN] = R[0]!;
    LOGC_LO[j - J_MIN] = R[1]!;
  }
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the word holding sign, exponent and top mantissa bits (1 on little-endian hosts). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The natural logarithm of `x`, correctly rounded (to within about 2^-100 relative before the
 * final rounding, so a misrounding needs an input within that distance of a rounding boundary).
 * Same special values as `Math.log`: NaN for NaN or x < 0, −Infinity for ±0, Infinity for Infinity.
 */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : Number.NaN;
  if (x === Infinity) return x;
  if (LOGC_HI === undefined) logTable();
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= TWO_POW_54; // subnormal: scale into the normal range first (exact)
    e = -54;
  }
  F64[0] = x;
  const word = U32[HI]!;
  e += ((word >>> 20) & 0x7ff) - 1023;
  U32[HI] = (word & 0x000fffff) | 0x3ff00000; // same mantissa, exponent 0: m in [1, 2)
  let m = F64[0]!;
  if (m >= SQRT2) {
    m /= 2; // exact
    e += 1;
  }
  if (m === 1 && e === 0) return 0;
  const j = Math.round((m - 1) * 128);
  // |s| < 0.0028, z < 2^-16.9: 7 terms reach 2^-118, and z^4 < 2^-67.
  logRatio(m, 1 + j / 128, 7, 4);
  if (j === 0 && e === 0) return R[0]! + R[1]!;
  ddAdd(R[0]!, R[1]!, LOGC_HI![j - J_MIN]!, LOGC_LO![j - J_MIN]!);
  if (e === 0) return R[0]! + R[1]!;
  // Plus e · ln 2 in double-double, then rounded once.
  const lh = R[0]!;
  const ll = R[1]!;
  twoProd(e, LN2_HI);
  ddAdd(R[0]!, R[1]! + e * LN2_LO, lh, ll);
  return R[0]! + R[1]!;
}
