/**
 * The WebAssembly SIMD matrix product (assembly/gemm.ts, embedded by scripts/build-wasm.mjs):
 * A and B are copied into the module's memory as stored (plain memory copies; the kernel reads
 * op(A) through strides, and Bᵀ of A·Bᵀ is packed by the module), the kernel runs, and C is
 * copied back. The same summation order as the JS kernel, so the same bits. Products of fewer
 * than 2,048 multiply-adds run the JS kernel: there the call costs more than the kernel saves.
 */
import { DeltagradError } from '../errors';
import { type GemmLayout, gemm as jsGemm } from './gemm';
import { WASM_KERNELS_BASE64 } from './wasm-module';

/** The part of the WebAssembly API used here (core's types target no particular host). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface Exports {
  readonly memory: Memory;
  gemm(m: number, n: number, k: number, a: number, rowA: number, colA: number, b: number, c: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  heapBase(): number;
}

let exports: Exports | null = null;
let heap: Float64Array = new Float64Array(0);
/** First float64 slot free for operands (the module's static data sits below). */
let base = 0;

/**
 * Multiply-adds below which the JS kernel is faster (measured: about even at 1,000; at 2,048
 * WebAssembly wins in every layout even with k or n of 1 or 2, memory copies included).
 */
const MIN_WORK = 2048;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Instantiates the module (synchronously: it is 2 KB, under every browser's limit for the main
 * thread) or explains why it cannot: no WebAssembly, or no SIMD.
 */
export function loadWasm(): void {
  if (exports !== null) return;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) {
    throw new DeltagradError('UNSUPPORTED', "setKernels('wasm'): this runtime has no WebAssembly");
  }
  const bytes = decode(WASM_KERNELS_BASE64);
  if (!wasm.validate(bytes)) {
    throw new DeltagradError(
      'UNSUPPORTED',
      "setKernels('wasm'): this runtime's WebAssembly has no SIMD (fixed-width f64x2); the JS kernels stay in use",
    );
  }
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { abort() {} } });
  exports = instance.exports as unknown as Exports;
  base = Math.ceil(exports.heapBase() / 16) * 2;
  heap = new Float64Array(exports.memory.buffer);
}

/** The module's memory as float64s, grown to hold `slots` values past `base`. */
function memoryFor(slots: number): Float64Array {
  const ex = exports!;
  const bytes = (base + slots) * 8;
  const have = ex.memory.buffer.byteLength;
  if (bytes > have) ex.memory.grow(Math.ceil((bytes - have) / 65536));
  // Growing detaches the old buffer: take a fresh view whenever the buffer changed.
  if (heap.buffer !== ex.memory.buffer) heap = new Float64Array(ex.memory.buffer);
  return heap;
}

/** True when a product of these sizes runs in WebAssembly (else it is too small to repay the call). */
export function runsInWasm(m: number, n: number, k: number): boolean {
  return k > 0 && m * n * k >= MIN_WORK;
}

/** {@link jsGemm}'s contract, run by the WebAssembly kernel. */
export function wasmGemm(
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
  const sizeA = m * k;
  const sizeB = k * n;
  const sizeC = m * n;
  if (!runsInWasm(m, n, k)) {
    jsGemm(layout, m, n, k, A, aOff, B, bOff, C, cOff);
    return;
  }
  // Even slot counts keep every operand 16-byte aligned. A·Bᵀ packs Bᵀ at pt, after C.
  const pa = base;
  const pb = pa + sizeA + (sizeA & 1);
  const pc = pb + sizeB + (sizeB & 1);
  const pt = pc + sizeC + (sizeC & 1);
  const mem = memoryFor((layout === 'nt' ? pt + sizeB : pc + sizeC) - base);
  mem.set(A.subarray(aOff, aOff + sizeA), pa);
  mem.set(B.subarray(bOff, bOff + sizeB), pb);
  const ex = exports!;
  // op(A)(i, p) is A[i·k + p] as stored (nn, nt), or A[p·m + i] (tn).
  const rowA = layout === 'tn' ? 8 : k * 8;
  const colA = layout === 'tn' ? m * 8 : 8;
  if (layout === 'nt') {
    ex.transpose(pb * 8, n, k, pt * 8);
    ex.gemm(m, n, k, pa * 8, rowA, colA, pt * 8, pc * 8);
  } else ex.gemm(m, n, k, pa * 8, rowA, colA, pb * 8, pc * 8);
  C.set(mem.subarray(pc, pc + sizeC), cOff);
}
