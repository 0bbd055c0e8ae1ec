import { totalmem } from 'node:os';
import { type ExperimentConfig, estimateMemory } from '@deltagrad/crosscheck/options';
import { UsageError } from './errors';
import { bytes } from './output';

/** What a JavaScript string can hold (V8: 2^29 − 24 characters). */
const MAX_STRING = 2 ** 29 - 24;

/** This machine's memory, or the container's limit when there is one. */
function machineMemory(): number {
  // 0 (or, on some systems, a huge number) when no container limit applies.
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 ? Math.min(limit, totalmem()) : totalmem();
}

/** The default of --memory-limit: 80% of the machine's memory, in MB. */
export function defaultMemoryLimitMb(): number {
  return Math.floor((machineMemory() * 0.8) / 1e6);
}

/**
 * Refuses, before anything is allocated, a run whose estimated memory (times the workers that
 * hold one run each) exceeds `limitMb`, or whose JSON result line could not be a string.
 *
 * @throws UsageError naming the estimate, the limit and what to change.
 */
export function checkMemory(
  config: ExperimentConfig,
  opts: { json: boolean; limitMb: number; workers?: number },
): void {
  const workers = opts.workers ?? 1;
  const estimate = estimateMemory(config, { json: opts.json });
  const need = estimate.bytes * workers;
  const limit = opts.limitMb * 1e6;
  const each = workers > 1 ? ` (${workers} workers × ${bytes(estimate.bytes)})` : '';
  if (need > limit) {
    throw new UsageError(
      `this run needs about ${bytes(need)}${each} for ${estimate.parameters.toLocaleString('en-US')} parameters, more than the memory limit of ${bytes(limit)} (--memory-limit in MB; default 80% of this machine's ${bytes(machineMemory())}): use smaller --layers${workers > 1 ? ' or fewer --threads' : ''}`,
    );
  }
  if (estimate.jsonChars > MAX_STRING) {
    throw new UsageError(
      `--json would write ${estimate.parameters.toLocaleString('en-US')} final parameters on one line of up to ${bytes(estimate.jsonChars)}, longer than a JavaScript string can be (${bytes(MAX_STRING)}): use text output or smaller --layers`,
    );
  }
}
