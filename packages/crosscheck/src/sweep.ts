import { resolveConfig, withOptions } from './config';
import { CrosscheckError } from './errors';
import { type EventOptions, experimentEvents } from './experiment';
import { OUTCOME_NAMES, type OutcomeName } from './outcome';
import type { ExperimentConfig, ResultEvent } from './types';

/** How one seed of a sweep ended. */
export interface SeedOutcome {
  seed: number;
  /** learned, slow, stuck or diverged (see {@link OUTCOMES}). */
  outcome: OutcomeName;
  /** MSE of the last forward pass (for a diverged run: of the pass that was not finite). */
  mse: number;
  /** The outcome is `learned` (final MSE below `convergedBelow`). */
  converged: boolean;
  /** The outcome is `diverged`. */
  diverged: boolean;
  /** Max |Δgrad| between the methods over the run (null when one method ran). */
  maxAbsGradDiff: number | null;
  /** Final parameters in the seed's layout (W1 in×out, b1 1×out, …), as in the result event (the last finite ones when diverged). */
  params: ResultEvent['params'];
  /** The last epoch's forward-pass outputs, one per example. */
  predictions: number[];
}

/** The whole sweep: outcomes in seed order, counted and listed by outcome. */
export interface SweepSummary {
  seeds: number;
  /** Seeds that learned (the count of `learned`). */
  converged: number;
  /** How many seeds ended each way. */
  counts: Record<OutcomeName, number>;
  /** The seeds that ended each way, ascending. */
  bySeed: Record<OutcomeName, number[]>;
  /** The seeds stuck in a local minimum or on a plateau (`bySeed.stuck`). */
  stuck: number[];
  outcomes: SeedOutcome[];
}

/** The sweep record of a run's result. */
function outcomeOf(seed: number, r: ResultEvent): SeedOutcome {
  const { outcome, mse, maxAbsGradDiff, params, predictions } = r;
  return {
    seed,
    outcome,
    mse,
    converged: outcome === 'learned',
    diverged: outcome === 'diverged',
    maxAbsGradDiff,
    params,
    predictions,
  };
}

/**
 * Runs one seed of a sweep in this thread: the experiment of `config` with `seed` for its
 * weights (the data keeps `config.dataSeed`). A diverged run is an outcome, not an error.
 *
 * @example
 * ```ts
 * runSweepSeed(resolveConfig({ epochs: 5000 }), 40).outcome; // 'slow'
 * ```
 */
export function runSweepSeed(
  config: Partial<ExperimentConfig>,
  seed: number,
  opts: Pick<EventOptions, 'onEpoch'> = {},
): SeedOutcome {
  const base = resolveConfig(config);
  const run = withOptions(base, { seed, every: base.epochs });
  try {
    const events = experimentEvents(run, opts);
    for (;;) {
      const next = events.next();
      if (next.done) return outcomeOf(seed, next.value);
    }
  } catch (error) {
    if (error instanceof CrosscheckError && error.code === 'DIVERGED' && error.result)
      return outcomeOf(seed, error.result);
    throw error;
  }
}

/** Sums outcomes (in any order) into a summary in seed order. */
export function summarize(outcomes: readonly SeedOutcome[]): SweepSummary {
  const sorted = [...outcomes].sort((a, b) => a.seed - b.seed);
  const bySeed = Object.fromEntries(
    OUTCOME_NAMES.map((name) => [name, sorted.filter((o) => o.outcome === name).map((o) => o.seed)]),
  ) as Record<OutcomeName, number[]>;
  const counts = Object.fromEntries(OUTCOME_NAMES.map((name) => [name, bySeed[name].length])) as Record<
    OutcomeName,
    number
  >;
  return {
    seeds: sorted.length,
    converged: counts.learned,
    counts,
    bySeed,
    stuck: bySeed.stuck,
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
  const base = resolveConfig(config);
  return summarize(
    seeds.map((seed) => {
      const outcome = runSweepSeed(base, seed);
      onOutcome?.(outcome);
      return outcome;
    }),
  );
}

/**
 * Final-MSE histogram bins (upper bounds, ascending; the last bin is open): where learned and
 * other runs fall. Diverged runs have no final MSE and are not binned.
 */
export const MSE_BINS = [0.001, 0.01, 0.05, 0.1, 0.2, Number.POSITIVE_INFINITY] as const;

/** Counts of the finite outcomes per {@link MSE_BINS} bin. */
export function histogram(outcomes: readonly SeedOutcome[]): number[] {
  const counts = MSE_BINS.map(() => 0);
  for (const o of outcomes) {
    if (o.diverged) continue;
    const bin = MSE_BINS.findIndex((upper) => o.mse < upper);
    counts[bin === -1 ? counts.length - 1 : bin]!++;
  }
  return counts;
}
