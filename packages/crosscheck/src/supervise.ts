import type { Worker } from 'node:worker_threads';
import { CrosscheckError } from './errors';

/** Options of {@link superviseWorkers}. */
export interface SuperviseOptions<M> {
  /** A worker that sends nothing for this long (ms) has failed. */
  watchdogMs: number;
  /** Aborting stops every worker and rejects with `CANCELLED`. */
  signal?: AbortSignal;
  /** Each message of worker `index` (a throw here fails the whole group). */
  onMessage(message: M, index: number): void;
}

/**
 * Waits until every worker has exited normally. The first failure — an uncaught error, a
 * non-zero exit, a worker silent for `watchdogMs`, an abort — terminates every worker at once,
 * then rejects: one failed worker never leaves the others running on.
 *
 * @throws {@link CrosscheckError} `SWEEP_FAILED` naming the worker and what happened; `CANCELLED`.
 */
export function superviseWorkers<M>(workers: readonly Worker[], opts: SuperviseOptions<M>): Promise<void> {
  const n = workers.length;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let running = n;
    const timers: (ReturnType<typeof setTimeout> | undefined)[] = new Array(n);
    const stopTimers = () => {
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      stopTimers();
      Promise.allSettled(workers.map((w) => w.terminate())).then(() => reject(error));
    };
    const failed = (i: number, what: string) =>
      fail(
        new CrosscheckError('SWEEP_FAILED', `sweep worker ${i + 1} of ${n} ${what}; stopped every worker`),
      );
    const arm = (i: number) => {
      clearTimeout(timers[i]);
      timers[i] = setTimeout(
        () => failed(i, `sent nothing for ${opts.watchdogMs} ms (watchdog)`),
        opts.watchdogMs,
      );
    };
    function onAbort() {
      fail(new CrosscheckError('CANCELLED', 'runSweep: cancelled'));
    }
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    workers.forEach((worker, i) => {
      arm(i);
      worker.on('message', (message: M) => {
        if (settled) return;
        arm(i);
        try {
          opts.onMessage(message, i);
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
        }
      });
      worker.on('error', (error) => failed(i, `failed: ${error.message}`));
      worker.on('exit', (code) => {
        clearTimeout(timers[i]);
        if (settled) return;
        if (code !== 0) return failed(i, `exited with code ${code}`);
        if (--running === 0) {
          settled = true;
          stopTimers();
          resolve();
        }
      });
    });
  });
}
