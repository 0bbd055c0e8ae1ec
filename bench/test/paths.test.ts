import { setKernels } from '@deltagrad/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as compiled from '../src/peers/compiled.mjs';
import * as core from '../src/peers/core.mjs';
import * as plain from '../src/peers/plain.mjs';
import { WORKLOADS } from '../src/workloads.mjs';

/** Steps per workload here: enough for the loss to depend on every earlier update. */
const STEPS: Record<string, number> = { seed: 200, wide: 3, deep: 3, mnist: 3 };

/** The loss after each step of `peer` on workload `w`. */
function losses(
  peer: { setup: (w: unknown) => { step(): void; loss(): number } },
  w: unknown,
  steps: number,
) {
  const run = peer.setup(w);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    run.step();
    out.push(run.loss());
  }
  return out;
}

afterEach(() => setKernels('js'));

const PATHS = [
  ['eager', 'js', core],
  ['eager', 'wasm', core],
  ['compiled', 'js', compiled],
  ['compiled', 'wasm', compiled],
] as const;

// The determinism contract: every path of deltagrad (eager or compiled, JS or WASM kernels)
// gives the plain loop's losses, step by step, to the bit.
describe.each(WORKLOADS.map((w) => [w.name, w] as const))('workload %s', (name, w) => {
  const steps = STEPS[name] ?? 3;
  const reference = losses(plain, w, steps);

  it.each(PATHS)('%s with %s kernels gives the plain loop’s losses to the bit', (_, kernels, peer) => {
    setKernels(kernels);
    expect(losses(peer, w, steps).map((v, i) => Object.is(v, reference[i]))).not.toContain(false);
  });
});
