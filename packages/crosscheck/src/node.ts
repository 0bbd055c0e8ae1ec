/**
 * Node-only helpers of @deltagrad/crosscheck: the seed sweep on worker threads.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolveConfig } from './config';
import { CrosscheckError } from './errors';
import { checkOption } from './options';
import { superviseWorkers } from './supervise';
import { runSweepSeed, type SeedOutcome, type SweepSummary, summarize } from './sweep';
import type { ExperimentConfig } from './types';

export { type SuperviseOptions, superviseWorkers } from './supervise';
export { histogram, MSE_BINS, type SeedOutcome, type SweepSummary } from './sweep';

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** Worker threads: an integer ≥ 0 (default: every core, `os.availableParallelism()`); 0 runs in this thread. */
  threads?: number;
  /** Called as each seed finishes (in completion order). */
  onOutcome?: (outcome: SeedOutcome) => void;
  /** Aborting stops every worker; the sweep rejects with `CANCELLED` (seeds already reported stay reported). */
  signal?: AbortSignal;
  /** A worker that reports nothing (no outcome, no sign of life) for this long fails the sweep. Default 60 000 ms. */
  watchdogMs?: number;
}

/** Messages of a sweep worker. */
type WorkerMessage = { type: 'outcome'; outcome: SeedOutcome } | { type: 'alive' };

/** A value in a message: numbers as JavaScript prints them (NaN, Infinity), the rest as JSON. */
const shown = (v: unknown) => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));

function invalid(message: string): never {
  throw new CrosscheckError('INVALID_OPTION', `runSweep: ${message}`);
}

/**
 * Runs the experiment for every seed, spread over worker threads (one per core by default), and
 * sums the outcomes (learned, slow, stuck, diverged). If a worker fails, or says nothing for
 * `watchdogMs`, every worker is stopped at once and the sweep rejects with `SWEEP_FAILED`.
 *
 * @throws {@link CrosscheckError} `INVALID_CONFIG` for a bad config or seed; `INVALID_OPTION`
 * for a bad `threads` or `watchdogMs` (before anything runs); `SWEEP_FAILED`; `CANCELLED`.
 *
 * @example
 * ```ts
 * const summary = await runSweep({ layers: [2, 2, 1] }, [0, 1, 2, 42]);
 * summary.counts; // { learned: 3, slow: 0, stuck: 1, diverged: 0 }
 * ```
 */
export async function runSweep(
  config: Partial<ExperimentConfig>,
  seeds: readonly number[],
  opts: SweepOptions = {},
): Promise<SweepSummary> {
  const base = resolveConfig(config);
  for (const seed of seeds) checkOption('seed', seed);
  const threads = opts.threads ?? availableParallelism();
  if (!Number.isSafeInteger(threads) || threads < 0)
    invalid(`option threads must be an integer ≥ 0; got ${shown(threads)}`);
  const watchdogMs = opts.watchdogMs ?? 60_000;
  if (typeof watchdogMs !== 'number' || !Number.isFinite(watchdogMs) || watchdogMs <= 0)
    invalid(`option watchdogMs must be a finite positive number; got ${shown(watchdogMs)}`);

  const outcomes: SeedOutcome[] = [];
  const report = (outcome: SeedOutcome) => {
    outcomes.push(outcome);
    opts.onOutcome?.(outcome);
  };
  const workers = Math.min(threads, seeds.length);
  if (workers === 0) {
    for (const seed of seeds) {
      if (opts.signal?.aborted) throw new CrosscheckError('CANCELLED', 'runSweep: cancelled');
      report(runSweepSeed(base, seed));
      // A turn for the event loop between seeds, so an abort (Ctrl-C) is seen.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return summarize(outcomes);
  }
  // Deal seeds round-robin so every thread gets a similar mix.
  const chunks = Array.from({ length: workers }, (_, t) => seeds.filter((_, i) => i % workers === t));
  const pool = chunks.map(
    (chunk) =>
      new Worker(new URL('./sweep-worker.js', import.meta.url), {
        workerData: { config: base, seeds: chunk, heartbeatMs: watchdogMs / 4 },
      }),
  );
  await superviseWorkers<WorkerMessage>(pool, {
    watchdogMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onMessage: (message) => {
      if (message.type === 'outcome') report(message.outcome);
    },
  });
  return summarize(outcomes);
}
