/**
 * Node-only helpers of @deltagrad/crosscheck: the seed sweep on worker threads.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolveConfig } from './config';
import { runSweepSync, type SeedOutcome, type SweepSummary, summarize } from './sweep';
import type { ExperimentConfig } from './types';

export { histogram, MSE_BINS, type SeedOutcome, type SweepSummary } from './sweep';

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** Worker threads (default: every core, `os.availableParallelism()`); 0 runs in this thread. */
  threads?: number;
  /** Called as each seed finishes (in completion order). */
  onOutcome?: (outcome: SeedOutcome) => void;
}

/**
 * Runs the experiment for every seed, spread over worker threads (one per core by default),
 * and classifies each run as converged (final MSE below `convergedBelow`) or stuck.
 *
 * @example
 * ```ts
 * const summary = await runSweep({ layers: [2, 2, 1] }, [0, 1, 2, 42]);
 * summary.stuck; // seeds whose final MSE stayed ≥ 0.01
 * ```
 */
export async function runSweep(
  config: Partial<ExperimentConfig>,
  seeds: readonly number[],
  opts: SweepOptions = {},
): Promise<SweepSummary> {
  resolveConfig(config);
  const threads = Math.min(opts.threads ?? availableParallelism(), seeds.length);
  if (threads <= 0) return runSweepSync(config, seeds, opts.onOutcome);
  // Deal seeds round-robin so every thread gets a similar mix.
  const chunks = Array.from({ length: threads }, (_, t) => seeds.filter((_, i) => i % threads === t));
  const outcomes: SeedOutcome[] = [];
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL('./sweep-worker.js', import.meta.url), {
            workerData: { config, seeds: chunk },
          });
          worker.on('message', (outcome: SeedOutcome) => {
            outcomes.push(outcome);
            opts.onOutcome?.(outcome);
          });
          worker.on('error', reject);
          worker.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`sweep worker exited with code ${code}`)),
          );
        }),
    ),
  );
  return summarize(outcomes);
}
