import { createColors } from 'picocolors';

/** Where a command writes, and whether it may use color and a progress bar. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
  color: ReturnType<typeof createColors>;
  /** True when stderr is a terminal and the user did not ask for quiet or JSON output. */
  interactive: boolean;
}

/** Color only on a terminal, never with --no-color or NO_COLOR set. */
export function makeOutput(opts: { color?: boolean; json?: boolean; quiet?: boolean }): Output {
  const tty = Boolean(process.stdout.isTTY);
  const useColor = tty && opts.color !== false && !('NO_COLOR' in process.env) && !opts.json;
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    color: createColors(useColor),
    interactive: Boolean(process.stderr.isTTY) && !opts.quiet && !opts.json,
  };
}

/** A number for humans: fixed for ordinary magnitudes, exponent for tiny ones, 0 as 0. */
export function sci(v: number | null): string {
  if (v === null) return '—';
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6 ? v.toExponential(2) : v.toPrecision(4);
}

/** C0 and C1 control characters, DEL, and the line and paragraph separators. */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * Text that may hold what the user typed, safe to print: control characters (a newline, an
 * escape sequence that would recolour or move the terminal's cursor) are shown escaped, `\n`,
 * `\u001b`, so an error stays one readable line.
 */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += isControl(code) ? (NAMED[ch] ?? `\\u${code.toString(16).padStart(4, '0')}`) : ch;
  }
  return out;
}

/** Bytes for humans: `1.2 GB`, `350 MB`. */
export function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? v.toFixed(0) : v.toPrecision(2)} ${units[u]}`;
}
