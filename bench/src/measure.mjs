#!/usr/bin/env node
// One measurement in its own process: `node src/measure.mjs <workload> <peer>` runs the
// workload's warm-up steps, then times its measured steps, and prints one JSON line:
// { usPerStep, loss, gcs, gcMs } (the loss of the last step, for the bit-identity check, and
// the garbage collections during the timed steps: how much the step allocates).
// DELTAGRAD_BENCH_KERNELS=wasm switches @deltagrad/core to its WebAssembly kernels first.
import { PerformanceObserver } from 'node:perf_hooks';
import { setKernels } from '@deltagrad/core';
import { workloadNamed } from './workloads.mjs';

if (process.env.DELTAGRAD_BENCH_KERNELS) setKernels(process.env.DELTAGRAD_BENCH_KERNELS);

const [workloadName, peerName] = process.argv.slice(2);
const workload = workloadNamed(workloadName);
const peer = await import(`./peers/${peerName}.mjs`);
const run = await peer.setup(workload);
for (let i = 0; i < workload.warmup; i++) await run.step();
await run.sync?.();
let gcs = 0;
let gcMs = 0;
let timing = false;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!timing) continue;
    gcs++;
    gcMs += entry.duration;
  }
});
observer.observe({ entryTypes: ['gc'] });
timing = true;
const start = process.hrtime.bigint();
for (let i = 0; i < workload.steps; i++) await run.step();
await run.sync?.();
const ns = Number(process.hrtime.bigint() - start);
// GC entries arrive asynchronously: let them in before reading the counts.
await new Promise((resolve) => setTimeout(resolve, 0));
timing = false;
observer.disconnect();
process.stdout.write(
  `${JSON.stringify({ usPerStep: ns / 1000 / workload.steps, loss: await run.loss(), gcs, gcMs })}\n`,
);
