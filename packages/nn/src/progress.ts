/**
 * A progress display for {@link fit}, in the style of the `deltagrad` CLI: on a terminal one
 * bar redrawn in place; elsewhere (a file, a pipe, CI logs) one plain line per epoch.
 * Platform-neutral: it writes to any stream-like object (in Node, `process.stderr`).
 */
import { fmtValue, NnError } from './errors';
import type { FitCallbacks, FitHistory } from './fit';
import { checkOptionKeys, given, integer } from './validate';

/** Where {@link progressBar} writes: Node's `process.stderr` or `process.stdout`, or anything like them. */
export interface ProgressStream {
  write(text: string): unknown;
  /** True on a terminal: draw a bar redrawn in place; otherwise plain lines. */
  isTTY?: boolean;
  /** The terminal's width, to fit the bar. */
  columns?: number;
}

/** Options of {@link progressBar}. */
export interface ProgressOptions {
  /** The stream to write to (in Node: `process.stderr`). */
  stream: ProgressStream;
  /** Without a terminal, print every `every`-th epoch (and the last) (default 1). */
  every?: number;
  /** Draw the bar even if the stream is not a terminal (default: `stream.isTTY`). */
  tty?: boolean;
}

const FULL = '\u2588';
const EMPTY = '\u2591';
/** Redraw the bar at most this often (milliseconds), and always at an epoch's end. */
const REDRAW_MS = 80;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function fmtLoss(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2);
}

/**
 * Callbacks for `fit` that show its progress on `stream`: on a terminal a bar
 * (`training ████████░░░░ 12/30 epochs  loss 0.1234  val 0.1456  2.3s`) redrawn as batches
 * finish, left in place at the end; otherwise one line per epoch
 * (`epoch 12/30  loss 0.123456  val 0.145678  lr 0.001  2.3s`).
 *
 * @throws {@link NnError} `INVALID_OPTION` for a stream without `write` or a bad option.
 *
 * @example
 * ```ts
 * fit(model, train, { loss: 'crossEntropy', optimizer, epochs: 30, callbacks: [progressBar({ stream: process.stderr })] });
 * ```
 */
export function progressBar(opts: ProgressOptions): FitCallbacks {
  checkOptionKeys('progressBar', opts, ['stream', 'every', 'tty']);
  const stream = opts?.stream;
  if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') {
    throw new NnError(
      'INVALID_OPTION',
      `progressBar: option stream must have a write(text) method (such as Node’s standard error), got ${fmtValue(stream)}`,
    );
  }
  const every = integer('progressBar', 'every', given(opts.every, 1), 1);
  const tty = opts.tty ?? stream.isTTY === true;
  const now = () => globalThis.performance.now();
  let start = 0;
  let lastDraw = -Infinity;
  let epochs = 1;
  let batches = 1;
  let done = 0; // batches finished in all
  let epochsDone = 0;
  let loss = Number.NaN;
  let valLoss: number | undefined;
  let lastPrinted = -1;

  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - lastDraw < REDRAW_MS) return;
    lastDraw = t;
    const tail = `${epochsDone}/${epochs} epochs  loss ${Number.isNaN(loss) ? '—' : fmtLoss(loss)}${valLoss === undefined ? '' : `  val ${fmtLoss(valLoss)}`}  ${seconds(t - start)}`;
    const room = (stream.columns ?? 80) - 'training '.length - tail.length - 3;
    const width = Math.max(10, Math.min(30, room));
    const filled = Math.round((width * done) / (epochs * batches));
    stream.write(`\r\x1b[2Ktraining ${FULL.repeat(filled)}${EMPTY.repeat(width - filled)} ${tail}`);
  };

  return {
    onTrainBegin(info) {
      start = now();
      epochs = info.epochs;
      batches = Math.max(info.batches, 1);
      if (tty) draw(true);
    },
    onBatch(info) {
      done = info.epoch * batches + info.batch + 1;
      loss = info.loss;
      if (tty) draw(false);
    },
    onEpoch(info) {
      epochsDone = info.epoch + 1;
      loss = info.loss;
      valLoss = info.valLoss;
      if (tty) {
        draw(true);
      } else if (info.epoch % every === 0 || epochsDone === epochs) {
        lastPrinted = info.epoch;
        stream.write(
          `epoch ${epochsDone}/${epochs}  loss ${info.loss.toFixed(6)}${info.valLoss === undefined ? '' : `  val ${info.valLoss.toFixed(6)}`}  lr ${Number(info.lr.toPrecision(6))}  ${seconds(now() - start)}\n`,
        );
      }
    },
    onTrainEnd(history: FitHistory) {
      if (tty) {
        draw(true);
        stream.write('\n');
      } else if (history.epochs > 0 && lastPrinted !== history.epochs - 1) {
        stream.write(
          `epoch ${history.epochs}/${epochs}  loss ${history.loss.at(-1)!.toFixed(6)}  (stopped: ${history.stopReason})  ${seconds(now() - start)}\n`,
        );
      }
    },
  };
}
