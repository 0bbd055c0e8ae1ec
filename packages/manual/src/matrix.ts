import { describeValue, ManualError } from './errors';

/**
 * A dense matrix of doubles, stored row by row: entry (i, j) is `data[i * cols + j]`.
 * Every quantity in the equations is one of these: a batch of inputs X (examples × features),
 * a layer's W (in × out), b (1 × out), z, a and δ (examples × out).
 *
 * @example
 * ```ts
 * const m: Matrix = { rows: 2, cols: 3, data: new Float64Array([1, 2, 3, 4, 5, 6]) };
 * m.data[1 * m.cols + 2]; // 6, the entry in row 1, column 2
 * ```
 */
export interface Matrix {
  /** Number of rows (for a batch: the number of examples). */
  readonly rows: number;
  /** Number of columns (for a batch: the number of units). */
  readonly cols: number;
  /** The `rows × cols` entries, row-major. */
  readonly data: Float64Array;
}

/**
 * A `rows × cols` matrix: zeros, or a copy of `data` (row-major, `rows × cols` numbers).
 *
 * @throws {@link ManualError} `INVALID_MATRIX` if `rows` or `cols` is not a positive integer or
 * `data` has the wrong length.
 *
 * @example
 * ```ts
 * matrix(2, 2);               // [[0, 0], [0, 0]]
 * matrix(1, 3, [0.5, 0, -1]); // one row
 * ```
 */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  for (const [name, n] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) {
      throw new ManualError(
        'INVALID_MATRIX',
        `matrix: ${name} must be a positive integer, got ${describeValue(n)}`,
      );
    }
  }
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (data.length !== rows * cols) {
    throw new ManualError(
      'INVALID_MATRIX',
      `matrix: data has ${data.length} numbers, but a ${rows}×${cols} matrix needs ${rows * cols}`,
    );
  }
  return { rows, cols, data: Float64Array.from(data) };
}

/**
 * A matrix from nested arrays, one inner array per row (the way NumPy's `np.array` reads them).
 *
 * @throws {@link ManualError} `INVALID_MATRIX` if there are no rows, a row is empty, or the rows
 * differ in length.
 *
 * @example
 * ```ts
 * const X = fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]); // 4×2
 * ```
 */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new ManualError('INVALID_MATRIX', 'fromRows: expected a non-empty array of rows');
  }
  const cols = rows[0]!.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols || cols === 0) {
      throw new ManualError(
        'INVALID_MATRIX',
        `fromRows: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, but row 0 has ${cols} (rows must be non-empty and equally long)`,
      );
    }
    data.set(row, i * cols);
  });
  return { rows: rows.length, cols, data };
}

/**
 * The matrix as nested arrays, one per row (the inverse of {@link fromRows}).
 *
 * @example
 * ```ts
 * toRows(matrix(2, 1, [0.25, 0.75])); // [[0.25], [0.75]]
 * ```
 */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/**
 * A copy of `m` with its own `data`.
 *
 * @example
 * ```ts
 * const W = cloneMatrix(params.W[0]!);
 * ```
 */
export function cloneMatrix(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/**
 * @internal True when `m` is a well-formed {@link Matrix}: integer rows and cols ≥ 1 and a
 * Float64Array of rows × cols entries. Hot paths test this first and build the name for
 * {@link assertMatrix}'s message only when it fails.
 */
export function isMatrix(m: unknown): m is Matrix {
  const c = m as Partial<Matrix> | null;
  return (
    c !== null &&
    typeof c === 'object' &&
    Number.isInteger(c.rows) &&
    Number.isInteger(c.cols) &&
    c.rows! >= 1 &&
    c.cols! >= 1 &&
    c.data instanceof Float64Array &&
    c.data.length === c.rows! * c.cols!
  );
}

/** @internal `rows×cols`, for messages. */
export function shapeOf(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

/**
 * @internal Throws `INVALID_MATRIX` unless `m` is a well-formed {@link Matrix}; `name` (e.g.
 * `'forward: X'`) goes in the message.
 */
export function assertMatrix(m: unknown, name: string): asserts m is Matrix {
  if (!isMatrix(m)) notAMatrix(m, name);
}

/**
 * The error of {@link assertMatrix}. Messages are built in functions of their own, here and
 * across the package: the checks run every step of a training loop, and a check that is a
 * comparison and a call is small enough for V8 to compile quickly and inline.
 */
function notAMatrix(m: unknown, name: string): never {
  const c = m as Partial<Matrix> | null;
  throw new ManualError(
    'INVALID_MATRIX',
    `${name} must be a matrix { rows, cols, data: Float64Array(rows × cols) }, got ${
      c !== null && typeof c === 'object'
        ? `rows=${String(c.rows)}, cols=${String(c.cols)}, data=${describeValue(c.data)}`
        : describeValue(c)
    }`,
  );
}
