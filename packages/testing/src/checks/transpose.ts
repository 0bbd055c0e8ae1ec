import { jvp, type Tensor, tensor, vjp } from '@deltagrad/core';
import type { RandomGenerator } from '@deltagrad/random';
import type { CheckResult } from '../report';
import { runCheck } from './result';

/** Two derivations of one derivative agree to rounding: at most this relative difference. */
export const TRANSPOSE_TOLERANCE = 1e-12;

function randomLike(t: Tensor, rng: RandomGenerator): Tensor {
  return tensor(
    Float64Array.from({ length: t.size }, () => rng.normal()),
    { shape: t.shape },
  );
}

/** Σ a⊙b and Σ |a⊙b| (the scale a rounding error of the sum is measured against). */
function dot(a: Tensor, b: Tensor): [number, number] {
  let sum = 0;
  let scale = 0;
  for (let k = 0; k < a.size; k++) {
    const p = a.data[k]! * b.data[k]!;
    sum += p;
    scale += Math.abs(p);
  }
  return [sum, scale];
}

/**
 * Checks the op's JVP against its VJP by the transpose identity ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩ for a
 * random cotangent u (the output's shape) and random tangents v (one per input): two
 * independent derivations of one derivative must agree to rounding. The error is relative to
 * the larger of Σ|uᵢ(J·v)ᵢ| and Σ|(Jᵀu)ᵢvᵢ| (what bounds the rounding of the two dot products),
 * and must be at most {@link TRANSPOSE_TOLERANCE}.
 */
export function checkTranspose(
  call: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  label: string,
  rng: RandomGenerator,
): CheckResult {
  return runCheck('transpose', label, () => {
    const vs = inputs.map((x) => randomLike(x, rng));
    const [out, jv] = jvp((...xs: Tensor[]) => call(...xs), [...inputs], vs);
    const u = randomLike(out, rng);
    const grads = vjp(call, ...inputs).vjp(u);
    const [forward, forwardScale] = dot(u, jv);
    let reverse = 0;
    let reverseScale = 0;
    grads.forEach((g, i) => {
      const [d, s] = dot(g, vs[i]!);
      reverse += d;
      reverseScale += s;
    });
    const scale = Math.max(forwardScale, reverseScale);
    const error = scale === 0 ? Math.abs(forward - reverse) : Math.abs(forward - reverse) / scale;
    const ok = error <= TRANSPOSE_TOLERANCE;
    return {
      ok,
      maxError: error,
      compared: 1,
      message: ok
        ? null
        : `⟨u, J·v⟩ = ${forward} (JVP) but ⟨Jᵀ·u, v⟩ = ${reverse} (VJP): relative difference ${error.toExponential(2)} > ${TRANSPOSE_TOLERANCE}`,
    };
  });
}
