#!/usr/bin/env node
// One digits-epoch measurement in its own process: `node src/digits/measure.mjs <fit|loop|plain>`
// runs DIGITS.warmup + DIGITS.epochs epochs and prints one JSON line { msPerEpoch, loss, params }:
// the mean time of the timed epochs, the last epoch's training loss, and a fingerprint of the
// final parameters' bits (for the bit-identity check).
// DELTAGRAD_BENCH_KERNELS=wasm switches @deltagrad/core to its WebAssembly kernels first.
import { setKernels } from '@deltagrad/core';
import { fingerprint, PEERS } from './peers.mjs';
import { DIGITS, digitsSetup } from './workload.mjs';

if (process.env.DELTAGRAD_BENCH_KERNELS) setKernels(process.env.DELTAGRAD_BENCH_KERNELS);

const peer = PEERS[process.argv[2]];
if (!peer) {
  console.error(`digits measure: unknown peer ${process.argv[2]} (${Object.keys(PEERS).join(', ')})`);
  process.exit(2);
}
const { ms, losses, params } = peer(await digitsSetup(), DIGITS.warmup + DIGITS.epochs);
const timed = ms.slice(DIGITS.warmup);
process.stdout.write(
  `${JSON.stringify({
    msPerEpoch: timed.reduce((a, b) => a + b, 0) / timed.length,
    loss: losses.at(-1),
    params: fingerprint(params),
  })}\n`,
);
