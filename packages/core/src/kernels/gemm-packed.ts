/**
 * The JS matrix product for products wide in both m and n (see `gemmStrided` in gemm.ts for
 * when it runs): blocks of A and B are first copied into panels of a scratch array, then 4×3
 * register tiles run over the panels. Same summation order as every matmul path: each output is
 * `a(i,0)·b(0,j)`, then `+= a(i,p)·b(p,j)` for p = 1 … k − 1, one rounding per product and per
 * addition. C is first filled with −0 and every block of k resumes from the partial sums in C:
 * −0 adds exactly (−0 + x is x for every x, −0 and NaN included), and a stored double reloads
 * unchanged, so the bits are those of the plain loop.
 *
 * Why it is faster than reading A and B in place (measured on V8 11, Node 20): TurboFan keeps a
 * bounds check, an overflow check and a map check on every typed-array load whatever the loop's
 * shape, so the cost per multiply-add is set by the loads and index sums around it. In a panel
 * the operands of one step of p are adjacent (index + constant) in ONE array, instead of eight
 * row/column bases held in registers (or spilled) over two arrays; and 4×3 (12 sums) spills
 * less than 4×4 (16 sums, as TurboFan computes every product of a step before adding any):
 * ≈ 7.7 machine instructions per multiply-add instead of ≈ 9.2.
 */

/** Register tile: rows of A and columns of B per tile. */
const MR = 4;
const NR = 3;
/** Cache blocks: k per panel (a 4-row panel of A and a 3-column panel of B fit L1), rows of A and columns of B per block. */
const KC = 256;
const MC = 128;
const NC = 255 * NR;

/** The panels, reused by every call: grown to the largest block met, at most KC·(MC + NC) doubles (1.8 MB). */
let scratch = new Float64Array(0);

/** C[m×n] (row-major, row stride n, at `cOff`) = op(A)·op(B), op(A)(i,p) = A[aOff + i·ars + p·acs], op(B)(p,j) = B[bOff + p·brs + j·bcs]; k ≥ 1. */
export function gemmPacked(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  ars: number,
  acs: number,
  B: Float64Array,
  bOff: number,
  brs: number,
  bcs: number,
  C: Float64Array,
  cOff: number,
): void {
  const kMax = Math.min(k, KC);
  const bStart = Math.min(m, MC) * kMax;
  const need = bStart + Math.ceil(Math.min(n, NC) / NR) * NR * kMax;
  if (scratch.length < need) scratch = new Float64Array(need);
  const S = scratch;
  // Every tile resumes from the sums in C, so the first block of k starts them at −0.
  C.fill(-0, cOff, cOff + m * n);
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nb = Math.min(NC, n - j0);
    const nFull = nb - (nb % NR);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kb = Math.min(KC, k - k0);
      const b0 = bOff + k0 * brs + j0 * bcs;
      packBPanels(B, b0, brs, bcs, kb, nFull, S, bStart);
      if (nFull < nb) packBColumns(B, b0, brs, bcs, kb, nFull, nb, S, bStart);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mb = Math.min(MC, m - i0);
        const mFull = mb - (mb % MR);
        const a0 = aOff + i0 * ars + k0 * acs;
        packAPanels(A, a0, ars, acs, mFull, kb, S);
        if (mFull < mb) packARows(A, a0, ars, acs, mFull, mb, kb, S);
        const c0 = cOff + i0 * n + j0;
        tiles4x3(S, bStart, mFull, nFull, kb, C, c0, n);
        if (mFull < mb) tiles1x3(S, bStart, mFull, mb, nFull, kb, C, c0, n);
        if (nFull < nb) {
          tiles4x1(S, bStart, mFull, nFull, nb, kb, C, c0, n);
          if (mFull < mb) tiles1x1(S, bStart, mFull, mb, nFull, nb, kb, C, c0, n);
        }
      }
    }
  }
}

// One loop nest per function, with no branch inside: V8 (11, Node 20) compiles a long-running
// loop on-stack (OSR) and, when that code meets a path it has no feedback for (the last rows of
// a product whose earlier ones had none), deoptimises on every later call instead of
// recompiling — a leftover-rows loop in the same function made one product 4× slower.

/** Rows [0, mFull) of A's block as 4-row panels: for each p the 4 values side by side. */
function packAPanels(
  A: Float64Array,
  a0: number,
  ars: number,
  acs: number,
  mFull: number,
  kb: number,
  S: Float64Array,
): void {
  let w = 0;
  for (let i = 0; i < mFull; i += MR) {
    let s = a0 + i * ars;
    for (let p = 0; p < kb; p++) {
      S[w] = A[s]!;
      S[w + 1] = A[s + ars]!;
      S[w + 2] = A[s + 2 * ars]!;
      S[w + 3] = A[s + 3 * ars]!;
      w += MR;
      s += acs;
    }
  }
}

/** Rows [mFull, mb) of A's block after the panels, one row after another. */
function packARows(
  A: Float64Array,
  a0: number,
  ars: number,
  acs: number,
  mFull: number,
  mb: number,
  kb: number,
  S: Float64Array,
): void {
  let w = mFull * kb;
  for (let i = mFull; i < mb; i++) {
    let s = a0 + i * ars;
    for (let p = 0; p < kb; p++) {
      S[w++] = A[s]!;
      s += acs;
    }
  }
}

/** Columns [0, nFull) of B's block as 3-column panels from `start`: for each p the 3 values side by side. */
function packBPanels(
  B: Float64Array,
  b0: number,
  brs: number,
  bcs: number,
  kb: number,
  nFull: number,
  S: Float64Array,
  start: number,
): void {
  let w = start;
  for (let j = 0; j < nFull; j += NR) {
    let s = b0 + j * bcs;
    for (let p = 0; p < kb; p++) {
      S[w] = B[s]!;
      S[w + 1] = B[s + bcs]!;
      S[w + 2] = B[s + 2 * bcs]!;
      w += NR;
      s += brs;
    }
  }
}

/** Columns [nFull, nb) of B's block as one more panel, 3 slots per p (the missing columns' slots are never read). */
function packBColumns(
  B: Float64Array,
  b0: number,
  brs: number,
  bcs: number,
  kb: number,
  nFull: number,
  nb: number,
  S: Float64Array,
  start: number,
): void {
  for (let j = nFull; j < nb; j++) {
    let w = start + nFull * kb + (j - nFull);
    let s = b0 + j * bcs;
    for (let p = 0; p < kb; p++) {
      S[w] = B[s]!;
      w += NR;
      s += brs;
    }
  }
}

// The tiles: for each tile, q walks its A panel (rows i… at i·kb) and t its B panel (columns
// j… at bStart + j·kb) for kb steps of p, resuming from the partial sums in C. `| 0` keeps the
// index sums int32 without an overflow check each; the steps are literals (MR = 4, NR = 3), as a
// module constant is reloaded and untagged on every step. Tiles are not separate functions: V8
// does not inline one this size, and a call per tile costs ~15 % when k is 10.

/** The 4×3 tiles of a block. */
function tiles4x3(
  S: Float64Array,
  bStart: number,
  mFull: number,
  nFull: number,
  kb: number,
  C: Float64Array,
  c0: number,
  n: number,
): void {
  for (let j = 0; j < nFull; j += NR) {
    for (let i = 0; i < mFull; i += MR) {
      let q = i * kb;
      let t = bStart + j * kb;
      const o0 = c0 + i * n + j;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      let c00 = C[o0]!;
      let c01 = C[o0 + 1]!;
      let c02 = C[o0 + 2]!;
      let c10 = C[o1]!;
      let c11 = C[o1 + 1]!;
      let c12 = C[o1 + 2]!;
      let c20 = C[o2]!;
      let c21 = C[o2 + 1]!;
      let c22 = C[o2 + 2]!;
      let c30 = C[o3]!;
      let c31 = C[o3 + 1]!;
      let c32 = C[o3 + 2]!;
      for (let p = 0; p < kb; p++) {
        const y0 = S[t]!;
        const y1 = S[(t + 1) | 0]!;
        const y2 = S[(t + 2) | 0]!;
        const x0 = S[q]!;
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        const x1 = S[(q + 1) | 0]!;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        const x2 = S[(q + 2) | 0]!;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        const x3 = S[(q + 3) | 0]!;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        q = (q + 4) | 0;
        t = (t + 3) | 0;
      }
      C[o0] = c00;
      C[o0 + 1] = c01;
      C[o0 + 2] = c02;
      C[o1] = c10;
      C[o1 + 1] = c11;
      C[o1 + 2] = c12;
      C[o2] = c20;
      C[o2 + 1] = c21;
      C[o2 + 2] = c22;
      C[o3] = c30;
      C[o3 + 1] = c31;
      C[o3 + 2] = c32;
    }
  }
}

/** The last (< 4) rows against the full column panels, 1×3 tiles. */
function tiles1x3(
  S: Float64Array,
  bStart: number,
  mFull: number,
  mb: number,
  nFull: number,
  kb: number,
  C: Float64Array,
  c0: number,
  n: number,
): void {
  for (let j = 0; j < nFull; j += NR) {
    for (let i = mFull; i < mb; i++) {
      let q = i * kb;
      let t = bStart + j * kb;
      const o = c0 + i * n + j;
      let c0_ = C[o]!;
      let c1 = C[o + 1]!;
      let c2 = C[o + 2]!;
      for (let p = 0; p < kb; p++) {
        const x = S[q]!;
        c0_ += x * S[t]!;
        c1 += x * S[(t + 1) | 0]!;
        c2 += x * S[(t + 2) | 0]!;
        q = (q + 1) | 0;
        t = (t + 3) | 0;
      }
      C[o] = c0_;
      C[o + 1] = c1;
      C[o + 2] = c2;
    }
  }
}

/** The last (< 3) columns against the full row panels, 4×1 tiles. */
function tiles4x1(
  S: Float64Array,
  bStart: number,
  mFull: number,
  nFull: number,
  nb: number,
  kb: number,
  C: Float64Array,
  c0: number,
  n: number,
): void {
  for (let j = nFull; j < nb; j++) {
    for (let i = 0; i < mFull; i += MR) {
      let q = i * kb;
      let t = bStart + nFull * kb + (j - nFull);
      const o0 = c0 + i * n + j;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      let c0_ = C[o0]!;
      let c1 = C[o1]!;
      let c2 = C[o2]!;
      let c3 = C[o3]!;
      for (let p = 0; p < kb; p++) {
        const y = S[t]!;
        c0_ += S[q]! * y;
        c1 += S[(q + 1) | 0]! * y;
        c2 += S[(q + 2) | 0]! * y;
        c3 += S[(q + 3) | 0]! * y;
        q = (q + 4) | 0;
        t = (t + 3) | 0;
      }
      C[o0] = c0_;
      C[o1] = c1;
      C[o2] = c2;
      C[o3] = c3;
    }
  }
}

/** The last rows against the last columns, one output at a time. */
function tiles1x1(
  S: Float64Array,
  bStart: number,
  mFull: number,
  mb: number,
  nFull: number,
  nb: number,
  kb: number,
  C: Float64Array,
  c0: number,
  n: number,
): void {
  for (let j = nFull; j < nb; j++) {
    for (let i = mFull; i < mb; i++) {
      let q = i * kb;
      let t = bStart + nFull * kb + (j - nFull);
      const o = c0 + i * n + j;
      let c = C[o]!;
      for (let p = 0; p < kb; p++) {
        c += S[q]! * S[t]!;
        q = (q + 1) | 0;
        t = (t + 3) | 0;
      }
      C[o] = c;
    }
  }
}
