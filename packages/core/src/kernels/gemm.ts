/**
 * The matrix-product kernel in JavaScript: C = op(A)·op(B) for the three layouts backprop needs
 * (A·B forward, A·Bᵀ and Aᵀ·B in the VJP), read through strides so no transpose is ever
 * materialised.
 *
 * Summation order (the contract every matmul path keeps, the WASM kernel included): each output
 * element is `c = a(i,0)·b(0,j)`, then `c += a(i,p)·b(p,j)` for p = 1, 2, …, k − 1, in that
 * order, one rounding per product and per addition (no FMA, no reassociation); `k = 0` gives 0.
 * Tiling only changes which outputs are computed together, never the order within one.
 */

import { kernelCall, type ReplayStep } from './call';
import { gemmPacked } from './gemm-packed';

/** The three layouts: `nn` is A·B, `nt` is A·Bᵀ, `tn` is Aᵀ·B (A, B row-major as stored). */
export type GemmLayout = 'nn' | 'nt' | 'tn';

/**
 * C[m×n] (row-major at `cOff`) = op(A)[m×k] · op(B)[k×n], for row-major A and B stored as
 * `layout` says: A is m×k (`nn`, `nt`) or k×m (`tn`); B is k×n (`nn`, `tn`) or n×k (`nt`).
 */
export function gemm(
  layout: GemmLayout,
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
): void {
  // Strides of the logical op(A) (m×k) and op(B) (k×n).
  const ars = layout === 'tn' ? 1 : k;
  const acs = layout === 'tn' ? m : 1;
  const brs = layout === 'nt' ? 1 : n;
  const bcs = layout === 'nt' ? k : 1;
  gemmStrided(m, n, k, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff);
}

/**
 * A compiled step's product of these sizes: one of {@link gemmSmall} (for a product of at most
 * {@link SMALL} multiply-adds, k > 0: what every kernel set runs there, the WebAssembly one
 * included, as too small to repay its call) with its strides fixed, else `inUse`, the kernels'
 * gemm looked up at each call so that `setKernels` still takes effect.
 */
export function prepareGemm(
  inUse: typeof gemm,
  layout: GemmLayout,
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
): ReplayStep {
  if (k === 0 || m * n * k > SMALL) return kernelCall(inUse, layout, m, n, k, A, aOff, B, bOff, C, cOff);
  const ars = layout === 'tn' ? 1 : k;
  const acs = layout === 'tn' ? m : 1;
  const brs = layout === 'nt' ? 1 : n;
  const bcs = layout === 'nt' ? k : 1;
  return kernelCall(gemmSmall, m, n, k, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff);
}

/**
 * Products up to this many multiply-adds run {@link gemmSmall}: the tiled kernel's setup, and
 * its long body while V8 has not optimised it yet (the first thousands of steps of a short
 * run), cost more than they save on a 4×2 matrix.
 */
const SMALL = 256;

/** One output at a time, the same order: c = a(i,0)·b(0,j), then c += a(i,p)·b(p,j), p = 1 … k − 1. */
function gemmSmall(
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
  let o = cOff;
  for (let i = 0; i < m; i++) {
    const a0 = aOff + i * ars;
    for (let j = 0; j < n; j++) {
      const b0 = bOff + j * bcs;
      let c = A[a0]! * B[b0]!;
      for (let p = 1; p < k; p++) c += A[a0 + p * acs]! * B[b0 + p * brs]!;
      C[o++] = c;
    }
  }
}

/**
 * Products whose m and n are both wide enough, and k long enough, to repay copying A and B into
 * panels run {@link gemmPacked} (4×3 tiles over packed panels, ≈ 20 % faster on 128×256×256);
 * the others run {@link gemmInPlace}, which reads A and B where they are: thin products such as
 * the 2-16-16-1 net's (n = 1, k = 2, m = 2), and short ones (k < 32), where a tile's fixed cost
 * (reloading and storing its 12 sums) outweighs its k steps. Copying costs about k·(m + n)
 * loads and stores against m·n·k multiply-adds, so it pays when 1/m + 1/n is small:
 * `8·(m + n) < m·n` (m = n = 17 and up; 128 × 10 is in, 16 × 16 out).
 */
const PACK_MIN_K = 32;

/** C = op(A)·op(B) through strides (see {@link gemm}); every path keeps the summation order. */
export function gemmStrided(
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
  if (k === 0) {
    C.fill(0, cOff, cOff + m * n);
    return;
  }
  if (m * n * k <= SMALL) {
    gemmSmall(m, n, k, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff);
    return;
  }
  if (k >= PACK_MIN_K && 8 * (m + n) < m * n) {
    gemmPacked(m, n, k, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff);
    return;
  }
  gemmInPlace(m, n, k, A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff);
}

/**
 * 4×4 register tiles (16 running sums held in locals while p runs over k) read in place,
 * columns outermost so a 4-column panel of B stays in L1 cache while every row block of A
 * streams past it. Edge rows and columns use 4×1, 1×4 and 1×1 tiles with the same order.
 */
function gemmInPlace(
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
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const b0 = bOff + j * bcs;
    const b1 = b0 + bcs;
    const b2 = b1 + bcs;
    const b3 = b2 + bcs;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = aOff + i * ars;
      const a1 = a0 + ars;
      const a2 = a1 + ars;
      const a3 = a2 + ars;
      let x0 = A[a0]!;
      let x1 = A[a1]!;
      let x2 = A[a2]!;
      let x3 = A[a3]!;
      let y0 = B[b0]!;
      let y1 = B[b1]!;
      let y2 = B[b2]!;
      let y3 = B[b3]!;
      let c00 = x0 * y0;
      let c01 = x0 * y1;
      let c02 = x0 * y2;
      let c03 = x0 * y3;
      let c10 = x1 * y0;
      let c11 = x1 * y1;
      let c12 = x1 * y2;
      let c13 = x1 * y3;
      let c20 = x2 * y0;
      let c21 = x2 * y1;
      let c22 = x2 * y2;
      let c23 = x2 * y3;
      let c30 = x3 * y0;
      let c31 = x3 * y1;
      let c32 = x3 * y2;
      let c33 = x3 * y3;
      let pa = 0;
      let pb = 0;
      for (let p = 1; p < k; p++) {
        pa += acs;
        pb += brs;
        x0 = A[a0 + pa]!;
        x1 = A[a1 + pa]!;
        x2 = A[a2 + pa]!;
        x3 = A[a3 + pa]!;
        y0 = B[b0 + pb]!;
        y1 = B[b1 + pb]!;
        y2 = B[b2 + pb]!;
        y3 = B[b3 + pb]!;
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
      }
      let o = cOff + i * n + j;
      C[o] = c00;
      C[o + 1] = c01;
      C[o + 2] = c02;
      C[o + 3] = c03;
      o += n;
      C[o] = c10;
      C[o + 1] = c11;
      C[o + 2] = c12;
      C[o + 3] = c13;
      o += n;
      C[o] = c20;
      C[o + 1] = c21;
      C[o + 2] = c22;
      C[o + 3] = c23;
      o += n;
      C[o] = c30;
      C[o + 1] = c31;
      C[o + 2] = c32;
      C[o + 3] = c33;
    }
    for (; i < m; i++) {
      const a0 = aOff + i * ars;
      let x = A[a0]!;
      let c0 = x * B[b0]!;
      let c1 = x * B[b1]!;
      let c2 = x * B[b2]!;
      let c3 = x * B[b3]!;
      let pa = 0;
      let pb = 0;
      for (let p = 1; p < k; p++) {
        pa += acs;
        pb += brs;
        x = A[a0 + pa]!;
        c0 += x * B[b0 + pb]!;
        c1 += x * B[b1 + pb]!;
        c2 += x * B[b2 + pb]!;
        c3 += x * B[b3 + pb]!;
      }
      const o = cOff + i * n + j;
      C[o] = c0;
      C[o + 1] = c1;
      C[o + 2] = c2;
      C[o + 3] = c3;
    }
  }
  for (; j < n; j++) {
    const b0 = bOff + j * bcs;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = aOff + i * ars;
      const a1 = a0 + ars;
      const a2 = a1 + ars;
      const a3 = a2 + ars;
      let y = B[b0]!;
      let c0 = A[a0]! * y;
      let c1 = A[a1]! * y;
      let c2 = A[a2]! * y;
      let c3 = A[a3]! * y;
      let pa = 0;
      let pb = 0;
      for (let p = 1; p < k; p++) {
        pa += acs;
        pb += brs;
        y = B[b0 + pb]!;
        c0 += A[a0 + pa]! * y;
        c1 += A[a1 + pa]! * y;
        c2 += A[a2 + pa]! * y;
        c3 += A[a3 + pa]! * y;
      }
      const o = cOff + i * n + j;
      C[o] = c0;
      C[o + n] = c1;
      C[o + 2 * n] = c2;
      C[o + 3 * n] = c3;
    }
    for (; i < m; i++) {
      const a0 = aOff + i * ars;
      let c = A[a0]! * B[b0]!;
      let pa = 0;
      let pb = 0;
      for (let p = 1; p < k; p++) {
        pa += acs;
        pb += brs;
        c += A[a0 + pa]! * B[b0 + pb]!;
      }
      C[cOff + i * n + j] = c;
    }
  }
}
