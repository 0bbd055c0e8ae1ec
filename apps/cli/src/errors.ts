/**
 * A mistake in how the command was called: printed as one line on stderr, exit code 2.
 * Anything else that goes wrong exits 1, also with one line.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes: 0 done, 1 the run failed, 2 bad usage, 130 interrupted (Ctrl-C, as shells report SIGINT). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
