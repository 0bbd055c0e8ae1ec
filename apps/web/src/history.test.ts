import { describe, expect, it } from 'vitest';
import { appendHistory, emptyHistory, type History, historySeries } from './history';

function pushAll(h: History, points: [number, number, number][]): History {
  return appendHistory(h, {
    epoch: points.map((p) => p[0]),
    loss: points.map((p) => p[1]),
    // A test loss that tells the points apart: thinning must keep it beside its own epoch.
    test: points.map((p) => p[0] + 0.5),
    mismatch: points.map((p) => p[2]),
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
    expect(Math.max(...s.mismatch)).toBe(5e-15);
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
    expect(appendHistory(b, { epoch: [], loss: [], test: [], mismatch: [] })).toBe(b);
  });
});
