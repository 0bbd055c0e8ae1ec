#!/usr/bin/env node
// Benchmark: the element-wise unary forwards on a 65,536-element tensor (no graph recorded),
// in ns per element, median of 7 runs after a warm-up. Shows what a kernel costs apart from
// graph bookkeeping. A measurement, not a test: it asserts nothing about time.
import { createRandom } from '@deltagrad/random';
import { noGrad, rand } from '../dist/index.js';

const N = 65_536;
const CALLS = 200;
const REPEATS = 7;
const x = rand([N], createRandom(0)).mul(4).sub(2);

const ops = {
  neg: (t) => t.neg(),
  exp: (t) => t.exp(),
  abs: (t) => t.abs(),
  sigmoid: (t) => t.sigmoid(),
  tanh: (t) => t.tanh(),
  relu: (t) => t.relu(),
  leakyRelu: (t) => t.leakyRelu(0.1),
  softplus: (t) => t.softplus(),
  clamp: (t) => t.clamp(-0.5, 0.5),
  square: (t) => t.square(),
};

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log(`unary forwards on ${N} elements, ${CALLS} calls, median of ${REPEATS} runs (ns/element)`);
for (const [name, op] of Object.entries(ops)) {
  const times = [];
  noGrad(() => {
    for (let r = 0; r <= REPEATS; r++) {
      const t0 = process.hrtime.bigint();
      for (let c = 0; c < CALLS; c++) op(x);
      if (r > 0) times.push(Number(process.hrtime.bigint() - t0) / (CALLS * N));
    }
  });
  console.log(`  ${name.padEnd(10)} ${median(times).toFixed(3).padStart(7)}`);
}
