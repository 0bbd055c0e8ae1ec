import {
  AGREEMENT_TOLERANCE,
  CrosscheckError,
  configRecord,
  type ExperimentConfig,
  epochRecord,
  formatEpochLine,
  formatPredictions,
  GRADIENT_METHODS,
  LOSS_INFO,
  methodsOf,
  OUTCOMES,
  PREDICTIONS_HEADING,
  paramKeys,
  type ResultEvent,
  resolveConfig,
  resultRecord,
  runExperiment,
  withOptions,
} from '@deltagrad/crosscheck';
import { checkMemory } from '../memory';
import { type Output, sci } from '../output';

export interface XorOptions {
  config: Partial<ExperimentConfig>;
  json: boolean;
  quiet: boolean;
  /** Refuse the run if its estimated memory is larger (MB). */
  memoryLimitMb: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** `deltagrad xor`: train in lockstep, print the seed's lines, the predictions and the verdict. */
export async function xorCommand(opts: XorOptions, io: Output): Promise<number> {
  const config = resolveConfig(opts.config);
  checkMemory(config, { json: opts.json, limitMb: opts.memoryLimitMb });
  // Ask for events often enough to move a progress bar, but always on the printed epochs.
  const step = io.interactive
    ? gcd(config.every, Math.max(1, Math.floor(config.epochs / 100)))
    : config.every;
  // The progress bar's module loads only on a terminal: piped or JSON runs never pay for it.
  const cliProgress = io.interactive ? (await import('cli-progress')).default : null;
  const bar = cliProgress
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
  if (opts.json) io.out(JSON.stringify(configRecord(config)));
  let result: ResultEvent | undefined;
  try {
    for await (const event of runExperiment(withOptions(config, { every: step }), { yieldEveryMs: 0 })) {
      if (event.type === 'result') {
        result = event;
        continue;
      }
      done = event.epoch + 1;
      mse = event.mse.toFixed(4);
      bar?.update(done, { mse });
      if (event.epoch % config.every !== 0) continue;
      if (opts.json) io.out(JSON.stringify(epochRecord(event)));
      else if (!opts.quiet) print(formatEpochLine(event.epoch, event.mse));
    }
  } catch (error) {
    // A diverged run still ends with its record, then fails with the one-line reason.
    if (opts.json && error instanceof CrosscheckError && error.result)
      io.out(JSON.stringify(resultRecord(error.result)));
    throw error;
  } finally {
    bar?.stop();
  }
  const r = result!;
  if (opts.json) {
    io.out(JSON.stringify(resultRecord(r)));
  } else {
    if (!opts.quiet) {
      io.out(PREDICTIONS_HEADING);
      io.out(formatPredictions(r.predictions));
      io.out('');
    }
    for (const line of verdict(config, r, io, opts.quiet)) io.out(line);
  }
  return agreed(r) === false ? 1 : 0;
}

/** Whether the methods agreed within the tolerance at every epoch (null with one method). */
function agreed(r: ResultEvent): boolean | null {
  return r.maxAbsGradDiff === null ? null : r.maxAbsGradDiff <= AGREEMENT_TOLERANCE;
}

/** Why a run that did not learn ended as it did, and what to try. */
function explain(config: ExperimentConfig, r: ResultEvent): string {
  const points = r.predictions.length;
  const gradient = `max |∂L/∂θ| ${sci(r.finalMaxAbsGrad)}`;
  const { advice } = OUTCOMES[r.outcome];
  if (r.outcome === 'stuck') {
    return `stuck: ${r.wrongPoints} of ${points} points wrong and the gradient vanishing, ${gradient} ≤ ${config.vanishingGradient}·L — a local minimum or a plateau; ${advice}`;
  }
  return r.wrongPoints === 0
    ? `slow: every point on the right side, the loss above the bar; ${advice}`
    : `slow: ${r.wrongPoints} of ${points} points wrong, but the gradient still large, ${gradient} > ${config.vanishingGradient}·L; ${advice}`;
}

function verdict(config: ExperimentConfig, r: ResultEvent, io: Output, quiet: boolean): string[] {
  const { bold, green, red, yellow, dim } = io.color;
  // With --quiet no epoch lines were printed, so there is no "Loss" above to explain.
  const lines = quiet
    ? []
    : [
        dim(
          `"Loss" above is the mean squared error, as the seed prints it; gradients are of ${LOSS_INFO[config.loss].formula}.`,
        ),
      ];
  const methods = methodsOf(config);
  if (r.maxAbsGradDiff === null) {
    lines.push(`${bold('method')}: ${methods[0]} only — no comparison`);
  } else {
    const tensors = paramKeys(config.layers.length - 1).length;
    const reference = GRADIENT_METHODS[methods[0]!].label;
    // One line per method against the reference: the δ equations agree to the bit, forward mode to rounding.
    for (const m of methods.slice(1)) {
      const a = r.byMethod?.[m];
      if (a === undefined) continue;
      const mark =
        a.maxAbsGradDiff <= AGREEMENT_TOLERANCE
          ? green(`agree (max |Δgrad| ≤ ${AGREEMENT_TOLERANCE})`)
          : red(`DISAGREE (max |Δgrad| > ${AGREEMENT_TOLERANCE})`);
      lines.push(
        `${bold(`${reference} vs ${GRADIENT_METHODS[m].label}`)}: max |Δgrad| ${sci(a.maxAbsGradDiff)}, max relative ${sci(a.maxRelGradDiff)} over ${r.epochs} epochs × ${tensors} parameter tensors — ${mark}`,
      );
    }
    const drifts = methods
      .slice(1)
      .map((m) => `${GRADIENT_METHODS[m].label} ${sci(r.byMethod?.[m]?.maxParamDrift ?? Number.NaN)}`);
    lines.push(`${bold('parameter drift')} from ${reference} after the last update: ${drifts.join(', ')}`);
    const first = r.firstDisagreement;
    if (first)
      lines.push(
        `${bold('first disagreement')}: epoch ${first.epoch}, ${first.params.join(', ')} (output layer first)`,
      );
  }
  if (r.maxFiniteDifferenceError !== null) {
    const reference = GRADIENT_METHODS[methods[0]!].label;
    lines.push(
      `${bold('finite differences')}: max |${reference} − numeric| ${sci(r.maxFiniteDifferenceError)}`,
    );
  }
  const learned =
    r.outcome === 'learned'
      ? green(`yes — final MSE ${r.mse.toFixed(4)} < ${config.convergedBelow}`)
      : yellow(
          `no — final MSE ${r.mse.toFixed(4)} ≥ ${config.convergedBelow} after ${r.epochs} epochs (${explain(config, r)})`,
        );
  // XOR for the truth table (the seed's question); any other dataset is named as it is.
  lines.push(`${bold(config.dataset === 'xor' ? 'XOR learned' : `${config.dataset} learned`)}: ${learned}`);
  return lines;
}
