import type { CheckKind, CheckResult, DerivativeFailure } from '../report';

/** The parts of a result a check fills in; the rest default to "nothing to report". */
export interface Outcome {
  readonly ok: boolean;
  readonly maxError?: number | null;
  readonly compared?: number;
  readonly message?: string | null;
  readonly failure?: DerivativeFailure | null;
}

/**
 * Runs one check, turning anything it throws into a failed result that quotes the error and
 * keeps its stack (so an engine bug surfacing in a check shows where it was thrown).
 */
export function runCheck(kind: CheckKind, label: string, body: () => Outcome): CheckResult {
  try {
    const o = body();
    return {
      kind,
      label,
      ok: o.ok,
      maxError: o.maxError ?? null,
      compared: o.compared ?? 0,
      message: o.ok ? null : (o.message ?? 'failed'),
      failure: o.failure ?? null,
      stack: null,
    };
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const stack = error instanceof Error && error.stack !== undefined ? error.stack : null;
    return {
      kind,
      label,
      ok: false,
      maxError: null,
      compared: 0,
      message: `threw ${text}`,
      failure: null,
      stack,
    };
  }
}
