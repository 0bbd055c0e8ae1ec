import { describe, expect, it } from 'vitest';
import { chunkSizes, MAX_CHUNKS, median, medianStepUs, summarise } from '../src/summary.mjs';

describe('chunkSizes', () => {
  it.each([1, 7, 30, 200, 201, 20_000, 20_001])('splits %i steps into at most 200 even chunks', (steps) => {
    const sizes = chunkSizes(steps);
    expect(sizes.length).toBe(Math.min(steps, MAX_CHUNKS));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(steps);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // The longer chunks come first.
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });
});

describe('median and medianStepUs', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('is the median of the chunks’ times per step, so an interrupted chunk does not move it', () => {
    // Four chunks of 100 steps at 1 µs a step, and one another process held for 5 ms.
    const ns = [100_000, 100_000, 5_100_000, 100_000, 110_000];
    expect(medianStepUs(ns, [100, 100, 100, 100, 100])).toBe(1);
    // Chunks of unequal length: each chunk's time per step counts, not its total.
    expect(medianStepUs([300_000, 200_000, 900_000], [3, 2, 3])).toBe(100);
  });
});

describe('summarise: a step table row', () => {
  /** One measurement line as measure.mjs prints it. */
  const round = (cpuUsPerStep: number, wallMedianUs: number, usPerStep: number, gcMs?: number) => ({
    steps: 40,
    usPerStep,
    wallMedianUs,
    cpuUsPerStep,
    ...(gcMs === undefined ? {} : { gcMs }),
  });
  const plainRounds = [round(10, 12, 20, 0), round(11, 13, 30, 0), round(9, 11, 40, 0)];

  it('gives the medians over rounds of CPU and wall time per step, each over the plain loop’s', () => {
    const plain = summarise(plainRounds, 1e6);
    expect(plain.cpuUs).toBe(10);
    expect(plain.wallUs).toBe(12);
    expect(plain.cpuRatio).toBeNaN(); // no plain loop to compare with
    const row = summarise([round(25, 24, 50, 0), round(20, 30, 60, 0), round(40, 36, 90, 0)], 1e6, plain);
    expect(row.cpuUs).toBe(25);
    expect(row.wallUs).toBe(30);
    expect(row.cpuRatio).toBe(2.5);
    expect(row.wallRatio).toBe(2.5);
  });

  it('takes GFLOP/s from the CPU time', () => {
    // 2·10⁹ flops in 0.5 s of CPU time (the wall time, 1 s, is not used).
    const row = summarise([round(500_000, 1_000_000, 1_000_000)], 2e9);
    expect(row.gflops).toBeCloseTo(4, 12);
  });

  it('gives the GC share of the timed steps’ wall time, or none when the peer reports no GC', () => {
    // 40 steps of 100 µs = 4 ms of wall time; GC pauses of 1, 2 and 0.4 ms: shares 25 %, 50 %, 10 %.
    const row = summarise([round(90, 95, 100, 1), round(90, 95, 100, 2), round(90, 95, 100, 0.4)], 1);
    expect(row.gcShare).toBeCloseTo(0.25, 12);
    expect(summarise([round(90, 95, 100)], 1).gcShare).toBeUndefined();
  });
});
