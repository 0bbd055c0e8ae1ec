import {
  type EpochEvent,
  type ExperimentConfig,
  formatEpochLine,
  formatPredictions,
  type ResultEvent,
  resolveConfig,
  runExperiment,
} from '@deltagrad/crosscheck';
import cliProgress from 'cli-progress';
import { type Output, sci } from '../output';

/** Gradients agree when they differ by at most this much, everywhere, at every epoch. */
export const AGREEMENT_TOLERANCE = 1e-12;

export interface XorOptions {
  config: Partial<ExperimentConfig>;
  json: boolean;
  quiet: boolean;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** `deltagrad xor`: train in lockstep, print the seed's lines, the predictions and the verdict. */
export async function xorCommand(opts: XorOptions, io: Output): Promise<number> {
  const config = resolveConfig(opts.config);
  // Ask for events often enough to move a progress bar, but always on the printed epochs.
  const step = io.interactive
    ? gcd(config.every, Math.max(1, Math.floor(config.epochs / 100)))
    : config.every;
  const bar = io.interactive
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'training {bar} {value}/{total} epochs  MSE {mse}',
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let mse = '—';
  let done = 0;
  bar?.start(config.epochs, 0, { mse });
  // With both streams on one terminal, a line printed under a live bar would be overwritten (the
  // bar returns to where it started): take the bar down, print, and put it back below the line.
  const print = (line: string) => {
    if (!bar || !process.stdout.isTTY) return io.out(line);
    bar.stop();
    io.out(line);
    bar.start(config.epochs, done, { mse });
  };
  if (opts.json) io.out(JSON.stringify({ type: 'config', ...config }));
  let result: ResultEvent | undefined;
  try {
    for await (const event of runExperiment({ ...config, every: step }, { yieldEveryMs: 0 })) {
      if (event.type === 'result') {
        result = event;
        continue;
      }
      done = event.epoch + 1;
      mse = event.mse.toFixed(4);
      bar?.update(done, { mse });
      if (event.epoch % config.every !== 0) continue;
      if (opts.json) io.out(JSON.stringify(epochLine(event)));
      else if (!opts.quiet) print(formatEpochLine(event.epoch, event.mse));
    }
  } finally {
    bar?.stop();
  }
  const r = result!;
  if (opts.json) {
    io.out(JSON.stringify(resultLine(r)));
  } else {
    if (!opts.quiet) {
      io.out('预测结果：');
      io.out(formatPredictions(r.predictions));
      io.out('');
    }
    for (const line of verdict(config, r, io, opts.quiet)) io.out(line);
  }
  const agreed = r.maxAbsGradDiff === null || r.maxAbsGradDiff <= AGREEMENT_TOLERANCE;
  return agreed ? 0 : 1;
}

function epochLine(e: EpochEvent) {
  return {
    type: 'epoch',
    epoch: e.epoch,
    loss: e.loss,
    mse: e.mse,
    maxAbsGradDiff: e.maxAbsGradDiff,
    maxRelGradDiff: e.maxRelGradDiff,
  };
}

function resultLine(r: ResultEvent) {
  return {
    type: 'result',
    epochs: r.epochs,
    params: r.params,
    predictions: r.predictions,
    mse: r.mse,
    maxAbsGradDiff: r.maxAbsGradDiff,
    maxRelGradDiff: r.maxRelGradDiff,
    maxParamDrift: r.maxParamDrift,
    converged: r.converged,
  };
}

function verdict(config: ExperimentConfig, r: ResultEvent, io: Output, quiet: boolean): string[] {
  const { bold, green, red, yellow, dim } = io.color;
  const lossName = { halfSSE: 'L = ½·Σ(y − ŷ)²', mse: 'L = mean (y − ŷ)²', bce: 'binary cross-entropy' }[
    config.loss
  ];
  // With --quiet no epoch lines were printed, so there is no "Loss" above to explain.
  const lines = quiet
    ? []
    : [dim(`"Loss" above is the mean squared error, as the seed prints it; gradients are of ${lossName}.`)];
  if (r.maxAbsGradDiff === null) {
    lines.push(`${bold('method')}: ${config.method} only — no comparison`);
  } else {
    const ok = r.maxAbsGradDiff <= AGREEMENT_TOLERANCE;
    const mark = ok ? green(`agree (≤ ${AGREEMENT_TOLERANCE})`) : red(`DISAGREE (> ${AGREEMENT_TOLERANCE})`);
    lines.push(
      `${bold('autodiff vs δ equations')}: max |Δgrad| ${sci(r.maxAbsGradDiff)}, max relative ${sci(r.maxRelGradDiff)} over ${r.epochs} epochs × ${(config.layers.length - 1) * 2} parameter tensors — ${mark}`,
    );
    lines.push(`${bold('parameter drift')} after the last update: ${sci(r.maxParamDrift)}`);
  }
  if (r.maxFiniteDifferenceError !== null) {
    lines.push(`${bold('finite differences')}: max |autodiff − numeric| ${sci(r.maxFiniteDifferenceError)}`);
  }
  const learned = r.converged
    ? green(`yes — final MSE ${r.mse.toFixed(4)} < ${config.convergedBelow}`)
    : yellow(
        `no — final MSE ${r.mse.toFixed(4)} ≥ ${config.convergedBelow} after ${r.epochs} epochs (stuck in a local minimum, or too few epochs: try another --seed or more --epochs)`,
      );
  // XOR for the truth table (the seed's question); any other dataset is named as it is.
  lines.push(`${bold(config.dataset === 'xor' ? 'XOR learned' : `${config.dataset} learned`)}: ${learned}`);
  return lines;
}
