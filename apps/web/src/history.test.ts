import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('keeps every epoch under capacity', () => {
    const h = new History(10);
    for (let e = 0; e < 10; e++) h.push(e, 10 - e, e === 3 ? 1e-16 : 0);
    expect(h.series().epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.worst).toBe(1e-16);
  });

  it('thins out past capacity without losing the worst mismatch or the newest point', () => {
    const h = new History(8);
    for (let e = 0; e < 1000; e++) h.push(e, 1 / (e + 1), e === 777 ? 5e-15 : 1e-17);
    const s = h.series();
    expect(s.epoch.length).toBeLessThanOrEqual(9);
    expect(s.epoch[0]).toBe(0);
    expect(s.epoch.at(-1)).toBe(999);
    expect(Math.max(...s.mismatch)).toBe(5e-15);
    expect(s.epoch.every((e, i) => i === 0 || e > s.epoch[i - 1]!)).toBe(true);
    expect(h.worst).toBe(5e-15);
  });

  it('lets NaN win', () => {
    const h = new History();
    h.push(0, 1, 0);
    h.push(1, Number.NaN, Number.NaN);
    expect(Number.isNaN(h.worst)).toBe(true);
  });
});
