/**
 * The kernels behind the ops: broadcasting helpers, and the numeric loops that have more than
 * one implementation (JavaScript today; see README "Kernels"). Ops call `kernels.gemm(…)`, a
 * live binding, so switching the implementation takes effect everywhere at once.
 */
export * from './broadcast';

import { type GemmLayout, gemm } from './gemm';

export type { GemmLayout } from './gemm';

/** One implementation of the numeric kernels. Every implementation gives the same bits. */
export interface KernelSet {
  readonly name: 'js';
  /** C = op(A)·op(B); see {@link gemm} for the layouts and the summation order. */
  gemm(
    layout: GemmLayout,
    m: number,
    n: number,
    k: number,
    A: Float64Array,
    aOff: number,
    B: Float64Array,
    bOff: number,
    C: Float64Array,
    cOff: number,
  ): void;
}

/** The JavaScript kernels: always available. */
export const jsKernels: KernelSet = { name: 'js', gemm };

/** The kernels in use. */
export const kernels: KernelSet = jsKernels;
