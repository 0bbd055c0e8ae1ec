import type { ExperimentConfig, ResultEvent } from './types';

/**
 * Codes of {@link CrosscheckError}:
 *
 * - `INVALID_CONFIG`: an experiment option is wrong (`option` names it).
 * - `INVALID_OPTION`: an option of a function call is wrong (a sweep's `threads`, `watchdogMs`).
 * - `CANCELLED`: the run or sweep was aborted through its `AbortSignal`.
 * - `DIVERGED`: the loss or a gradient stopped being finite (`result` is the run's last record).
 * - `SWEEP_FAILED`: a sweep worker failed or fell silent past the watchdog; every worker was stopped.
 */
export type CrosscheckErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_OPTION'
  | 'CANCELLED'
  | 'DIVERGED'
  | 'SWEEP_FAILED';

/** Names an experiment option in a message: its key, its CLI flag, a control's label. */
export type OptionNamer = (key: keyof ExperimentConfig) => string;

/** What a {@link CrosscheckError} may carry besides its code and message. */
export interface CrosscheckErrorDetails {
  /** `INVALID_CONFIG`: the option at fault (for a rule joining two options, the first named). */
  option?: keyof ExperimentConfig;
  /** `INVALID_CONFIG`: the message with every option named by `name` (the message uses the keys). */
  explain?: (name: OptionNamer) => string;
  /** `DIVERGED`: the run's final record, its outcome `diverged`. */
  result?: ResultEvent;
}

/**
 * The one error of this package, with a {@link CrosscheckErrorCode}. A bad option carries its
 * key (`option`), and {@link CrosscheckError.describe} words the message with the option names
 * of the caller's interface, so no caller parses message text. A diverged run carries its last
 * record (`result`).
 *
 * @example
 * ```ts
 * try {
 *   resolveConfig({ lr: -1 });
 * } catch (e) {
 *   if (e instanceof CrosscheckError && e.option === 'lr') console.error(e.describe((k) => OPTIONS[k].flag));
 *   // --lr must be a finite positive number; got -1
 * }
 * ```
 */
export class CrosscheckError extends Error {
  override readonly name = 'CrosscheckError';
  /** The option at fault, for `INVALID_CONFIG`; else null. */
  readonly option: keyof ExperimentConfig | null;
  /** The run's last record, for `DIVERGED`; else null. */
  readonly result: ResultEvent | null;
  readonly #explain: ((name: OptionNamer) => string) | null;

  constructor(
    readonly code: CrosscheckErrorCode,
    message: string,
    details: CrosscheckErrorDetails = {},
  ) {
    super(message);
    this.option = details.option ?? null;
    this.result = details.result ?? null;
    this.#explain = details.explain ?? null;
  }

  /** The message with every option named by `name` (e.g. `(key) => OPTIONS[key].flag`). */
  describe(name: OptionNamer): string {
    return this.#explain ? this.#explain(name) : this.message;
  }
}

/** @internal An `INVALID_CONFIG` error whose message is built by `explain` (with keys as names). */
export function configError(
  option: keyof ExperimentConfig | null,
  explain: (name: OptionNamer) => string,
): CrosscheckError {
  return new CrosscheckError(
    'INVALID_CONFIG',
    explain((key) => key),
    {
      ...(option === null ? {} : { option }),
      explain,
    },
  );
}
