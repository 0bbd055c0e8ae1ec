#!/usr/bin/env node
// Compiles assembly/gemm.ts (AssemblyScript) to WebAssembly and embeds the bytes, base64, in
// src/kernels/wasm-module.ts, so the package imports alone in Node and browsers (no .wasm file
// to fetch). Run by `pnpm build`; the file is rewritten only when the bytes change, and
// test/wasm-module.test.ts fails when the committed module is stale.
//
//   node scripts/build-wasm.mjs [--check]   (--check: exit 1 if the embedded module is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileKernels, moduleSource } from './wasm-source.mjs';

const target = fileURLToPath(new URL('../src/kernels/wasm-module.ts', import.meta.url));
const wanted = moduleSource(await compileKernels());
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {}
if (current === wanted) process.exit(0);
if (process.argv.includes('--check')) {
  console.error('src/kernels/wasm-module.ts is stale: run `pnpm --filter @deltagrad/core build`');
  process.exit(1);
}
writeFileSync(target, wanted);
console.log('wrote src/kernels/wasm-module.ts');
