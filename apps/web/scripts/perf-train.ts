/**
 * The Node side of scripts/perf.mjs: the training the worker runs for a URL state, run flat out
 * (the same `experimentEvents` generator, one event per epoch, as in src/worker.ts).
 */
import { experimentEvents } from '@deltagrad/crosscheck';
import { parseHash, toConfig } from '../src/state';

/** Epochs per second of the run a URL hash describes, measured over about `seconds`. */
export function epochsPerSecond(hash: string, seconds: number): number {
  const { state, problems } = parseHash(hash);
  if (problems.length > 0) throw new Error(`bad hash: ${problems.join('; ')}`);
  const events = experimentEvents(toConfig(state));
  // Warm-up: let the JIT settle before timing.
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) events.next();
  const start = performance.now();
  const until = start + seconds * 1000;
  let epochs = 0;
  while (performance.now() < until) {
    for (let k = 0; k < 10; k++) events.next();
    epochs += 10;
  }
  return (epochs * 1000) / (performance.now() - start);
}
