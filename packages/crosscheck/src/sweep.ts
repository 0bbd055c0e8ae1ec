import { resolveConfig } from './config';
import { CrosscheckError } from './errors';
import { rows, runExperimentSync } from './experiment';
import { initialParams } from './init';
import type { ExperimentConfig, ResultEvent } from './types';

/** How one seed of a sweep ended. */
export interface SeedOutcome {
  seed: number;
  /** MSE of the last epoch's forward pass. */
  mse: number;
  converged: boolean;
  /** The run diverged (its loss or gradients stopped being finite): mse is Infinity, not converged. */
  diverged: boolean;
  /** Max |Δgrad| between the methods over the run (null when one method ran). */
  maxAbsGradDiff: number | null;
  /** Final parameters in the seed's layout (W1 in×out, b1 1×out, …), as in the result event (the initial ones when diverged). */
  params: ResultEvent['params'];
  /** The last epoch's forward-pass outputs, one per example. */
  predictions: number[];
}

/** The whole sweep: outcomes in seed order, and the seeds that did not converge. */
export interface SweepSummary {
  seeds: number;
  converged: number;
  stuck: number[];
  outcomes: SeedOutcome[];
}

/** Runs one seed of a sweep (in this thread). */
export function runSeed(config: Partial<ExperimentConfig>, seed: number): SeedOutcome {
  let result: ResultEvent;
  try {
    result = runExperimentSync({ ...config, seed });
  } catch (error) {
    if (!(error instanceof CrosscheckError && error.code === 'DIVERGED')) throw error;
    const start = initialParams(resolveConfig({ ...config, seed }));
    const params = Object.fromEntries(
      start.flatMap((p, l) => [
        [`W${l + 1}`, rows(p.W, p.inputs, p.outputs)],
        [`b${l + 1}`, rows(p.b, 1, p.outputs)],
      ]),
    );
    return {
      seed,
      mse: Infinity,
      converged: false,
      diverged: true,
      maxAbsGradDiff: null,
      params,
      predictions: [],
    };
  }
  const { mse, converged, maxAbsGradDiff, params, predictions } = result;
  return { seed, mse, converged, diverged: false, maxAbsGradDiff, params, predictions };
}

/** Sums outcomes (in any order) into a summary in seed order. */
export function summarize(outcomes: readonly SeedOutcome[]): SweepSummary {
  const sorted = [...outcomes].sort((a, b) => a.seed - b.seed);
  return {
    seeds: sorted.length,
    converged: sorted.filter((o) => o.converged).length,
    stuck: sorted.filter((o) => !o.converged).map((o) => o.seed),
    outcomes: sorted,
  };
}

/**
 * Runs every seed in this thread, one after another (browsers, Web Workers, tests). Node
 * programs use `runSweep` from `@deltagrad/crosscheck/node`, which spreads seeds over cores.
 */
export function runSweepSync(
  config: Partial<ExperimentConfig>,
  seeds: readonly number[],
  onOutcome?: (outcome: SeedOutcome) => void,
): SweepSummary {
  resolveConfig(config);
  return summarize(
    seeds.map((seed) => {
      const outcome = runSeed(config, seed);
      onOutcome?.(outcome);
      return outcome;
    }),
  );
}

/**
 * Final-MSE histogram bins (upper bounds, ascending; the last bin is open): where converged and
 * stuck runs fall.
 */
export const MSE_BINS = [0.001, 0.01, 0.05, 0.1, 0.2, Number.POSITIVE_INFINITY] as const;

/** Counts of outcomes per {@link MSE_BINS} bin. */
export function histogram(outcomes: readonly SeedOutcome[]): number[] {
  const counts = MSE_BINS.map(() => 0);
  for (const o of outcomes) {
    const bin = MSE_BINS.findIndex((upper) => o.mse < upper);
    counts[bin === -1 ? counts.length - 1 : bin]!++;
  }
  return counts;
}
