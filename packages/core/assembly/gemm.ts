/**
 * deltagrad's matrix-product kernel in WebAssembly SIMD (f64x2), compiled by AssemblyScript
 * (`pnpm build` runs scripts/build-wasm.mjs, which embeds the module in
 * src/kernels/wasm-module.ts).
 *
 * C[m×n] = op(A)[m×k] · op(B)[k×n] at byte addresses of this module's memory: C row-major, op(A)
 * and op(B) read through strides (bytes between rows and between columns), so A and B may be
 * stored either way round: A·B, A·Bᵀ and Aᵀ·B need no transposed copy. The summation order is
 * the JS kernel's, so both give the same bits: every output element is c = a(i,0)·b(0,j), then
 * c += a(i,p)·b(p,j) for p = 1, …, k − 1 in order, one rounding per product and per sum.
 * Vectors run across neighbouring outputs (two columns j, j + 1 per f64x2), never across p;
 * f64x2.mul then f64x2.add, never a fused multiply-add (no relaxed-simd).
 *
 * Columns are the outer loop, four at a time: the k×4 panel of op(B) is first packed into
 * `pack` (k rows of 4 contiguous values), where it stays in L1 cache while every row block of A
 * streams past. Packing also avoids the cache-set conflicts of reading B's rows at a power-of-two
 * stride (a 256-column B put all k rows of a panel in two L1 sets: 6 instead of 9.5 GFLOP/s).
 * Tiles: 4 rows × 4 columns (8 f64x2 sums: with 2 B vectors, the splat and a product they fit
 * the 15 vector registers V8 allocates; a 4×8 tile spilled), then 4×2 and 4×1 for a last panel
 * narrower than 4, and the same widths one row at a time for the last rows.
 */

/** Rows i … i + 3 of C (columns from byte address c): 4 columns of the packed panel at pb. */
function tile4x4(
  i: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  pb: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let b0 = v128.load(pb, 0);
  let b1 = v128.load(pb, 16);
  let x: v128;
  x = v128.load64_splat(a0);
  let c00 = f64x2.mul(x, b0);
  let c01 = f64x2.mul(x, b1);
  x = v128.load64_splat(a1);
  let c10 = f64x2.mul(x, b0);
  let c11 = f64x2.mul(x, b1);
  x = v128.load64_splat(a2);
  let c20 = f64x2.mul(x, b0);
  let c21 = f64x2.mul(x, b1);
  x = v128.load64_splat(a3);
  let c30 = f64x2.mul(x, b0);
  let c31 = f64x2.mul(x, b1);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    b1 = v128.load(pb, 16);
    x = v128.load64_splat(a0 + pa);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a1 + pa);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a2 + pa);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a3 + pa);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
  }
  const cc = c + <usize>i * rowC;
  v128.store(cc + 0 * rowC, c00, 0);
  v128.store(cc + 0 * rowC, c01, 16);
  v128.store(cc + 1 * rowC, c10, 0);
  v128.store(cc + 1 * rowC, c11, 16);
  v128.store(cc + 2 * rowC, c20, 0);
  v128.store(cc + 2 * rowC, c21, 16);
  v128.store(cc + 3 * rowC, c30, 0);
  v128.store(cc + 3 * rowC, c31, 16);
}

/** Rows i … i + 3 of C (columns from byte address c): 2 columns of the packed panel at pb. */
function tile4x2(
  i: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  pb: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let b0 = v128.load(pb, 0);
  let x: v128;
  x = v128.load64_splat(a0);
  let c00 = f64x2.mul(x, b0);
  x = v128.load64_splat(a1);
  let c10 = f64x2.mul(x, b0);
  x = v128.load64_splat(a2);
  let c20 = f64x2.mul(x, b0);
  x = v128.load64_splat(a3);
  let c30 = f64x2.mul(x, b0);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    x = v128.load64_splat(a0 + pa);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    x = v128.load64_splat(a1 + pa);
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    x = v128.load64_splat(a2 + pa);
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    x = v128.load64_splat(a3 + pa);
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
  }
  const cc = c + <usize>i * rowC;
  v128.store(cc + 0 * rowC, c00, 0);
  v128.store(cc + 1 * rowC, c10, 0);
  v128.store(cc + 2 * rowC, c20, 0);
  v128.store(cc + 3 * rowC, c30, 0);
}

/** Rows i … i + 3 of C (columns from byte address c): 1 column of the packed panel at pb. */
function tile4x1(
  i: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  pb: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let y = load<f64>(pb);
  let c0 = load<f64>(a0) * y;
  let c1 = load<f64>(a1) * y;
  let c2 = load<f64>(a2) * y;
  let c3 = load<f64>(a3) * y;
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    y = load<f64>(pb);
    c0 += load<f64>(a0 + pa) * y;
    c1 += load<f64>(a1 + pa) * y;
    c2 += load<f64>(a2 + pa) * y;
    c3 += load<f64>(a3 + pa) * y;
  }
  const cc = c + <usize>i * rowC;
  store<f64>(cc + 0 * rowC, c0);
  store<f64>(cc + 1 * rowC, c1);
  store<f64>(cc + 2 * rowC, c2);
  store<f64>(cc + 3 * rowC, c3);
}

/** Rows i … i + 0 of C (columns from byte address c): 4 columns of the packed panel at pb. */
function tile1x4(
  i: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  pb: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  let b0 = v128.load(pb, 0);
  let b1 = v128.load(pb, 16);
  let x: v128;
  x = v128.load64_splat(a0);
  let c00 = f64x2.mul(x, b0);
  let c01 = f64x2.mul(x, b1);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    b1 = v128.load(pb, 16);
    x = v128.load64_splat(a0 + pa);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
  }
  const cc = c + <usize>i * rowC;
  v128.store(cc + 0 * rowC, c00, 0);
  v128.store(cc + 0 * rowC, c01, 16);
}

/** Rows i … i + 0 of C (columns from byte address c): 2 columns of the packed panel at pb. */
function tile1x2(
  i: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  pb: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  let b0 = v128.load(pb, 0);
  let x: v128;
  x = v128.load64_splat(a0);
  let c00 = f64x2.mul(x, b0);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    x = v128.load64_splat(a0 + pa);
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
  }
  const cc = c + <usize>i * rowC;
  v128.store(cc + 0 * rowC, c00, 0);
}

/** Rows i … i + 0 of C (columns from byte address c): 1 column of the packed panel at pb. */
function tile1x1(
  i: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  pb: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  let y = load<f64>(pb);
  let c0 = load<f64>(a0) * y;
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    y = load<f64>(pb);
    c0 += load<f64>(a0 + pa) * y;
  }
  const cc = c + <usize>i * rowC;
  store<f64>(cc + 0 * rowC, c0);
}

/** Packs columns j … j + w − 1 of op(B) (element (p, q) at `b + p·rowB + q·colB`) as k rows of w. */
function packPanel(k: i32, b: usize, rowB: usize, colB: usize, w: i32, pack: usize): void {
  let dst = pack;
  for (let p = 0; p < k; p++) {
    const src = b + <usize>p * rowB;
    for (let q = 0; q < w; q++) {
      store<f64>(dst, load<f64>(src + <usize>q * colB));
      dst += 8;
    }
  }
}

/** Columns of C from `c` (byte address of column j), rows 0 … m − 1, over one packed panel of width 4. */
function panel4(
  m: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  pack: usize,
  c: usize,
  rowC: usize,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) tile4x4(i, k, a, rowA, colA, pack, 32, c, rowC);
  for (; i < m; i++) tile1x4(i, k, a, rowA, colA, pack, 32, c, rowC);
}

/**
 * C = op(A)·op(B) for op(A) m×k (element (i, p) at `a + i·rowA + p·colA`, in bytes), op(B) k×n
 * (element (p, j) at `b + p·rowB + j·colB`) and C m×n row-major at byte address c; k ≥ 1.
 * `pack` is scratch for 4·k values (16-byte aligned).
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  b: usize,
  rowB: usize,
  colB: usize,
  c: usize,
  pack: usize,
): void {
  const rowC = (<usize>n) << 3;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    packPanel(k, b + <usize>j * colB, rowB, colB, 4, pack);
    panel4(m, k, a, rowA, colA, pack, c + ((<usize>j) << 3), rowC);
  }
  const w = n - j;
  if (w === 0) return;
  // The last 1–3 columns: one panel of width w, a 2-wide tile then a 1-wide one as needed.
  packPanel(k, b + <usize>j * colB, rowB, colB, w, pack);
  const rowP = (<usize>w) << 3;
  const cj = c + ((<usize>j) << 3);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    if (w >= 2) tile4x2(i, k, a, rowA, colA, pack, rowP, cj, rowC);
    if (w !== 2)
      tile4x1(i, k, a, rowA, colA, pack + ((<usize>(w - 1)) << 3), rowP, cj + ((<usize>(w - 1)) << 3), rowC);
  }
  for (; i < m; i++) {
    if (w >= 2) tile1x2(i, k, a, rowA, colA, pack, rowP, cj, rowC);
    if (w !== 2)
      tile1x1(i, k, a, rowA, colA, pack + ((<usize>(w - 1)) << 3), rowP, cj + ((<usize>(w - 1)) << 3), rowC);
  }
}

/** The first free byte after the module's static data: JS lays its operands out from here. */
export function heapBase(): usize {
  return __heap_base;
}
