/**
 * The WebAssembly SIMD matrix product (assembly/gemm.ts, embedded by scripts/build-wasm.mjs).
 * Eager mode: A and B are copied into the module's memory as stored (plain memory copies; the
 * kernel reads op(A) and op(B) through strides, packing op(B) panel by panel itself), the kernel
 * runs, and C is copied back. A compiled step keeps its buffers *resident* in an arena of its own
 * (see {@link createArena}): operands already there are read in place, nothing is copied. The
 * same summation order as the JS kernel, so the same bits. Products of fewer than 2,048
 * multiply-adds run the JS kernel: there the call costs more than the kernel saves.
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
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    rowA: number,
    colA: number,
    b: number,
    rowB: number,
    colB: number,
    c: number,
    pack: number,
  ): void;
  heapBase(): number;
}

let compiled: object | null = null;
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
  compiled = new wasm.Module(bytes);
  exports = instantiate();
  base = Math.ceil(exports.heapBase() / 16) * 2;
  heap = new Float64Array(exports.memory.buffer);
}

/** A new instance of the module: its own memory, the kernels over it. */
function instantiate(): Exports {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
  return new wasm.Instance(compiled!, { env: { abort() {} } }).exports as unknown as Exports;
}

/**
 * A compiled step's own WebAssembly memory, sized once and never grown (growing would detach
 * every array over it): its buffers are Float64Arrays over this memory, so the kernels read and
 * write them in place. `scratch` slots at the top hold what the kernels need besides: the
 * packed panels of op(B), and copies of operands that live elsewhere (a step's constants).
 */
export interface Arena {
  /** An array of `n` float64s in the arena (16-byte aligned, zeroed). */
  alloc(n: number): Float64Array;
}

/** The instance owning each arena's memory, by its buffer: how {@link wasmGemm} finds it. */
const arenas = new WeakMap<ArrayBuffer, ArenaState>();

interface ArenaState {
  readonly ex: Exports;
  readonly heap: Float64Array;
  /** First slot of the scratch area, and its size in slots. */
  readonly scratch: number;
  readonly scratchSlots: number;
}

/**
 * An arena of `slots` float64s for arrays plus `scratchSlots` for the kernels (see
 * {@link Arena}). Loads the module first (throws as `setKernels('wasm')` does where it cannot).
 */
export function createArena(slots: number, scratchSlots: number): Arena {
  loadWasm();
  const ex = instantiate();
  const first = Math.ceil(ex.heapBase() / 16) * 2;
  const total = first + slots + scratchSlots + 2;
  const have = ex.memory.buffer.byteLength;
  if (total * 8 > have) ex.memory.grow(Math.ceil((total * 8 - have) / 65536));
  const heap = new Float64Array(ex.memory.buffer);
  const state: ArenaState = { ex, heap, scratch: first + slots + (slots & 1), scratchSlots };
  arenas.set(ex.memory.buffer, state);
  let next = first;
  const end = first + slots;
  return {
    alloc(n: number): Float64Array {
      if (next + n > end) throw new Error(`createArena: ${n} slots asked past the arena's ${slots}`);
      const view = new Float64Array(heap.buffer, next * 8, n);
      next += n + (n & 1);
      return view;
    },
  };
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
  const arena = arenas.get(C.buffer as ArrayBuffer);
  if (arena !== undefined && residentGemm(arena, layout, m, n, k, A, aOff, B, bOff, C, cOff)) return;
  // Even slot counts keep every operand 16-byte aligned; the kernel packs op(B)'s panels at pp.
  const pa = base;
  const pb = pa + sizeA + (sizeA & 1);
  const pc = pb + sizeB + (sizeB & 1);
  const pp = pc + sizeC + (sizeC & 1);
  const mem = memoryFor(pp + 4 * k - base);
  mem.set(A.subarray(aOff, aOff + sizeA), pa);
  mem.set(B.subarray(bOff, bOff + sizeB), pb);
  run(exports!, layout, m, n, k, pa * 8, pb * 8, pc * 8, pp * 8);
  C.set(mem.subarray(pc, pc + sizeC), cOff);
}

/** Calls the kernel on operands stored as `layout` says, at byte addresses, with `pack` as its scratch (4·k values). */
function run(
  ex: Exports,
  layout: GemmLayout,
  m: number,
  n: number,
  k: number,
  a: number,
  b: number,
  c: number,
  pack: number,
): void {
  // op(A)(i, p) is A[i·k + p] as stored (nn, nt), or A[p·m + i] (tn); op(B)(p, j) is B[p·n + j]
  // (nn, tn), or B[j·k + p] (nt).
  const rowA = layout === 'tn' ? 8 : k * 8;
  const colA = layout === 'tn' ? m * 8 : 8;
  const rowB = layout === 'nt' ? 8 : n * 8;
  const colB = layout === 'nt' ? k * 8 : 8;
  ex.gemm(m, n, k, a, rowA, colA, b, rowB, colB, c, pack);
}

/**
 * {@link wasmGemm} with C in an arena: operands in the same arena are read where they are,
 * others are copied into its scratch area first (a compiled step's constants). False, having
 * done nothing, when the scratch area is too small for those copies (then the copying path runs).
 */
function residentGemm(
  arena: ArenaState,
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
): boolean {
  const { ex, heap } = arena;
  const residentA = A.buffer === heap.buffer;
  const residentB = B.buffer === heap.buffer;
  const sizeA = m * k + ((m * k) & 1);
  const sizeB = k * n + ((k * n) & 1);
  const need = (residentA ? 0 : sizeA) + (residentB ? 0 : sizeB) + 4 * k;
  if (need > arena.scratchSlots) return false;
  let free = arena.scratch;
  let pa = A.byteOffset + aOff * 8;
  if (!residentA) {
    heap.set(A.subarray(aOff, aOff + m * k), free);
    pa = free * 8;
    free += sizeA;
  }
  let pb = B.byteOffset + bOff * 8;
  if (!residentB) {
    heap.set(B.subarray(bOff, bOff + k * n), free);
    pb = free * 8;
    free += sizeB;
  }
  run(ex, layout, m, n, k, pa, pb, C.byteOffset + cOff * 8, free * 8);
  return true;
}
