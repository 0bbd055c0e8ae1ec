import { type GradcheckResult, gradcheck, gradgradcheck, type Tensor } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { fmtShape } from '../dense';
import type { CheckResult } from '../report';
import type { OpSpec } from '../spec';
import { runCheck } from './result';
import { gradTolerance } from './tolerance';

/** Options of {@link checkDerivatives}. */
export interface DerivativeCheckOptions {
  /** 1: gradcheck; 2: gradgradcheck. */
  readonly order: 1 | 2;
  /**
   * How the analytic derivatives are computed: by VJPs (`'reverse'`, the default: kinds
   * gradcheck and gradgradcheck) or by JVPs (`'forward'`, order 1: kind jvp).
   */
  readonly mode?: 'reverse' | 'forward';
  /** Compare one random projection instead of the full Jacobian (core's fast mode). */
  readonly fast?: boolean;
  /** Seed of the random projections and of gradgradcheck's cotangent. */
  readonly seed?: number;
}

function describeFailure(result: GradcheckResult, inputs: number, order: 1 | 2): string {
  const f = result.failure!;
  const input =
    f.input < 0
      ? 'a random projection'
      : order === 2 && f.input === inputs
        ? 'the cotangent v'
        : `input ${f.input}`;
  const where =
    f.input < 0
      ? input
      : `${input} element ${fmtShape(f.element)}, output element ${fmtShape(f.outputElement)}`;
  return `${where}: analytic ${f.analytic}, numeric ${f.numeric} (|Δ| = ${Math.abs(f.analytic - f.numeric)})`;
}

/**
 * Runs core's `gradcheck` (order 1) or `gradgradcheck` (order 2) of `spec.call` at `inputs`
 * without throwing, and reports the first disagreeing entry by input and element. With
 * `mode: 'forward'` the analytic Jacobian comes from the op's JVPs (one per input element)
 * instead of its VJPs, against the same central differences.
 */
export function checkDerivatives(
  spec: OpSpec,
  inputs: readonly Tensor[],
  label: string,
  opts: DerivativeCheckOptions,
): CheckResult {
  const mode = opts.mode ?? 'reverse';
  const kind = opts.order === 2 ? 'gradgradcheck' : mode === 'forward' ? 'jvp' : 'gradcheck';
  return runCheck(kind, label, () => {
    const tol = gradTolerance(spec, opts.order);
    const check = opts.order === 1 ? gradcheck : gradgradcheck;
    const result = check(spec.call, inputs, {
      ...tol,
      fast: opts.fast ?? false,
      mode,
      rng: createRandom(opts.seed ?? opts.order),
      raise: false,
    });
    return {
      ok: result.ok,
      maxError: result.maxAbsError,
      compared: result.compared,
      message: result.ok ? null : describeFailure(result, inputs.length, opts.order),
      failure: result.failure,
    };
  });
}
