/**
 * The few matrix operations the equations need, as plain loops over `Float64Array`s.
 *
 * Every sum runs left to right from 0, in index order, as NumPy's element-wise reductions do
 * (`np.sum(axis=0)`). NumPy hands matrix products to BLAS, which may use fused multiply-adds
 * and pairwise partial sums, so a product can differ from these loops in its last bit; the
 * package is checked against NumPy with tolerances for that reason (see the README).
 *
 * @internal These are not exported from the package: the public functions are named after
 * the equations they implement (`linear`, `hiddenDelta`, `weightGradient`, …).
 */
import { ManualError } from './errors';
import { type Matrix, shapeOf } from './matrix';

/**
 * C = A B, C[i][j] = Σ_k A[i][k]·B[k][j] (A is n×m, B is m×p).
 *
 * Each C[i][j] starts at 0 and adds its products in order k = 0, 1, …, m − 1. The loops run
 * i, k, j (row i of C grows by A[i][k] times row k of B) so that both B and C are read along
 * their rows; the order of the additions into each entry is the same as a dot product's.
 */
export function matmul(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  const n = A.rows;
  const m = A.cols;
  const p = B.cols;
  const a = A.data;
  const b = B.data;
  const c = outputArray(out, n, p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let j = 0; j < p; j++) c[row + j] = 0;
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      const bk = k * p;
      for (let j = 0; j < p; j++) c[row + j] = c[row + j]! + aik * b[bk + j]!;
    }
  }
  return out ?? { rows: n, cols: p, data: c };
}

/**
 * Z = A W + b: {@link matmul} then {@link addRow} in one pass over each row of Z, with the same
 * operations per entry (the products from 0 in order k = 0, 1, …, then the bias added), so the
 * same bits. The forward pass's layer: one loop nest and one output check instead of two.
 */
export function matmulAddRow(A: Matrix, W: Matrix, b: Matrix, out?: Matrix): Matrix {
  const n = A.rows;
  const m = A.cols;
  const p = W.cols;
  const a = A.data;
  const w = W.data;
  const bias = b.data;
  const c = outputArray(out, n, p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let j = 0; j < p; j++) c[row + j] = 0;
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      const wk = k * p;
      for (let j = 0; j < p; j++) c[row + j] = c[row + j]! + aik * w[wk + j]!;
    }
    for (let j = 0; j < p; j++) c[row + j] = c[row + j]! + bias[j]!;
  }
  return out ?? { rows: n, cols: p, data: c };
}

/**
 * C = Aᵀ B, C[k][j] = Σ_i A[i][k]·B[i][j] (A is n×m, B is n×p; the sum runs over rows).
 *
 * Each C[k][j] starts at 0 and adds its products in order i = 0, 1, …, n − 1; the loops run i
 * outermost (every row of A and B is read once, along its length) with the same order per entry.
 */
export function matmulTransA(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  const n = A.rows;
  const m = A.cols;
  const p = B.cols;
  const a = A.data;
  const b = B.data;
  const c = outputArray(out, m, p);
  // A loop, not fill(0): the builtin's call costs more than a small layer's zeroing.
  for (let i = 0; i < c.length; i++) c[i] = 0;
  for (let i = 0; i < n; i++) {
    const bi = i * p;
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      const row = k * p;
      for (let j = 0; j < p; j++) c[row + j] = c[row + j]! + aik * b[bi + j]!;
    }
  }
  return out ?? { rows: m, cols: p, data: c };
}

/**
 * {@link matmulTransA} and {@link columnSums} of the same B in one pass: C = Aᵀ B into `out` and
 * the column sums of B into `sums`, each entry with the same additions in the same order as the
 * two functions' (from 0, rows i = 0, 1, …), so the same bits. The backward pass's ∂L/∂W and
 * ∂L/∂b of a layer, which read the same δ. Both shapes are checked before either is written.
 */
export function matmulTransAColumnSums(A: Matrix, B: Matrix, out: Matrix, sums: Matrix): void {
  const n = A.rows;
  const m = A.cols;
  const p = B.cols;
  const a = A.data;
  const b = B.data;
  const c = outputArray(out, m, p);
  const s = outputArray(sums, 1, p);
  for (let i = 0; i < c.length; i++) c[i] = 0;
  for (let j = 0; j < p; j++) s[j] = 0;
  for (let i = 0; i < n; i++) {
    const bi = i * p;
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      const row = k * p;
      for (let j = 0; j < p; j++) c[row + j] = c[row + j]! + aik * b[bi + j]!;
    }
    for (let j = 0; j < p; j++) s[j] = s[j]! + b[bi + j]!;
  }
}

/** C = A Bᵀ, C[i][j] = Σ_k A[i][k]·B[j][k] (A is n×p, B is m×p). */
export function matmulTransB(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  const n = A.rows;
  const p = A.cols;
  const m = B.rows;
  const a = A.data;
  const b = B.data;
  const c = outputArray(out, n, m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += a[i * p + k]! * b[j * p + k]!;
      c[i * m + j] = s;
    }
  }
  return out ?? { rows: n, cols: m, data: c };
}

/** Z + b with the 1×p row b added to every row of the n×p matrix Z (NumPy broadcasting). */
export function addRow(Z: Matrix, b: Matrix, into?: Matrix): Matrix {
  const z = Z.data;
  const out = outputArray(into, Z.rows, Z.cols);
  for (let i = 0; i < Z.rows; i++) {
    for (let j = 0; j < Z.cols; j++) out[i * Z.cols + j] = z[i * Z.cols + j]! + b.data[j]!;
  }
  return into ?? { rows: Z.rows, cols: Z.cols, data: out };
}

/** The 1×p row of column sums, s[j] = Σ_i D[i][j] (NumPy's `np.sum(D, axis=0, keepdims=True)`). */
export function columnSums(D: Matrix, out?: Matrix): Matrix {
  const s = outputArray(out, 1, D.cols);
  for (let j = 0; j < s.length; j++) s[j] = 0;
  for (let i = 0; i < D.rows; i++) {
    for (let j = 0; j < D.cols; j++) s[j] = s[j]! + D.data[i * D.cols + j]!;
  }
  return out ?? { rows: 1, cols: D.cols, data: s };
}

/** A ⊙ B, the element-wise (Hadamard) product of two matrices of the same shape. */
export function hadamard(A: Matrix, B: Matrix, into?: Matrix): Matrix {
  const out = outputArray(into, A.rows, A.cols);
  for (let i = 0; i < out.length; i++) out[i] = A.data[i]! * B.data[i]!;
  return into ?? { rows: A.rows, cols: A.cols, data: out };
}

/** f applied to every entry. */
export function map(A: Matrix, f: (x: number) => number, into?: Matrix): Matrix {
  const out = outputArray(into, A.rows, A.cols);
  for (let i = 0; i < out.length; i++) out[i] = f(A.data[i]!);
  return into ?? { rows: A.rows, cols: A.cols, data: out };
}

/**
 * A ⊙ f(Z), entry by entry, into `into` (which may be A itself): the hadamard product with a
 * map, with the same products as `hadamard(A, map(Z, f))` and no array for f(Z).
 */
export function hadamardMap(A: Matrix, Z: Matrix, f: (x: number) => number, into?: Matrix): Matrix {
  const out = outputArray(into, A.rows, A.cols);
  for (let i = 0; i < out.length; i++) out[i] = A.data[i]! * f(Z.data[i]!);
  return into ?? { rows: A.rows, cols: A.cols, data: out };
}

/**
 * Where a result goes: the caller's matrix (it must be rows×cols; every entry is overwritten)
 * or a new array. Every function here takes such an optional last argument, so a training loop
 * can reuse its buffers instead of allocating new ones each step. (@internal: activations.ts
 * uses it too.)
 */
export function outputArray(into: Matrix | undefined, rows: number, cols: number): Float64Array {
  if (into === undefined) return new Float64Array(rows * cols);
  if (into.rows !== rows || into.cols !== cols || into.data.length !== rows * cols)
    wrongOutputShape(into, rows, cols);
  return into.data;
}

/** The error of {@link outputArray} (built apart from the check: see `assertMatrix`). */
function wrongOutputShape(into: Matrix, rows: number, cols: number): never {
  throw new ManualError(
    'SHAPE_MISMATCH',
    `output matrix has shape ${shapeOf(into)}, expected ${rows}×${cols}`,
  );
}
