#!/usr/bin/env node
// One measurement in its own process: `node src/measure.mjs <workload> <peer>` runs the
// workload's warm-up steps, then times its measured steps, and prints one JSON line:
// { usPerStep, loss } (the loss of the last step, for the bit-identity check).
// DELTAGRAD_BENCH_KERNELS=wasm switches @deltagrad/core to its WebAssembly kernels first.
import { setKernels } from '@deltagrad/core';
import { workloadNamed } from './workloads.mjs';

if (process.env.DELTAGRAD_BENCH_KERNELS) setKernels(process.env.DELTAGRAD_BENCH_KERNELS);

const [workloadName, peerName] = process.argv.slice(2);
const workload = workloadNamed(workloadName);
const peer = await import(`./peers/${peerName}.mjs`);
const run = await peer.setup(workload);
for (let i = 0; i < workload.warmup; i++) await run.step();
await run.sync?.();
const start = process.hrtime.bigint();
for (let i = 0; i < workload.steps; i++) await run.step();
await run.sync?.();
const ns = Number(process.hrtime.bigint() - start);
process.stdout.write(
  `${JSON.stringify({ usPerStep: ns / 1000 / workload.steps, loss: await run.loss() })}\n`,
);
