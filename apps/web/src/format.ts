/** Number formats of the read-outs, tables and diagrams. */

/** A value with `digits` significant digits, in exponent form when very small or large. */
export function sig(x: number, digits = 6): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax < 1e-4 || ax >= 1e6) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/** A difference: exactly 0, or in exponent form (|Δ| of 1.39e-17). */
export function diff(x: number | null): string {
  if (x === null) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  return x.toExponential(2);
}

/** A loss value for the read-out. */
export function lossText(x: number): string {
  return sig(x, 6);
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

export function sup(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPT[Number(d)]).join('');
}

export function sub(n: number): string {
  return [...String(n)].map((d) => SUBSCRIPT[Number(d)]).join('');
}

/** "W⁽¹⁾", "b⁽²⁾", "z⁽¹⁾": a tensor name of the equations, from the code's "W1", "b2", "z1". */
export function mathName(name: string): string {
  const m = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (!m) return name;
  const [, base, layer] = m;
  if (base === 'XW') return `a${'⁽'}${sup(Number(layer) - 1)}${'⁾'}W⁽${sup(Number(layer))}⁾`;
  return `${base}⁽${sup(Number(layer))}⁾`;
}
