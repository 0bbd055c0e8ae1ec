import { describe, expect, it } from 'vitest';
import { appendHistory, emptyHistory, type History, historySeries, historyUpTo } from './history';

function pushAll(h: History, points: [number, number, number][]): History {
  return appendHistory(h, {
    epoch: points.map((p) => p[0]),
    loss: points.map((p) => p[1]),
    // A test loss that tells the points apart: thinning must keep it beside its own epoch.
    test: points.map((p) => p[0] + 0.5),
    mismatch: { manual: points.map((p) => p[2]) },
  });
}

describe('history', () => {
  it('keeps every epoch under capacity', () => {
    const h = pushAll(
      emptyHistory(10),
      Array.from({ length: 10 }, (_, e) => [e, 10 - e, e === 3 ? 1e-16 : 0]),
    );
    expect(historySeries(h).epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.worst).toBe(1e-16);
  });

  it('thins out past capacity without losing the worst mismatch or the newest point', () => {
    let h = emptyHistory(8);
    // In chunks, as the worker posts them.
    for (let e = 0; e < 1000; e += 7) {
      const chunk: [number, number, number][] = [];
      for (let k = e; k < Math.min(e + 7, 1000); k++) chunk.push([k, 1 / (k + 1), k === 777 ? 5e-15 : 1e-17]);
      h = pushAll(h, chunk);
    }
    const s = historySeries(h);
    expect(s.epoch.length).toBeLessThanOrEqual(9);
    expect(s.epoch[0]).toBe(0);
    expect(s.epoch.at(-1)).toBe(999);
    expect(Math.max(...s.mismatch.manual!)).toBe(5e-15);
    expect(s.epoch.every((e, i) => i === 0 || e > s.epoch[i - 1]!)).toBe(true);
    // Each kept point keeps its own epoch's losses, the test loss included.
    expect(s.test).toEqual(s.epoch.map((e) => e + 0.5));
    expect(s.loss).toEqual(s.epoch.map((e) => 1 / (e + 1)));
    expect(h.worst).toBe(5e-15);
  });

  it('lets NaN win', () => {
    const h = pushAll(emptyHistory(), [
      [0, 1, 0],
      [1, Number.NaN, Number.NaN],
    ]);
    expect(Number.isNaN(h.worst)).toBe(true);
  });

  it('never changes the history it appends to', () => {
    const a = pushAll(emptyHistory(4), [
      [0, 1, 0],
      [1, 0.5, 0],
    ]);
    const frozen = JSON.stringify(a);
    const b = pushAll(
      a,
      Array.from({ length: 20 }, (_, k) => [k + 2, 0.1, 1e-16]),
    );
    expect(JSON.stringify(a)).toBe(frozen);
    expect(b.stride).toBeGreaterThan(1);
    expect(appendHistory(b, { epoch: [], loss: [], test: [], mismatch: {} })).toBe(b);
  });

  it('keeps one series per compared method, each thinned keeping its own worse (a spike of one never shows in the other)', () => {
    let h = emptyHistory(8);
    for (let e = 0; e < 1000; e += 13) {
      const epochs = Array.from({ length: Math.min(13, 1000 - e) }, (_, k) => e + k);
      h = appendHistory(h, {
        epoch: epochs,
        loss: epochs.map(() => 1),
        test: epochs.map(() => Number.NaN),
        mismatch: {
          manual: epochs.map((k) => (k === 777 ? 5e-3 : k >= 500 ? 1e-5 : 1e-17)),
          forward: epochs.map((k) => (k === 333 ? 2e-16 : 1e-17)),
        },
      });
    }
    const s = historySeries(h);
    expect(Object.keys(s.mismatch)).toEqual(['manual', 'forward']);
    expect(s.mismatch.manual!.length).toBe(s.epoch.length);
    expect(s.mismatch.forward!.length).toBe(s.epoch.length);
    expect(Math.max(...s.mismatch.manual!)).toBe(5e-3);
    expect(Math.max(...s.mismatch.forward!)).toBe(2e-16);
    // Each kept point of a method is the worst of the epochs it stands for: before 500 the δ line
    // stays at rounding level, from the point holding epoch 500 on it is up.
    for (let i = 0; i < s.epoch.length; i++) {
      if (s.epoch[i]! < 500 && (s.epoch[i + 1] ?? 1000) <= 500) expect(s.mismatch.manual![i]).toBe(1e-17);
      if (s.epoch[i]! >= 500) expect(s.mismatch.manual![i]).toBeGreaterThanOrEqual(1e-5);
    }
    expect(h.worst).toBe(5e-3);
    // Exact, though the epoch itself was thinned out long ago.
    expect(h.partedAt).toEqual({ manual: 500, forward: null });
  });

  it('names the first epoch a method parts at, NaN counting as parted', () => {
    const h = appendHistory(emptyHistory(), {
      epoch: [0, 1, 2],
      loss: [1, 1, 1],
      test: [Number.NaN, Number.NaN, Number.NaN],
      mismatch: { manual: [0, 1e-13, Number.NaN], forward: [0, 0, Number.NaN] },
    });
    expect(h.partedAt).toEqual({ manual: 2, forward: 2 });
    const agreeing = appendHistory(emptyHistory(), {
      epoch: [0],
      loss: [1],
      test: [Number.NaN],
      mismatch: { manual: [1e-12] },
    });
    expect(agreeing.partedAt).toEqual({ manual: null });
  });

  it('holds no mismatch series when one method runs', () => {
    const h = appendHistory(emptyHistory(), { epoch: [0, 1], loss: [1, 0.5], test: [1, 1], mismatch: {} });
    expect(historySeries(h).mismatch).toEqual({});
    expect(h.worst).toBe(0);
  });

  it('cuts back to an epoch: later points go, a later parting is forgotten, the worst is the kept one', () => {
    const h = appendHistory(emptyHistory(), {
      epoch: [0, 1, 2, 3, 4],
      loss: [5, 4, 3, 2, 1],
      test: [1, 1, 1, 1, 1],
      mismatch: { manual: [1e-17, 2e-17, 1e-17, 5e-3, 1e-2], forward: [0, 0, 0, 0, 0] },
    });
    const cut = historyUpTo(h, 2);
    expect(cut.epoch).toEqual([0, 1, 2]);
    expect(cut.loss).toEqual([5, 4, 3]);
    expect(cut.mismatch).toEqual({ manual: [1e-17, 2e-17, 1e-17], forward: [0, 0, 0] });
    expect(cut.worst).toBe(2e-17);
    expect(cut.partedAt).toEqual({ manual: null, forward: null });
    expect(historyUpTo(h, 3).partedAt).toEqual({ manual: 3, forward: null });
    expect(historyUpTo(h, 4)).toBe(h);
    expect(historyUpTo(h, -1)).toEqual(emptyHistory());
    // Appending goes on after the kept points.
    const on = appendHistory(cut, {
      epoch: [3],
      loss: [9],
      test: [1],
      mismatch: { manual: [0], forward: [0] },
    });
    expect(historySeries(on).loss).toEqual([5, 4, 3, 9]);
  });
});
