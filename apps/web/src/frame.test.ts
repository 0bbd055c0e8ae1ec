import { afterEach, describe, expect, it, vi } from 'vitest';
import { Budget, Drawn, FrameLoop, FrameTurns } from './frame';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Animation frames run by hand: `frame()` runs the callbacks queued so far. */
function fakeFrames(): { frame: () => void; pending: () => number } {
  let queue: FrameRequestCallback[] = [];
  let now = 0;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => queue.push(callback));
  return {
    frame() {
      const run = queue;
      queue = [];
      now += 16;
      for (const callback of run) callback(now);
    },
    pending: () => queue.length,
  };
}

describe('FrameLoop', () => {
  it('draws once per frame however often it is asked', () => {
    const frames = fakeFrames();
    let draws = 0;
    const loop = new FrameLoop(() => {
      draws++;
      return false;
    });
    loop.request();
    loop.request();
    frames.frame();
    expect(draws).toBe(1);
    // Nothing asked: no frame is taken (no loop while idle).
    expect(frames.pending()).toBe(0);
  });

  it('comes back for a view that is not due after retryMs, not on the next frame', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const frames = fakeFrames();
    let draws = 0;
    const loop = new FrameLoop(() => {
      draws++;
      return draws < 2;
    }, 50);
    loop.request();
    frames.frame();
    expect(frames.pending()).toBe(0);
    vi.advanceTimersByTime(49);
    expect(frames.pending()).toBe(0);
    vi.advanceTimersByTime(1);
    frames.frame();
    expect(draws).toBe(2);
    vi.advanceTimersByTime(100);
    expect(frames.pending()).toBe(0);
  });

  it('draws on the next frame when asked during the wait, once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const frames = fakeFrames();
    let draws = 0;
    const loop = new FrameLoop(() => {
      draws++;
      return draws === 1;
    }, 50);
    loop.request();
    frames.frame();
    loop.request(); // a message from the worker
    frames.frame();
    expect(draws).toBe(2);
    vi.advanceTimersByTime(100);
    expect(frames.pending()).toBe(0);
  });
});

/** A draw that the (mocked) clock says took `ms`. */
function drawTaking(ms: number): () => void {
  let t = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => t);
  return () => {
    t += ms;
  };
}

describe('Budget', () => {
  it('lets a view draw in every frame when not training', () => {
    const budget = new Budget(250, 0.1, new FrameTurns());
    budget.spend(0, drawTaking(40));
    expect(budget.due(1, false)).toBe(true);
  });

  it('spaces draws while training by the interval, or by the cost over the share if longer', () => {
    const cheap = new Budget(50, 0.2, new FrameTurns());
    cheap.spend(0, drawTaking(1));
    expect(cheap.due(49, true)).toBe(false);
    expect(cheap.due(50, true)).toBe(true);
    // 0.3 · 30 ms smoothed cost = 9 ms, at share 0.1: 90 ms apart.
    const costly = new Budget(50, 0.1, new FrameTurns());
    costly.spend(0, drawTaking(30));
    expect(costly.due(89, true)).toBe(false);
    expect(costly.due(90, true)).toBe(true);
  });

  it('lets only one costly view draw in a frame while training (their costs never add up)', () => {
    const turns = new FrameTurns();
    const charts = new Budget(50, 0.1, turns);
    const visuals = new Budget(50, 0.15, turns);
    expect(visuals.due(100, true)).toBe(true);
    charts.spend(100, drawTaking(2));
    expect(visuals.due(100, true)).toBe(false);
    // The next frame is the other view's.
    expect(visuals.due(116, true)).toBe(true);
    // Paused, every view draws at once.
    expect(visuals.due(100, false)).toBe(true);
  });
});

describe('Drawn', () => {
  it('reports a change of any input, by identity', () => {
    const drawn = new Drawn();
    const view = { epoch: 1 };
    expect(drawn.changed([view, 1])).toBe(true);
    drawn.mark([view, 1]);
    expect(drawn.changed([view, 1])).toBe(false);
    expect(drawn.changed([{ epoch: 1 }, 1])).toBe(true);
    expect(drawn.changed([view, 2])).toBe(true);
    drawn.reset();
    expect(drawn.changed([view, 1])).toBe(true);
  });
});
