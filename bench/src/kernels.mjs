#!/usr/bin/env node
// The matrix-product kernels alone, apart from any training step: GFLOP/s of a compiled `matmul`
// of two constant operands in the three layouts backprop uses (A·B, A·Bᵀ, Aᵀ·B), on the products
// of the benchmark's networks, with the JS and the WASM kernels. Compiled, so no allocation: the
// JS rows are the kernel alone; the WASM rows add copying the two constants into the step's
// WebAssembly memory (a training step's activations and weights live there already). Timed in
// CPU time (process.cpuUsage), the best of 5 repetitions, so a busy shared machine disturbs the
// figures less than wall time would (it still does: other processes evict the caches).
//
//   node src/kernels.mjs            (from bench/, after `pnpm build`)
import { compile, matmul, randn, setKernels } from '@deltagrad/core';
import { numpyRandom } from '@deltagrad/random';

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
  const flops = 2 * m * n * k;
  const reps = Math.max(1, Math.round(5e7 / flops));
  const product = compile(() => matmul(a, b, opts));
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
    rows.push(row);
  }
}
console.log('GFLOP/s of a compiled matmul (m×n×k), best of 5 in CPU time:');
console.table(rows);
