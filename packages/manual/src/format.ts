/**
 * Numbers printed the way the seed script prints them: Python's `f"{x:.4f}"` and NumPy's
 * `print(a.round(3))`. Only needed to reproduce the seed's output line for line.
 */
import { describeValue, ManualError } from './errors';
import { assertMatrix, type Matrix } from './matrix';

/**
 * Python's `format(x, f".{digits}f")`: x rounded to `digits` decimals, exact ties to even
 * (JavaScript's `toFixed` rounds exact ties up, e.g. 0.03125 → "0.0313" where Python prints
 * "0.0312"). `nan`, `inf` and `-inf` as Python prints them; -0 keeps its sign.
 *
 * @param digits - an integer in [0, 20]
 * @throws {@link ManualError} `INVALID_OPTION` for a bad `digits`; `UNSUPPORTED_FORMAT` for
 * |x| ≥ 1e21 (where `toFixed` switches to exponent notation).
 *
 * @example
 * ```ts
 * formatFixed(0.25582, 4); // '0.2558'
 * formatFixed(0.03125, 4); // '0.0312'
 * ```
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new ManualError(
      'INVALID_OPTION',
      `formatFixed: digits must be an integer in [0, 20], got ${describeValue(digits)}`,
    );
  }
  if (Number.isNaN(x)) return 'nan';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const ax = Math.abs(x);
  if (ax === Number.POSITIVE_INFINITY) return `${sign}inf`;
  if (ax >= 1e21) {
    throw new ManualError('UNSUPPORTED_FORMAT', `formatFixed: |x| must be below 1e21, got ${x}`);
  }
  let s = ax.toFixed(digits);
  // toFixed(100) is the exact decimal expansion of every double that can sit on a tie here.
  const exact = ax.toFixed(100);
  const cut = exact.indexOf('.') + (digits === 0 ? 0 : digits + 1);
  const rest = exact.slice(cut).replace('.', '');
  const isTie = rest[0] === '5' && /^0*$/.test(rest.slice(1));
  if (isTie && Number(s[s.length - 1]) % 2 === 1) s = exact.slice(0, cut);
  return sign + s;
}

/** NumPy's `rint`: the nearest integer, ties to even. */
function rint(x: number): number {
  const r = Math.round(x); // ties toward +∞
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * NumPy's `np.round(m, decimals)` for floats: rint(x · 10^decimals) / 10^decimals, entry by
 * entry, ties to even (so 0.0005 rounds to 0 at 3 decimals, and −0.0001 to −0).
 *
 * @param decimals - an integer in [0, 8]
 * @throws {@link ManualError} `INVALID_OPTION` for a bad `decimals`.
 *
 * @example
 * ```ts
 * toRows(numpyRound(fromRows([[0.0525], [0.0535]]), 3)); // [[0.052], [0.054]]
 * ```
 */
export function numpyRound(m: Matrix, decimals: number): Matrix {
  assertMatrix(m, 'numpyRound: m');
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 8) {
    throw new ManualError(
      'INVALID_OPTION',
      `numpyRound: decimals must be an integer in [0, 8], got ${describeValue(decimals)}`,
    );
  }
  const f = 10 ** decimals;
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < out.length; i++) out[i] = rint(m.data[i]! * f) / f;
  return { rows: m.rows, cols: m.cols, data: out };
}

/** NumPy's default print options that matter here. */
const LINE_WIDTH = 75;
const THRESHOLD = 1000;

/**
 * What `print(m.round(decimals))` prints for a 2-D float array with NumPy's default print
 * options, e.g. the seed's predictions `[[0.053]\n [0.496]\n [0.951]\n [0.503]]`: each entry at
 * its shortest round-trip digits, then padded to a common width (integer parts aligned on the
 * right, fractions padded with spaces on the right, whole numbers as `1.`).
 *
 * Only the positional layout is reproduced. Where NumPy would switch to scientific notation
 * (a nonzero |entry| ≥ 1e8 or < 1e−4, or a ratio of largest to smallest nonzero |entry| above
 * 1000), wrap a row over 75 characters, or summarise more than 1000 entries, this throws
 * rather than print something NumPy would not.
 *
 * @param decimals - an integer in [0, 8], as for {@link numpyRound}
 * @throws {@link ManualError} `INVALID_OPTION` for a bad `decimals`; `UNSUPPORTED_FORMAT` as
 * described above.
 *
 * @example
 * ```ts
 * formatNumpyRounded(fromRows([[0.5], [0.0531]]), 3); // '[[0.5  ]\n [0.053]]'
 * ```
 */
export function formatNumpyRounded(m: Matrix, decimals: number): string {
  const r = numpyRound(m, decimals);
  const values = Array.from(r.data);
  if (values.length > THRESHOLD) {
    throw new ManualError(
      'UNSUPPORTED_FORMAT',
      `formatNumpyRounded: NumPy summarises arrays of more than ${THRESHOLD} entries, got ${values.length}`,
    );
  }
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    if (max >= 1e8 || min < 0.0001 || max / min > 1000) {
      throw new ManualError(
        'UNSUPPORTED_FORMAT',
        `formatNumpyRounded: NumPy prints these values in scientific notation (nonzero |entries| from ${min} to ${max}), which is not reproduced`,
      );
    }
  }
  // Shortest round-trip digits (what NumPy's dragon4 'unique' mode gives), split at the point.
  const parts = finite.map((v) => {
    const text = (v < 0 || Object.is(v, -0) ? '-' : '') + String(Math.abs(v));
    const [int, frac = ''] = text.split('.');
    return { int: int!, frac };
  });
  const padRight = Math.max(0, ...parts.map((p) => p.frac.length));
  let padLeft = Math.max(0, ...parts.map((p) => p.int.length));
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === Number.NEGATIVE_INFINITY) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + negInf - (padRight + 1));
  }
  const width = padLeft + padRight + 1;
  let k = 0;
  const cells = values.map((v) => {
    if (!Number.isFinite(v)) {
      const text = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
      return text.padStart(width);
    }
    const p = parts[k++]!;
    return `${p.int.padStart(padLeft)}.${p.frac.padEnd(padRight)}`;
  });
  const longest = 2 + r.cols * width + (r.cols - 1) + 2;
  if (longest > LINE_WIDTH) {
    throw new ManualError(
      'UNSUPPORTED_FORMAT',
      `formatNumpyRounded: a row would be ${longest} characters, and NumPy wraps lines over ${LINE_WIDTH}`,
    );
  }
  const lines: string[] = [];
  for (let i = 0; i < r.rows; i++) {
    const row = cells.slice(i * r.cols, (i + 1) * r.cols).join(' ');
    lines.push(`${i === 0 ? '[[' : ' ['}${row}]`);
  }
  return `${lines.join('\n')}]`;
}
