import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTask, TaskTimer } from './tasks';

/** Resolves once every task queued so far (and the ones they chain) has run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await nextTask();
};

describe('nextTask', () => {
  it('resolves in a later task, not in the current one', async () => {
    let ran = false;
    const done = nextTask().then(() => {
      ran = true;
    });
    await Promise.resolve();
    expect(ran).toBe(false);
    await done;
    expect(ran).toBe(true);
  });

  it('resolves waiters in the order they asked', async () => {
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((k) => nextTask().then(() => order.push(k))));
    expect(order).toEqual([1, 2, 3]);
  });
});

describe('TaskTimer', () => {
  // Timers are faked (the clock advanced by hand); the next-task path is real.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a callback scheduled for the next task once', async () => {
    const timer = new TaskTimer();
    let calls = 0;
    timer.schedule(() => calls++, 0);
    await settle();
    expect(calls).toBe(1);
  });

  it('drops a callback cancelled before it ran (a pause between two slices)', async () => {
    const timer = new TaskTimer();
    let calls = 0;
    timer.schedule(() => calls++, 0);
    timer.cancel();
    await settle();
    expect(calls).toBe(0);
  });

  it('keeps only the latest of two schedules, whether next-task or timed', async () => {
    const timer = new TaskTimer();
    const ran: string[] = [];
    timer.schedule(() => ran.push('timed'), 5);
    timer.schedule(() => ran.push('first'), 0);
    timer.schedule(() => ran.push('second'), 0);
    await settle();
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['second']);
  });

  it('runs a timed callback after its delay, and a cancel drops it', async () => {
    const timer = new TaskTimer();
    const ran: string[] = [];
    timer.schedule(() => ran.push('kept'), 30);
    vi.advanceTimersByTime(29);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['kept']);
    timer.schedule(() => ran.push('dropped'), 30);
    timer.cancel();
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['kept']);
  });
});
