/**
 * Prints a 2-D array the way NumPy prints `a.round(3)`: every value in its shortest form with
 * at most 8 decimals, integer parts right-aligned and decimals left-aligned (padded with
 * spaces) to a common width, rows on their own lines. This is how the seed shows its
 * predictions, e.g. `[[0.053]\n [0.496]]`.
 */
export function formatNumpy2d(rows: readonly (readonly number[])[]): string {
  const texts = rows.map((row) => row.map(shortest));
  const intWidth = Math.max(...texts.flat().map((s) => s.split('.')[0]!.length));
  const fracWidth = Math.max(...texts.flat().map((s) => s.split('.')[1]!.length));
  const cell = (s: string) => {
    const [int, frac] = s.split('.') as [string, string];
    return `${int.padStart(intWidth)}.${frac.padEnd(fracWidth)}`;
  };
  const lines = texts.map((row) => `[${row.map(cell).join(' ')}]`);
  return `[${lines.join('\n ')}]`;
}

/** NumPy's "maxprec" float mode: the shortest round-trip digits, at most 8 decimals, always a '.'. */
function shortest(v: number): string {
  const s = Number(v.toFixed(8)).toString();
  if (s.includes('e')) return v.toFixed(8);
  return s.includes('.') ? s : `${s}.`;
}

/** Rounds half to even at `decimals` places, as `np.round` does (on the scaled value). */
export function roundHalfEven(v: number, decimals: number): number {
  const scale = 10 ** decimals;
  const x = v * scale;
  const r = Math.round(x);
  const fixed = Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return fixed / scale;
}
