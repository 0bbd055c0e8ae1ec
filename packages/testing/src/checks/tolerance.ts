import type { GradTolerance, OpSpec, Tolerance, ValueCase } from '../spec';

/** Default tolerance of forward values against `scalar`, `oracle` and reference cases. */
export const FORWARD_TOLERANCE: Required<Tolerance> = { atol: 1e-12, rtol: 1e-12 };
/** Default tolerance of edge points: zeros, infinities and NaN must match exactly. */
export const EDGE_TOLERANCE: Required<Tolerance> = { atol: 0, rtol: 1e-12 };
/** Default tolerance of the VJP against a closed-form derivative: 1e-12 relative. */
export const DERIVATIVE_TOLERANCE: Required<Tolerance> = { atol: 0, rtol: 1e-12 };
/** Default step and tolerances of gradcheck and gradgradcheck (core's defaults). */
export const GRAD_TOLERANCE: Required<GradTolerance> = { eps: 1e-6, atol: 1e-5, rtol: 1e-3 };

/** The tolerance a forward (or reference) comparison of `spec` uses, with a case's override. */
export function forwardTolerance(spec: OpSpec, c?: ValueCase): Required<Tolerance> {
  return { ...FORWARD_TOLERANCE, ...spec.tolerance?.forward, ...c?.tolerance };
}

/** The tolerance an edge comparison of `spec` uses, with a case's override. */
export function edgeTolerance(spec: OpSpec, c?: ValueCase): Required<Tolerance> {
  return { ...EDGE_TOLERANCE, ...spec.tolerance?.edge, ...c?.tolerance };
}

/** The tolerance of the VJP against the closed form for `spec`. */
export function derivativeTolerance(spec: OpSpec): Required<Tolerance> {
  return { ...DERIVATIVE_TOLERANCE, ...spec.tolerance?.derivative };
}

/** Step and tolerances of the first- or second-order finite-difference check of `spec`. */
export function gradTolerance(spec: OpSpec, order: 1 | 2): Required<GradTolerance> {
  return { ...GRAD_TOLERANCE, ...(order === 1 ? spec.tolerance?.gradcheck : spec.tolerance?.gradgradcheck) };
}
