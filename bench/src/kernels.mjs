#!/usr/bin/env node
// The matrix-product kernels alone, apart from any training step: GFLOP/s of a compiled `matmul`
// of two constant operands in the three layouts backprop uses (A·B, A·Bᵀ, Aᵀ·B), on the products
// of the benchmark's networks, with the JS and the WASM kernels. Compiled, so no allocation: the
// JS rows are the kernel alone; the WASM rows add copying the two constants into the step's
// WebAssembly memory (a training step's activations and weights live there already). Timed in
// CPU time (process.cpuUsage), the best of 5 repetitions, so a busy shared machine disturbs the
// figures less than wall time would (it still does: other processes evict the caches).
// `--asmjs` adds a column for src/asmjs-gemm.mjs (the JS kernel's tiles as an asm.js module, for
// comparison only: V8 runs it through its WebAssembly pipeline) and checks its bits.
//
//   node src/kernels.mjs [--asmjs]  (from bench/, after `pnpm build`)
import { compile, matmul, randn, setKernels } from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';
import { asmjsGemm } from './asmjs-gemm.mjs';

const withAsmjs = process.argv.includes('--asmjs');

/** [m, n, k]: the products of 128-256-256-10 × 128 and 2-16-16-1 × 4,096 (forward and backward). */
const SHAPES = [
  [128, 256, 128],
  [128, 256, 256],
  [256, 256, 128],
  [128, 10, 256],
  [4096, 16, 2],
  [4096, 16, 16],
  [16, 16, 4096],
  [4096, 1, 16],
];

const LAYOUTS = [
  ['A·B', (m, n, k, rng) => [randn([m, k], rng), randn([k, n], rng)], {}],
  ['A·Bᵀ', (m, n, k, rng) => [randn([m, k], rng), randn([n, k], rng)], { transposeB: true }],
  ['Aᵀ·B', (m, n, k, rng) => [randn([k, m], rng), randn([k, n], rng)], { transposeA: true }],
];

function gflops(m, n, k, a, b, opts) {
  return timed(
    2 * m * n * k,
    compile(() => matmul(a, b, opts)),
  );
}

/** GFLOP/s of `product` (`flops` per call): the best of 5 repetitions in CPU time, after a warm-up. */
function timed(flops, product) {
  const reps = Math.max(1, Math.round(5e7 / flops));
  for (let i = 0; i < reps; i++) product();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < reps; i++) product();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / reps);
  }
  return flops / best / 1e3;
}

const rng = numpyRandom(0);
const rows = [];
for (const [m, n, k] of SHAPES) {
  for (const [layout, make, opts] of LAYOUTS) {
    const [a, b] = make(m, n, k, rng);
    const row = { product: `${m}×${n}×${k}`, layout };
    for (const kernels of ['js', 'wasm']) {
      setKernels(kernels);
      row[kernels] = gflops(m, n, k, a, b, opts).toFixed(2);
    }
    if (withAsmjs) {
      const c = new Float64Array(m * n);
      const code = layout === 'A·B' ? 'nn' : layout === 'A·Bᵀ' ? 'nt' : 'tn';
      row['asm.js'] = timed(2 * m * n * k, () => asmjsGemm(code, m, n, k, a.data, b.data, c)).toFixed(2);
      setKernels('js');
      const want = matmul(a, b, opts).data;
      row['asm.js bits'] = c.every((v, i) => Object.is(v, want[i])) ? 'same' : 'DIFFER';
    }
    rows.push(row);
  }
}
console.log('GFLOP/s of a compiled matmul (m×n×k), best of 5 in CPU time:');
console.table(rows);
