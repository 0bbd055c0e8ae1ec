import { type ExperimentConfig, OUTCOME_NAMES, OUTCOMES, resolveConfig } from '@deltagrad/crosscheck';
import { histogram, MSE_BINS, runSweep, type SeedOutcome } from '@deltagrad/crosscheck/node';
import cliProgress from 'cli-progress';
import type { Output } from '../output';

/** `deltagrad sweep --seeds a..b`: how each seed ends (learned, slow, stuck, diverged), and the final-MSE histogram. */
export async function sweepCommand(
  opts: { seeds: number[]; config: Partial<ExperimentConfig>; json: boolean; threads?: number },
  io: Output,
): Promise<number> {
  const config = resolveConfig(opts.config);
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
  bar?.start(opts.seeds.length, 0);
  let done = 0;
  const summary = await runSweep(config, opts.seeds, {
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    onOutcome: () => bar?.update(++done),
  }).finally(() => bar?.stop());
  if (opts.json) {
    for (const { seed, mse, converged, maxAbsGradDiff, outcome } of summary.outcomes) {
      io.out(JSON.stringify({ type: 'seed', seed, mse, converged, maxAbsGradDiff, outcome }));
    }
    io.out(
      JSON.stringify({
        type: 'sweep',
        seeds: summary.seeds,
        converged: summary.converged,
        stuck: summary.stuck,
        counts: summary.counts,
        slow: summary.bySeed.slow,
        diverged: summary.bySeed.diverged,
      }),
    );
    return 0;
  }
  const { bold, green, yellow } = io.color;
  const first = opts.seeds[0];
  const last = opts.seeds.at(-1);
  io.out(
    `${bold('sweep')}: seeds ${first}..${last}, layers ${config.layers.join(',')}, ${config.activation}, ${config.optimizer} lr ${config.lr}, ${config.epochs} epochs`,
  );
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
    const seeds = summary.bySeed[name];
    io.out(
      `${name} seeds (${OUTCOMES[name].description}): ${seeds.length === 0 ? 'none' : seeds.join(', ')}`,
    );
  }
  return 0;
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
