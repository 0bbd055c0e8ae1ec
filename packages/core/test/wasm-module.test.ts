import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, moduleSource } from '../scripts/wasm-source.mjs';

let bytes: Uint8Array;
// Compiling AssemblyScript takes a few seconds on a quiet machine and far more on a saturated one:
// a ceiling, not a wait.
beforeAll(async () => {
  bytes = await compileKernels();
}, 300_000);

/** Where `needle` starts in `hay`, byte-aligned, or -1. */
function find(hay: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('the embedded WebAssembly module', () => {
  it('is what assembly/gemm.ts compiles to today (run `pnpm --filter @deltagrad/core build` if not)', () => {
    const committed = readFileSync(new URL('../src/kernels/wasm-module.ts', import.meta.url), 'utf8');
    expect(committed).toBe(moduleSource(bytes));
  });

  it('has no relaxed-SIMD fused multiply-add (f64x2.relaxed_madd / nmadd)', () => {
    // Their opcodes: the SIMD prefix 0xFD, then LEB128 of 0x107 and 0x108.
    expect(find(bytes, [0xfd, 0x87, 0x02])).toBe(-1);
    expect(find(bytes, [0xfd, 0x88, 0x02])).toBe(-1);
    // While plain f64x2.mul (0xFD 0xF2 0x01) and f64x2.add (0xFD 0xF0 0x01) are there.
    expect(find(bytes, [0xfd, 0xf2, 0x01])).toBeGreaterThan(0);
    expect(find(bytes, [0xfd, 0xf0, 0x01])).toBeGreaterThan(0);
  });
});
