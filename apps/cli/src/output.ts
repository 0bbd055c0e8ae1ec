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
