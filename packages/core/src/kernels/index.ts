/**
 * The kernels behind the ops: broadcasting helpers, and the numeric loops that have more than
 * one implementation (JavaScript, and WebAssembly SIMD for the matrix product). Ops call
 * `kernels.gemm(…)` through a live binding, so {@link setKernels} takes effect everywhere at
 * once, compiled steps included. Every implementation gives the same bits.
 */
import { DeltagradError, describeValue } from '../errors';

export * from './broadcast';
export { columnSums } from './reduce';

import type { ReplayStep } from './call';
import { type GemmLayout, gemm, prepareGemm } from './gemm';
import { loadWasm, wasmGemm } from './wasm';

export type { GemmLayout } from './gemm';

/** The names of the kernel implementations. */
export type KernelsName = 'js' | 'wasm';

/** One implementation of the numeric kernels. */
export interface KernelSet {
  readonly name: KernelsName;
  /** C = op(A)·op(B); see `gemm` in gemm.ts for the layouts and the summation order. */
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

const JS_KERNELS: KernelSet = { name: 'js', gemm };
const WASM_KERNELS: KernelSet = { name: 'wasm', gemm: wasmGemm };

/** The kernels in use (a live binding). */
export let kernels: KernelSet = JS_KERNELS;

/**
 * Chooses the kernels: `'js'` (the default; plain JavaScript, runs everywhere) or `'wasm'`
 * (WebAssembly SIMD for matrix products large enough to repay the call). Both
 * keep one summation order, so results are identical bit for bit; only the speed differs.
 *
 * @throws {@link DeltagradError} `UNSUPPORTED` when `'wasm'` is asked for where WebAssembly
 *   SIMD is missing (the JS kernels stay in use), `INVALID_ARGUMENT` for another name.
 *
 * @example
 * ```ts
 * setKernels('wasm');
 * kernelsInUse(); // 'wasm'
 * ```
 */
export function setKernels(name: KernelsName): void {
  if (name === 'wasm') {
    loadWasm();
    kernels = WASM_KERNELS;
  } else if (name === 'js') kernels = JS_KERNELS;
  else
    throw new DeltagradError(
      'INVALID_ARGUMENT',
      `setKernels: expected 'js' or 'wasm', got ${describeValue(name)}`,
    );
}

/**
 * `kernels.gemm(…)`, read at each call: what a compiled step calls, so a later
 * {@link setKernels} takes effect there too.
 */
export function gemmInUse(
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
): void {
  kernels.gemm(layout, m, n, k, A, aOff, B, bOff, C, cOff);
}

/** A compiled step's call of the matrix product (see `prepareGemm` in gemm.ts). */
export function prepareProduct(
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
): ReplayStep {
  return prepareGemm(gemmInUse, layout, m, n, k, A, aOff, B, bOff, C, cOff);
}

/** The name of the kernels in use. */
export function kernelsInUse(): KernelsName {
  return kernels.name;
}
