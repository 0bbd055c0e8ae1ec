import { describe, expect, it } from 'vitest';
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

// The determinism contract: every path of deltagrad gives the plain loop's bits, step by step.
describe.each(WORKLOADS.map((w) => [w.name, w] as const))('workload %s', (name, w) => {
  const steps = STEPS[name] ?? 3;
  const reference = losses(plain, w, steps);

  it('eager core gives the plain loop’s losses to the bit', () => {
    expect(losses(core, w, steps).map((v, i) => Object.is(v, reference[i]))).not.toContain(false);
  });

  it('the compiled step gives the plain loop’s losses to the bit', () => {
    expect(losses(compiled, w, steps).map((v, i) => Object.is(v, reference[i]))).not.toContain(false);
  });
});
