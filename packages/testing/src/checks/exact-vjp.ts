import { type Tensor, tensor, vjp } from '@deltagrad/core';
import { createRandom } from '@deltagrad/random';
import { broadcastShape, type Dense, fmtShape, sizeOf, unravel } from '../dense';
import type { CheckResult } from '../report';
import type { OpSpec } from '../spec';
import { expectedOutput } from './forward';
import { runCheck } from './result';
import { derivativeTolerance } from './tolerance';

/** True when `spec` states its derivative in closed form (`derivative`, `vjpOracle` or `linear`). */
export function hasClosedForm(spec: OpSpec): boolean {
  return spec.derivative !== undefined || spec.vjpOracle !== undefined || spec.linear !== undefined;
}

/** Each input's expected gradient, with the scale its error is measured against (per element). */
interface Expected {
  readonly values: Float64Array;
  /** Σ|terms| of each element's sum (element-wise and linear ops), or the largest |value| (vjpOracle). */
  readonly scale: Float64Array;
}

/** Flat position in `shape` of the element a broadcast output index reads (size-1 axes at 0). */
function broadcastFlat(shape: readonly number[], index: readonly number[]): number {
  const lead = index.length - shape.length;
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + (shape[i] === 1 ? 0 : index[lead + i]!);
  return flat;
}

/**
 * From `derivative` (∂f/∂xᵢ at a point): gradient i sums u·∂f/∂xᵢ over every output element that
 * reads input element k (broadcasting done here, independently of core).
 */
function fromPartials(spec: OpSpec, inputs: readonly Dense[], u: Dense): Expected[] {
  const shape = broadcastShape(inputs.map((x) => x.shape));
  const expected = inputs.map((x) => ({
    values: new Float64Array(sizeOf(x.shape)),
    scale: new Float64Array(sizeOf(x.shape)),
  }));
  for (let k = 0; k < sizeOf(shape); k++) {
    const index = unravel(k, shape);
    const flats = inputs.map((x) => broadcastFlat(x.shape, index));
    const partials = spec.derivative!(...inputs.map((x, i) => x.data[flats[i]!]!));
    for (let i = 0; i < inputs.length; i++) {
      const term = u.data[k]! * partials[i]!;
      expected[i]!.values[flats[i]!]! += term;
      expected[i]!.scale[flats[i]!]! += Math.abs(term);
    }
  }
  return expected;
}

/**
 * For a linear op, the oracle is its own derivative: column k of input i's Jacobian is the
 * oracle applied to the basis vector e_k in place of input i (the others kept for `'each'`,
 * zero for `'joint'`), exactly.
 */
function fromLinearOracle(spec: OpSpec, inputs: readonly Dense[], u: Dense): Expected[] {
  return inputs.map((x, i) => {
    const n = sizeOf(x.shape);
    const values = new Float64Array(n);
    const scale = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const basis = new Array<number>(n).fill(0);
      basis[k] = 1;
      const args = inputs.map((y, j): Dense => {
        if (j === i) return { data: basis, shape: x.shape };
        return spec.linear === 'each'
          ? y
          : { data: new Array<number>(sizeOf(y.shape)).fill(0), shape: y.shape };
      });
      const column = expectedOutput(spec, args)!;
      for (let j = 0; j < column.data.length; j++) {
        const term = u.data[j]! * column.data[j]!;
        values[k]! += term;
        scale[k]! += Math.abs(term);
      }
    }
    return { values, scale };
  });
}

/** From `vjpOracle`: its gradients, each measured against its largest |value|. */
function fromVjpOracle(spec: OpSpec, inputs: readonly Dense[], u: Dense): Expected[] {
  return spec.vjpOracle!(u, ...inputs).map((g) => {
    const values = Float64Array.from(g.data);
    const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    return { values, scale: new Float64Array(values.length).fill(largest) };
  });
}

/**
 * Checks the engine's VJP against the op's closed-form derivative, for a random upstream
 * gradient u (seeded, normal): every gradient element a must satisfy
 * |a − e| ≤ atol + rtol·scale, with rtol 1e-12 by default, where e is the closed form and scale
 * the sum of the |terms| e adds up (so cancellation cannot hide an error or fake one). At this
 * tolerance a derivative off by a factor 1.0001, which finite differences accept, fails.
 */
export function checkExactVjp(
  spec: OpSpec,
  inputs: readonly Tensor[],
  label: string,
  seed: number,
): CheckResult {
  return runCheck('derivative', label, () => {
    const tol = derivativeTolerance(spec);
    const { out, vjp: pullback } = vjp(spec.call, ...inputs);
    const rng = createRandom(seed);
    const u = tensor(
      Float64Array.from({ length: out.size }, () => rng.normal()),
      { shape: out.shape },
    );
    const grads = pullback(u);
    const dense = inputs.map((t): Dense => ({ data: t.toArray(), shape: t.shape }));
    const upstream: Dense = { data: u.toArray(), shape: u.shape };
    const expected = spec.derivative
      ? fromPartials(spec, dense, upstream)
      : spec.linear
        ? fromLinearOracle(spec, dense, upstream)
        : fromVjpOracle(spec, dense, upstream);
    let maxError = 0;
    let compared = 0;
    for (const [i, g] of grads.entries()) {
      const e = expected[i]!;
      const actual = g.toArray();
      if (actual.length !== e.values.length) {
        return {
          ok: false,
          message: `gradient of input ${i} has ${actual.length} values, the closed form ${e.values.length}`,
        };
      }
      for (let k = 0; k < actual.length; k++) {
        compared++;
        const a = actual[k]!;
        const want = e.values[k]!;
        const err = Math.abs(a - want);
        const same = Number.isFinite(want) ? err <= tol.atol + tol.rtol * e.scale[k]! : Object.is(a, want);
        if (Number.isFinite(err)) maxError = Math.max(maxError, err);
        if (!same) {
          const relative = e.scale[k]! > 0 ? ` (${(err / e.scale[k]!).toExponential(2)} relative)` : '';
          return {
            ok: false,
            maxError: Number.isFinite(err) ? err : Number.POSITIVE_INFINITY,
            compared,
            message: `gradient of input ${i} element ${fmtShape(unravel(k, g.shape))}: VJP ${a}, closed form ${want}, |Δ| = ${err}${relative}, allowed ${tol.atol} + ${tol.rtol}·${e.scale[k]}`,
          };
        }
      }
    }
    return { ok: true, maxError, compared };
  });
}
