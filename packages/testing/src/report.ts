/**
 * The structured result of the harness: one {@link CheckResult} per check, gathered into an
 * {@link OpReport} per op, and a plain-text table of reports for terminals.
 */

/**
 * The kinds of check the harness runs:
 * - `forward`: the output on sampled inputs against the spec's `scalar` or `oracle`;
 * - `reference`: hand-computed values (and gradients, when given);
 * - `derivative`: the VJP against the closed-form derivative, at 1e-12 relative;
 * - `gradcheck` / `gradgradcheck`: first and second derivatives (VJPs) against finite differences;
 * - `jvp`: the forward-mode derivatives (JVPs) against finite differences;
 * - `transpose`: JVP against VJP, ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩ for random u, v, to rounding (1e-12 relative);
 * - `hessian`: the Hessian forward over reverse against reverse over reverse, to rounding;
 * - `vmap`: the op (and its VJP) under `vmap` against a loop over the examples, bit for bit;
 * - `gradShape`: every gradient has its input's shape (through `vjp` and through `backward`);
 * - `zeroUpstream`: a zero upstream gradient gives exactly zero gradients, never NaN;
 * - `noGradient`: an op without a derivative gives zero gradients;
 * - `mutation`: no VJP writes into its inputs, output or upstream gradient, and one upstream
 *   gradient shared by two consumers gives exactly twice one's gradient;
 * - `edge`: values and gradients at extreme points, NaN-aware.
 */
export type CheckKind =
  | 'forward'
  | 'reference'
  | 'derivative'
  | 'gradcheck'
  | 'gradgradcheck'
  | 'jvp'
  | 'transpose'
  | 'hessian'
  | 'vmap'
  | 'gradShape'
  | 'zeroUpstream'
  | 'noGradient'
  | 'mutation'
  | 'edge';

/** Every check kind, in the order the harness runs them. */
export const checkKinds: readonly CheckKind[] = [
  'forward',
  'reference',
  'derivative',
  'gradcheck',
  'gradgradcheck',
  'jvp',
  'transpose',
  'hessian',
  'vmap',
  'gradShape',
  'zeroUpstream',
  'noGradient',
  'mutation',
  'edge',
];

/** Where analytic and numerical derivatives disagreed (as core's `GradcheckFailure`). */
export interface DerivativeFailure {
  /** Index of the input. */
  readonly input: number;
  /** Multi-index of the input element. */
  readonly element: number[];
  /** Multi-index of the output element. */
  readonly outputElement: number[];
  readonly analytic: number;
  readonly numeric: number;
}

/** The outcome of one check. */
export interface CheckResult {
  readonly kind: CheckKind;
  /** What was checked, for example `gradcheck [2, 3] × [3]` or `edge sigmoid(-1e3)`. */
  readonly label: string;
  readonly ok: boolean;
  /** The largest absolute error seen (Infinity for a non-finite mismatch), or null if none applies. */
  readonly maxError: number | null;
  /** Number of values (or derivative entries) compared. */
  readonly compared: number;
  /** Why the check failed, in one line; null when it passed. */
  readonly message: string | null;
  /** For failed gradcheck, gradgradcheck and jvp checks: the input and element at fault. */
  readonly failure: DerivativeFailure | null;
  /** When the check threw: the error's stack (where in core or the op it was thrown), else null. */
  readonly stack: string | null;
}

/**
 * A failed check of `op` as an Error to throw from a test: the message names the op, the check
 * and what went wrong; when the check threw, the stack is the original one (where core or the
 * op threw), after that message, so a test runner shows both. `null` for a passed check.
 *
 * @example
 * ```ts
 * const error = failureError('mul', result);
 * if (error) throw error; // "mul › gradcheck [2, 3]: threw DeltagradError: …" and the original frames
 * ```
 */
export function failureError(op: string, result: CheckResult): Error | null {
  if (result.ok) return null;
  const error = new Error(`${op} › ${result.label}: ${result.message}`);
  if (result.stack !== null) {
    const frames = result.stack.split('\n').filter((line) => /^\s+at /.test(line));
    error.stack = [`Error: ${error.message}`, ...frames].join('\n');
  }
  return error;
}

/** All checks of one op. */
export interface OpReport {
  readonly op: string;
  readonly kind: 'primitive' | 'composite';
  /** True when every check passed. */
  readonly ok: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly checks: readonly CheckResult[];
  /** The largest error per kind of check, over the checks of that kind that report one. */
  readonly maxErrors: { readonly [K in CheckKind]?: number };
}

/** Gathers check results into a report. */
export function buildReport(
  op: string,
  kind: 'primitive' | 'composite',
  checks: readonly CheckResult[],
): OpReport {
  const maxErrors: { [K in CheckKind]?: number } = {};
  for (const c of checks) {
    if (c.maxError !== null) maxErrors[c.kind] = Math.max(maxErrors[c.kind] ?? 0, c.maxError);
  }
  const failed = checks.filter((c) => !c.ok).length;
  return { op, kind, ok: failed === 0, passed: checks.length - failed, failed, checks, maxErrors };
}

function fmtError(x: number | undefined): string {
  return x === undefined ? '-' : x === 0 ? '0' : x.toExponential(1);
}

/**
 * A plain-text table with one row per report: op, kind, checks run, failures, the largest
 * errors of the forward values, of the VJPs and of the JVPs against finite differences
 * (`vjp-fd`, `jvp-fd`), of the JVPs against the VJPs (`jvp-vjp`, relative), of second
 * derivatives against finite differences (`gradgrad`) and forward-over-reverse Hessians
 * against reverse-over-reverse (`hessian`, relative), of `vmap` against a loop (`vmap`, 0 when
 * bit-identical), and the first failure (or `ok`).
 *
 * @example
 * ```ts
 * console.log(formatReportTable(allSpecs.map((s) => checkOp(s))));
 * ```
 */
export function formatReportTable(reports: readonly OpReport[]): string {
  const header = [
    'op',
    'kind',
    'checks',
    'failed',
    'forward',
    'vjp-fd',
    'jvp-fd',
    'jvp-vjp',
    'gradgrad',
    'hessian',
    'vmap',
    'status',
  ];
  const rows = reports.map((r) => {
    const first = r.checks.find((c) => !c.ok);
    return [
      r.op,
      r.kind,
      String(r.checks.length),
      String(r.failed),
      fmtError(Math.max(r.maxErrors.forward ?? 0, r.maxErrors.reference ?? 0)),
      fmtError(r.maxErrors.gradcheck),
      fmtError(r.maxErrors.jvp),
      fmtError(r.maxErrors.transpose),
      fmtError(r.maxErrors.gradgradcheck),
      fmtError(r.maxErrors.hessian),
      fmtError(r.maxErrors.vmap),
      first ? `FAIL ${first.label}: ${first.message}` : 'ok',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
