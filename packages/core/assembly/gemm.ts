/**
 * deltagrad's matrix-product kernel in WebAssembly SIMD (f64x2), compiled by AssemblyScript
 * (`pnpm build` runs scripts/build-wasm.mjs, which embeds the module in
 * src/kernels/wasm-module.ts).
 *
 * C[m×n] = op(A)[m×k] · B[k×n] at byte addresses of this module's memory: B and C row-major,
 * op(A) read through strides (`rowA` bytes between rows i, `colA` between columns p), so A may
 * be stored either way round (A·B and Aᵀ·B need no packing). A·Bᵀ packs Bᵀ first with
 * `transpose`, in the module. The summation order is the JS kernel's, so both give the same
 * bits: every output element is c = a(i,0)·b(0,j), then c += a(i,p)·b(p,j) for p = 1, …, k − 1
 * in order, one rounding per product and per sum. Vectors run across neighbouring outputs (two
 * columns j, j + 1 per f64x2), never across p; f64x2.mul then f64x2.add, never a fused
 * multiply-add (no relaxed-simd).
 *
 * Tiles: 4 rows × 4 columns (8 f64x2 sums held while p runs), then 4×2 and 4×1 for the last
 * columns, and the same widths one row at a time for the last rows. Columns are the outer loop,
 * so the k×4 panel of B a tile reads stays in L1 cache while every row block of A streams past.
 * Why 4×4 and not wider: the 8 sums, 2 B vectors, the splat and a product fit the 15 vector
 * registers V8 allocates; a 4×8 tile's 16 sums alone do not, and its spills cost a third of the
 * speed (measured 7–11 → 11–12 GFLOP/s on 128×256×256).
 */

/** Rows i … i + 3, columns j … j + 3 of C. */
function tile4x4(
  i: i32,
  j: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  b: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let pb = b + ((<usize>j) << 3);
  let b0 = v128.load(pb, 0);
  let b1 = v128.load(pb, 16);
  let x: v128;
  x = f64x2.splat(load<f64>(a0));
  let c00 = f64x2.mul(x, b0);
  let c01 = f64x2.mul(x, b1);
  x = f64x2.splat(load<f64>(a1));
  let c10 = f64x2.mul(x, b0);
  let c11 = f64x2.mul(x, b1);
  x = f64x2.splat(load<f64>(a2));
  let c20 = f64x2.mul(x, b0);
  let c21 = f64x2.mul(x, b1);
  x = f64x2.splat(load<f64>(a3));
  let c30 = f64x2.mul(x, b0);
  let c31 = f64x2.mul(x, b1);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    b1 = v128.load(pb, 16);
    x = f64x2.splat(load<f64>(a0 + pa));
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = f64x2.splat(load<f64>(a1 + pa));
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = f64x2.splat(load<f64>(a2 + pa));
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = f64x2.splat(load<f64>(a3 + pa));
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
    c31 = f64x2.add(c31, f64x2.mul(x, b1));
  }
  const cc = c + <usize>i * rowC + ((<usize>j) << 3);
  v128.store(cc + 0 * rowC, c00, 0);
  v128.store(cc + 0 * rowC, c01, 16);
  v128.store(cc + 1 * rowC, c10, 0);
  v128.store(cc + 1 * rowC, c11, 16);
  v128.store(cc + 2 * rowC, c20, 0);
  v128.store(cc + 2 * rowC, c21, 16);
  v128.store(cc + 3 * rowC, c30, 0);
  v128.store(cc + 3 * rowC, c31, 16);
}

/** Rows i … i + 3, columns j … j + 1 of C. */
function tile4x2(
  i: i32,
  j: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  b: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let pb = b + ((<usize>j) << 3);
  let b0 = v128.load(pb, 0);
  let x: v128;
  x = f64x2.splat(load<f64>(a0));
  let c00 = f64x2.mul(x, b0);
  x = f64x2.splat(load<f64>(a1));
  let c10 = f64x2.mul(x, b0);
  x = f64x2.splat(load<f64>(a2));
  let c20 = f64x2.mul(x, b0);
  x = f64x2.splat(load<f64>(a3));
  let c30 = f64x2.mul(x, b0);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    x = f64x2.splat(load<f64>(a0 + pa));
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    x = f64x2.splat(load<f64>(a1 + pa));
    c10 = f64x2.add(c10, f64x2.mul(x, b0));
    x = f64x2.splat(load<f64>(a2 + pa));
    c20 = f64x2.add(c20, f64x2.mul(x, b0));
    x = f64x2.splat(load<f64>(a3 + pa));
    c30 = f64x2.add(c30, f64x2.mul(x, b0));
  }
  const cc = c + <usize>i * rowC + ((<usize>j) << 3);
  v128.store(cc + 0 * rowC, c00, 0);
  v128.store(cc + 1 * rowC, c10, 0);
  v128.store(cc + 2 * rowC, c20, 0);
  v128.store(cc + 3 * rowC, c30, 0);
}

/** Rows i … i + 3, columns j … j + 0 of C. */
function tile4x1(
  i: i32,
  j: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  b: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let pb = b + ((<usize>j) << 3);
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
  const cc = c + <usize>i * rowC + ((<usize>j) << 3);
  store<f64>(cc + 0 * rowC, c0);
  store<f64>(cc + 1 * rowC, c1);
  store<f64>(cc + 2 * rowC, c2);
  store<f64>(cc + 3 * rowC, c3);
}

/** Rows i … i + 0, columns j … j + 3 of C. */
function tile1x4(
  i: i32,
  j: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  b: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  let pb = b + ((<usize>j) << 3);
  let b0 = v128.load(pb, 0);
  let b1 = v128.load(pb, 16);
  let x: v128;
  x = f64x2.splat(load<f64>(a0));
  let c00 = f64x2.mul(x, b0);
  let c01 = f64x2.mul(x, b1);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    b1 = v128.load(pb, 16);
    x = f64x2.splat(load<f64>(a0 + pa));
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
    c01 = f64x2.add(c01, f64x2.mul(x, b1));
  }
  const cc = c + <usize>i * rowC + ((<usize>j) << 3);
  v128.store(cc + 0 * rowC, c00, 0);
  v128.store(cc + 0 * rowC, c01, 16);
}

/** Rows i … i + 0, columns j … j + 1 of C. */
function tile1x2(
  i: i32,
  j: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  b: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  let pb = b + ((<usize>j) << 3);
  let b0 = v128.load(pb, 0);
  let x: v128;
  x = f64x2.splat(load<f64>(a0));
  let c00 = f64x2.mul(x, b0);
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    b0 = v128.load(pb, 0);
    x = f64x2.splat(load<f64>(a0 + pa));
    c00 = f64x2.add(c00, f64x2.mul(x, b0));
  }
  const cc = c + <usize>i * rowC + ((<usize>j) << 3);
  v128.store(cc + 0 * rowC, c00, 0);
}

/** Rows i … i + 0, columns j … j + 0 of C. */
function tile1x1(
  i: i32,
  j: i32,
  k: i32,
  a: usize,
  rowA: usize,
  colA: usize,
  b: usize,
  rowB: usize,
  c: usize,
  rowC: usize,
): void {
  const a0 = a + <usize>i * rowA;
  let pb = b + ((<usize>j) << 3);
  let y = load<f64>(pb);
  let c0 = load<f64>(a0) * y;
  let pa: usize = 0;
  for (let p = 1; p < k; p++) {
    pa += colA;
    pb += rowB;
    y = load<f64>(pb);
    c0 += load<f64>(a0 + pa) * y;
  }
  const cc = c + <usize>i * rowC + ((<usize>j) << 3);
  store<f64>(cc + 0 * rowC, c0);
}

/**
 * C = op(A)·B for op(A) m×k (element (i, p) at `a + i·rowA + p·colA`, in bytes), B k×n and
 * C m×n row-major at byte addresses b and c; k ≥ 1.
 */
export function gemm(m: i32, n: i32, k: i32, a: usize, rowA: usize, colA: usize, b: usize, c: usize): void {
  const rowB = (<usize>n) << 3;
  const rowC = rowB;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let i = 0;
    for (; i + 4 <= m; i += 4) tile4x4(i, j, k, a, rowA, colA, b, rowB, c, rowC);
    for (; i < m; i++) tile1x4(i, j, k, a, rowA, colA, b, rowB, c, rowC);
  }
  for (; j + 2 <= n; j += 2) {
    let i = 0;
    for (; i + 4 <= m; i += 4) tile4x2(i, j, k, a, rowA, colA, b, rowB, c, rowC);
    for (; i < m; i++) tile1x2(i, j, k, a, rowA, colA, b, rowB, c, rowC);
  }
  if (j < n) {
    let i = 0;
    for (; i + 4 <= m; i += 4) tile4x1(i, j, k, a, rowA, colA, b, rowB, c, rowC);
    for (; i < m; i++) tile1x1(i, j, k, a, rowA, colA, b, rowB, c, rowC);
  }
}

/** dst (cols×rows, row-major) = the transpose of src (rows×cols, row-major), byte addresses. */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const rowDst = (<usize>rows) << 3;
  for (let r = 0; r < rows; r++) {
    const s = src + ((<usize>r * <usize>cols) << 3);
    const d = dst + ((<usize>r) << 3);
    for (let q = 0; q < cols; q++) store<f64>(d + <usize>q * rowDst, load<f64>(s + ((<usize>q) << 3)));
  }
}

/** The first free byte after the module's static data: JS lays its operands out from here. */
export function heapBase(): usize {
  return __heap_base;
}
