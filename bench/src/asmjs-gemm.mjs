// An asm.js matrix product, for comparison only (`node src/kernels.mjs --asmjs`): the JS
// kernel's 4×3 tiles over packed panels (packages/core/src/kernels/gemm-packed.ts), written as an
// asm.js module. V8 validates the module and compiles it ahead of time through its WebAssembly
// pipeline, so a load costs a bounds check and nothing more (no map check, no reload of the
// array's length and data pointer, no overflow check, no sign extension); an engine that does not
// validate asm.js runs it as ordinary JavaScript. Same summation order, same bits: every output
// starts from −0 and adds a(i,p)·b(p,j) for p = 0, 1, … in order.
//
// Whole panels only: the operands are copied into the module's heap with zero rows and columns
// up to multiples of 4 and 3, and only the real outputs are copied out.

function AsmTiles(stdlib, _foreign, heap) {
  'use asm';
  var H = new stdlib.Float64Array(heap);
  var imul = stdlib.Math.imul;
  // Byte offsets: A's 4-row panels from 0, B's 3-column panels from bBase, C (row stride ldc) from cBase.
  function tiles4x3(bBase, mp, np, k, cBase, ldc) {
    bBase = bBase | 0;
    mp = mp | 0;
    np = np | 0;
    k = k | 0;
    cBase = cBase | 0;
    ldc = ldc | 0;
    var i = 0;
    var j = 0;
    var p = 0;
    var q = 0;
    var t = 0;
    var o0 = 0;
    var o1 = 0;
    var o2 = 0;
    var o3 = 0;
    var c00 = 0.0;
    var c01 = 0.0;
    var c02 = 0.0;
    var c10 = 0.0;
    var c11 = 0.0;
    var c12 = 0.0;
    var c20 = 0.0;
    var c21 = 0.0;
    var c22 = 0.0;
    var c30 = 0.0;
    var c31 = 0.0;
    var c32 = 0.0;
    var x = 0.0;
    var y0 = 0.0;
    var y1 = 0.0;
    var y2 = 0.0;
    for (j = 0; (j | 0) < (np | 0); j = (j + 3) | 0) {
      for (i = 0; (i | 0) < (mp | 0); i = (i + 4) | 0) {
        q = imul(i, k) << 3;
        t = (bBase + (imul(j, k) << 3)) | 0;
        o0 = (cBase + ((imul(i, ldc) + j) << 3)) | 0;
        o1 = (o0 + (ldc << 3)) | 0;
        o2 = (o1 + (ldc << 3)) | 0;
        o3 = (o2 + (ldc << 3)) | 0;
        c00 = -0.0;
        c01 = -0.0;
        c02 = -0.0;
        c10 = -0.0;
        c11 = -0.0;
        c12 = -0.0;
        c20 = -0.0;
        c21 = -0.0;
        c22 = -0.0;
        c30 = -0.0;
        c31 = -0.0;
        c32 = -0.0;
        for (p = 0; (p | 0) < (k | 0); p = (p + 1) | 0) {
          y0 = +H[t >> 3];
          y1 = +H[(t + 8) >> 3];
          y2 = +H[(t + 16) >> 3];
          x = +H[q >> 3];
          c00 = c00 + x * y0;
          c01 = c01 + x * y1;
          c02 = c02 + x * y2;
          x = +H[(q + 8) >> 3];
          c10 = c10 + x * y0;
          c11 = c11 + x * y1;
          c12 = c12 + x * y2;
          x = +H[(q + 16) >> 3];
          c20 = c20 + x * y0;
          c21 = c21 + x * y1;
          c22 = c22 + x * y2;
          x = +H[(q + 24) >> 3];
          c30 = c30 + x * y0;
          c31 = c31 + x * y1;
          c32 = c32 + x * y2;
          q = (q + 32) | 0;
          t = (t + 24) | 0;
        }
        H[o0 >> 3] = c00;
        H[(o0 + 8) >> 3] = c01;
        H[(o0 + 16) >> 3] = c02;
        H[o1 >> 3] = c10;
        H[(o1 + 8) >> 3] = c11;
        H[(o1 + 16) >> 3] = c12;
        H[o2 >> 3] = c20;
        H[(o2 + 8) >> 3] = c21;
        H[(o2 + 16) >> 3] = c22;
        H[o3 >> 3] = c30;
        H[(o3 + 8) >> 3] = c31;
        H[(o3 + 16) >> 3] = c32;
      }
    }
  }
  return { tiles4x3: tiles4x3 };
}

let heap = null;
let H = null;
let tiles = null;

/**
 * C[m×n] (row-major) = op(A)·op(B) for `layout` 'nn' (A·B), 'nt' (A·Bᵀ) or 'tn' (Aᵀ·B), A and B
 * row-major as stored; k ≥ 1.
 */
export function asmjsGemm(layout, m, n, k, A, B, C) {
  const ars = layout === 'tn' ? 1 : k;
  const acs = layout === 'tn' ? m : 1;
  const brs = layout === 'nt' ? 1 : n;
  const bcs = layout === 'nt' ? k : 1;
  const mp = Math.ceil(m / 4) * 4;
  const np = Math.ceil(n / 3) * 3;
  const bBase = mp * k;
  const cBase = bBase + np * k;
  const bytes = (cBase + mp * np) * 8;
  if (heap === null || heap.byteLength < bytes) {
    let size = 1 << 16;
    while (size < bytes) size *= 2;
    heap = new ArrayBuffer(size);
    H = new Float64Array(heap);
    tiles = AsmTiles(globalThis, {}, heap).tiles4x3;
  }
  let w = 0;
  for (let i = 0; i < mp; i += 4) {
    for (let p = 0; p < k; p++) {
      for (let r = i; r < i + 4; r++) H[w++] = r < m ? A[r * ars + p * acs] : 0;
    }
  }
  for (let j = 0; j < np; j += 3) {
    for (let p = 0; p < k; p++) {
      for (let c = j; c < j + 3; c++) H[w++] = c < n ? B[p * brs + c * bcs] : 0;
    }
  }
  tiles(bBase * 8, mp, np, k, cBase * 8, np);
  for (let i = 0; i < m; i++) C.set(H.subarray(cBase + i * np, cBase + i * np + n), i * n);
}
