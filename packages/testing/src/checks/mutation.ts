import { add, detectAnomaly, type Tensor, tensor, vjp } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { fmtShape, unravel } from '../dense';
import type { CheckResult } from '../report';
import type { OpSpec } from '../spec';
import { runCheck } from './result';

/** Rounding allowed between twice one gradient and the gradient of the sum of two calls. */
const DOUBLING_RTOL = 1e-12;

/** The first element where `now` differs from `before` (bit for bit, NaN equal to NaN), or -1. */
function firstChange(before: Float64Array, now: Float64Array): number {
  for (let k = 0; k < before.length; k++) if (!Object.is(before[k], now[k])) return k;
  return -1;
}

/**
 * Checks that no derivative rule writes into the tensors it is given, two ways:
 * - the backward pass runs inside core's `detectAnomaly`, which checksums the inputs, output and
 *   upstream gradient around every VJP call and names the op and the buffer one changed; the
 *   harness also compares the op's inputs, output and upstream gradient before and after;
 * - one upstream gradient feeds two consumers, `call(…) + call(…)` (add hands the same tensor
 *   to both), whose gradients must be exactly twice one call's: a VJP that zeroes its upstream
 *   gradient after use passes every other check yet gives the second consumer nothing.
 * Snapshots are copies of arrays the harness holds (inputs, output, upstream, returned
 * gradients), which the buffer pool never recycles; core compares each VJP's own arguments
 * right after the call, before any temporary goes back to the pool.
 */
export function checkNoMutation(
  spec: OpSpec,
  inputs: readonly Tensor[],
  label: string,
  seed: number,
): CheckResult {
  return runCheck('mutation', label, () => {
    const { out, vjp: pullback } = vjp(spec.call, ...inputs);
    const rng = createRandom(seed);
    const u = tensor(
      Float64Array.from({ length: out.size }, () => rng.normal()),
      { shape: out.shape },
    );
    const handed = [
      ...inputs.map((t, i) => ({ what: `input ${i}`, t })),
      { what: 'the output', t: out },
      { what: 'the upstream gradient', t: u },
    ];
    const before = handed.map(({ t }) => Float64Array.from(t.toArray()));
    const once = detectAnomaly(() => pullback(u));
    for (const [n, { what, t }] of handed.entries()) {
      const k = firstChange(before[n]!, Float64Array.from(t.toArray()));
      if (k >= 0) {
        return {
          ok: false,
          message: `backward of ${spec.op} changed ${what} (shape ${fmtShape(t.shape)}) at element ${fmtShape(unravel(k, t.shape))}: ${before[n]![k]} became ${t.toArray()[k]}`,
        };
      }
    }
    const twice = vjp((...xs: Tensor[]) => add(spec.call(...xs), spec.call(...xs)), ...inputs).vjp(u);
    let compared = 0;
    for (const [i, g] of once.entries()) {
      const one = g.toArray();
      const two = twice[i]!.toArray();
      // Twice is exact (x + x) when each input feeds the op once; an input the op uses twice
      // (x − logSumExp(x)) adds four contributions in another order, off by rounding only.
      const scale = one.reduce((m, v) => Math.max(m, Math.abs(2 * v)), 0);
      for (let k = 0; k < one.length; k++) {
        compared++;
        const want = 2 * one[k]!;
        const ok = Number.isFinite(want)
          ? Math.abs(two[k]! - want) <= DOUBLING_RTOL * scale
          : Object.is(two[k], want);
        if (!ok) {
          return {
            ok: false,
            compared,
            message: `one upstream gradient fed to two consumers (${spec.op}(…) + ${spec.op}(…)): gradient of input ${i} element ${fmtShape(unravel(k, g.shape))} is ${two[k]}, not twice ${one[k]} (a VJP changed a tensor another consumer reads)`,
          };
        }
      }
    }
    return { ok: true, maxError: 0, compared };
  });
}
