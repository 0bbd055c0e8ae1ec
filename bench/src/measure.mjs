#!/usr/bin/env node
// One measurement in its own process: `node src/measure.mjs <workload> <peer>` runs the
// workload's warm-up steps, then times its measured steps, and prints one JSON line:
// { steps, usPerStep, wallMedianUs, cpuUsPerStep, loss, gcs, gcMs }:
// - usPerStep: the timed steps' wall time over their count (the mean);
// - wallMedianUs: the median over chunks of steps (summary.mjs, chunkSizes) of the wall time per
//   step, which leaves out the chunks another process interrupted;
// - cpuUsPerStep: the process's CPU time (process.cpuUsage, user + system) over the timed steps,
//   per step. It counts every thread of the process: the main one and V8's helpers (parallel and
//   concurrent GC, background compilation), so work a path hands to them is counted too. (A
//   main-thread-only figure would need process.threadCpuUsage, Node ≥ 23.9; Linux's per-thread
//   /proc schedstat lags the running thread by up to a scheduler tick, too coarse for the seed
//   net's ≈ 10 ms of timed steps);
// - loss: the last step's, for the bit-identity check; gcs, gcMs: the garbage collections during
//   the timed steps and their pauses (how much the step allocates);
// - faultsPerStep: the process's minor page faults over the timed steps, per step: first touches
//   of memory the allocator had to get fresh from the kernel. A step that allocates big arrays
//   (the eager mnist step: three new 784×128 arrays, 196 pages each) faults on every page until
//   a GC frees the previous steps' arrays for reuse; in this Firecracker VM a fault costs
//   ≈ 12 µs, so ≈ 590 faults turn a 2.5 ms step into a 10 ms one (not counted as GC time).
// DELTAGRAD_BENCH_KERNELS=wasm switches @deltagrad/core to its WebAssembly kernels first.
import { PerformanceObserver } from 'node:perf_hooks';
import { setKernels } from '@deltagrad/core';
import { chunkSizes, medianStepUs } from './summary.mjs';
import { workloadNamed } from './workloads.mjs';

if (process.env.DELTAGRAD_BENCH_KERNELS) setKernels(process.env.DELTAGRAD_BENCH_KERNELS);

const [workloadName, peerName] = process.argv.slice(2);
const workload = workloadNamed(workloadName);
const peer = await import(`./peers/${peerName}.mjs`);
const run = await peer.setup(workload);
/**
 * Runs `n` steps. Every peer's step is synchronous (tfjs's queues its work and has sync()): no
 * await per step, which would allocate a promise and run a microtask turn in every step. The
 * warm-up runs through this same function, chunk by chunk, so V8 has compiled it (and the loop
 * in it) before the timed steps: compiling it then would add its compiler thread's CPU time.
 */
function steps(n) {
  for (let i = 0; i < n; i++) run.step();
}
const sizes = chunkSizes(workload.steps);
for (let done = 0; done < workload.warmup; done += sizes[0])
  steps(Math.min(sizes[0], workload.warmup - done));
await run.sync?.();
// A pause before timing, for V8's background threads to finish what the warm-up started:
// TurboFan compiles the step's functions concurrently (backward's took 16 ms, longer than the seed
// net's whole warm-up), and the timed steps' CPU time would count it. Measured on the plain seed
// loop (load 1.6): CPU time per step 0.43–0.86 µs without the pause, 0.43–0.47 µs with it, its
// wall time 0.42–0.49 µs either way; with node --single-threaded CPU time equals wall time.
await new Promise((resolve) => setTimeout(resolve, 100));
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
const chunkNs = new Array(sizes.length);
timing = true;
const faultsStart = process.resourceUsage().minorPageFault;
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
let chunkStart = start;
for (let c = 0; c < sizes.length; c++) {
  steps(sizes[c]);
  await run.sync?.();
  const now = process.hrtime.bigint();
  chunkNs[c] = Number(now - chunkStart);
  chunkStart = now;
}
const cpu = process.cpuUsage(cpuStart);
const faults = process.resourceUsage().minorPageFault - faultsStart;
const ns = Number(chunkStart - start);
// GC entries arrive asynchronously: let them in before reading the counts.
await new Promise((resolve) => setTimeout(resolve, 0));
timing = false;
observer.disconnect();
const count = workload.steps;
process.stdout.write(
  `${JSON.stringify({
    steps: count,
    usPerStep: ns / 1000 / count,
    wallMedianUs: medianStepUs(chunkNs, sizes),
    cpuUsPerStep: (cpu.user + cpu.system) / count,
    loss: await run.loss(),
    gcs,
    gcMs,
    faultsPerStep: faults / count,
  })}\n`,
);
