import { Worker } from 'node:worker_threads';
import { CrosscheckError } from '@deltagrad/crosscheck';
import { runSweep, superviseWorkers } from '@deltagrad/crosscheck/node';
import { describe, expect, it } from 'vitest';

/** A worker running `code` (CommonJS, with `parentPort` in scope). */
const worker = (code: string) =>
  new Worker(`const { parentPort } = require('node:worker_threads');\n${code}`, { eval: true });

/** Resolves when the worker has exited (at once if it already has). */
const exited = (w: Worker) =>
  new Promise<void>((resolve) => {
    if (w.threadId === -1) resolve();
    else w.once('exit', () => resolve());
  });

async function rejection(p: Promise<unknown>): Promise<CrosscheckError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof CrosscheckError) return error;
    throw error;
  }
  throw new Error('did not reject');
}

describe('runSweep', () => {
  it.each([2.5, Number.NaN, -1, Number.POSITIVE_INFINITY])(
    'rejects threads %s before running anything',
    async (threads) => {
      const error = await rejection(runSweep({ epochs: 1 }, [0, 1, 2, 3, 4], { threads }));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.message).toBe(`runSweep: option threads must be an integer ≥ 0; got ${threads}`);
    },
  );

  it('rejects a bad watchdog and a bad seed', async () => {
    expect((await rejection(runSweep({}, [0], { watchdogMs: 0 }))).message).toMatch(
      /watchdogMs must be a finite positive number; got 0/,
    );
    const seed = await rejection(runSweep({}, [1.5], { threads: 0 }));
    expect([seed.code, seed.option]).toEqual(['INVALID_CONFIG', 'seed']);
  });

  it('reports each seed as it finishes and stops at an abort, keeping what finished', async () => {
    const stop = new AbortController();
    const seen: number[] = [];
    const run = runSweep({ epochs: 50 }, [0, 1, 2, 3], {
      threads: 0,
      signal: stop.signal,
      onOutcome: (o) => {
        seen.push(o.seed);
        if (seen.length === 2) stop.abort();
      },
    });
    expect((await rejection(run)).code).toBe('CANCELLED');
    expect(seen).toEqual([0, 1]);
  });
});

describe('superviseWorkers', () => {
  it('a failing worker stops every worker at once and names itself', async () => {
    const failing = worker(`parentPort.postMessage('one'); throw new Error('boom');`);
    // Busy forever: it never ends unless it is terminated.
    const busy = worker(`parentPort.postMessage('hello'); for (;;) {}`);
    const messages: string[] = [];
    const error = await rejection(
      superviseWorkers<string>([failing, busy], { watchdogMs: 60_000, onMessage: (m) => messages.push(m) }),
    );
    expect(error.code).toBe('SWEEP_FAILED');
    expect(error.message).toBe('sweep worker 1 of 2 failed: boom; stopped every worker');
    await exited(busy);
    expect(busy.threadId).toBe(-1);
  });

  it('a worker silent past the watchdog is a failure', async () => {
    const talkative = worker(`setInterval(() => parentPort.postMessage('alive'), 5);`);
    // Started and talking before the watchdog runs, so only the silent one can be late.
    await new Promise((resolve) => talkative.once('message', resolve));
    const silent = worker(`for (;;) {}`);
    const error = await rejection(
      superviseWorkers([talkative, silent], { watchdogMs: 1000, onMessage: () => {} }),
    );
    expect(error.message).toBe(
      'sweep worker 2 of 2 sent nothing for 1000 ms (watchdog); stopped every worker',
    );
    await Promise.all([exited(talkative), exited(silent)]);
  });

  it('an abort stops every worker', async () => {
    const busy = worker(`parentPort.postMessage('started'); for (;;) {}`);
    const stop = new AbortController();
    const run = superviseWorkers([busy], {
      watchdogMs: 60_000,
      signal: stop.signal,
      onMessage: () => stop.abort(),
    });
    expect((await rejection(run)).code).toBe('CANCELLED');
    await exited(busy);
  });

  it('resolves when every worker exits normally', async () => {
    const got: string[] = [];
    await superviseWorkers<string>(
      [worker(`parentPort.postMessage('a');`), worker(`parentPort.postMessage('b');`)],
      {
        watchdogMs: 60_000,
        onMessage: (m) => got.push(m),
      },
    );
    expect(got.sort()).toEqual(['a', 'b']);
  });
});
