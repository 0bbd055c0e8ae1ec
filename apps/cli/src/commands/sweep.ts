import {
  CrosscheckError,
  type ExperimentConfig,
  OUTCOME_NAMES,
  OUTCOMES,
  resolveConfig,
  type SweepSummary,
  summarize,
} from '@deltagrad/crosscheck';
import { histogram, MSE_BINS, runSweep, type SeedOutcome } from '@deltagrad/crosscheck/node';
import cliProgress from 'cli-progress';
import { EXIT } from '../errors';
import { checkMemory } from '../memory';
import type { Output } from '../output';

export interface SweepCommandOptions {
  seeds: number[];
  config: Partial<ExperimentConfig>;
  json: boolean;
  /** Worker threads (0: this thread). */
  threads: number;
  /** A worker silent for this long fails the sweep. */
  watchdogMs: number;
  /** Refuse the sweep if the runs its workers hold at once need more (MB). */
  memoryLimitMb: number;
}

/**
 * `deltagrad sweep --seeds a..b`: how each seed ends (learned, slow, stuck, diverged), and the
 * final-MSE histogram. With `--json` each seed's line is written as it finishes; Ctrl-C stops
 * the workers and still prints the summary of the seeds that finished (exit 130).
 */
export async function sweepCommand(opts: SweepCommandOptions, io: Output): Promise<number> {
  const config = resolveConfig(opts.config);
  checkMemory(config, {
    json: false,
    limitMb: opts.memoryLimitMb,
    workers: Math.max(1, Math.min(opts.threads, opts.seeds.length)),
  });
  const bar = io.interactive
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'sweeping {bar} {value}/{total} seeds',
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const outcomes: SeedOutcome[] = [];
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  bar?.start(opts.seeds.length, 0);
  let failure: unknown = null;
  try {
    await runSweep(config, opts.seeds, {
      threads: opts.threads,
      watchdogMs: opts.watchdogMs,
      signal: stop.signal,
      onOutcome: (outcome) => {
        outcomes.push(outcome);
        bar?.update(outcomes.length);
        if (opts.json) io.out(JSON.stringify(seedLine(outcome)));
      },
    });
  } catch (error) {
    const interrupted = stop.signal.aborted && error instanceof CrosscheckError && error.code === 'CANCELLED';
    if (!interrupted) failure = error;
  } finally {
    process.off('SIGINT', interrupt);
    bar?.stop();
  }
  // The seeds that finished are reported whatever stopped the others.
  const summary = summarize(outcomes);
  const stopped = stop.signal.aborted ? 'interrupted' : failure === null ? null : 'failed';
  if (opts.json) io.out(JSON.stringify(summaryLine(summary, opts.seeds.length, stopped)));
  else if (stopped !== 'failed' || summary.seeds > 0) printSummary(config, summary, opts.seeds, stopped, io);
  if (failure !== null) throw failure;
  return stopped === 'interrupted' ? EXIT.interrupted : EXIT.ok;
}

function seedLine({ seed, mse, converged, maxAbsGradDiff, outcome }: SeedOutcome) {
  return { type: 'seed', seed, mse, converged, maxAbsGradDiff, outcome };
}

function summaryLine(summary: SweepSummary, requested: number, stopped: 'interrupted' | 'failed' | null) {
  return {
    type: 'sweep',
    seeds: summary.seeds,
    converged: summary.converged,
    stuck: summary.stuck,
    counts: summary.counts,
    slow: summary.bySeed.slow,
    diverged: summary.bySeed.diverged,
    requested,
    stopped,
  };
}

function printSummary(
  config: ExperimentConfig,
  summary: SweepSummary,
  seeds: readonly number[],
  stopped: 'interrupted' | 'failed' | null,
  io: Output,
): void {
  const { bold, green, yellow } = io.color;
  io.out(
    `${bold('sweep')}: seeds ${seeds[0]}..${seeds.at(-1)}, layers ${config.layers.join(',')}, ${config.activation}, ${config.optimizer} lr ${config.lr}, ${config.epochs} epochs`,
  );
  if (stopped !== null) {
    io.out(yellow(`${stopped} after ${summary.seeds} of ${seeds.length} seeds: the summary covers those`));
  }
  const others = OUTCOME_NAMES.filter((name) => name !== 'learned')
    .map((name) => `${summary.counts[name]} ${name}`)
    .join(', ');
  io.out(
    `${green(`${summary.converged} of ${summary.seeds} learned`)} (final MSE < ${config.convergedBelow}); ${yellow(others)}`,
  );
  io.out('');
  io.out('final MSE');
  for (const line of histogramLines(summary.outcomes)) io.out(line);
  io.out('');
  for (const name of OUTCOME_NAMES.filter((n) => n !== 'learned')) {
    const list = summary.bySeed[name];
    io.out(`${name} seeds (${OUTCOMES[name].description}): ${list.length === 0 ? 'none' : list.join(', ')}`);
  }
}

function histogramLines(outcomes: readonly SeedOutcome[]): string[] {
  const counts = histogram(outcomes);
  const widest = Math.max(1, ...counts);
  let lower = 0;
  return counts.map((count, i) => {
    const upper = MSE_BINS[i]!;
    const label = Number.isFinite(upper) ? `[${lower}, ${upper})` : `≥ ${lower}`;
    lower = upper;
    const bar = '█'.repeat(Math.round((count / widest) * 40));
    return `  ${label.padEnd(14)} ${String(count).padStart(5)} ${bar}`;
  });
}
