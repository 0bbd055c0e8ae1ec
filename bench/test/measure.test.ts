import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..');

// measure.mjs runs as `pnpm bench` runs it: a Node process importing the built packages, so
// turbo.json makes the bench's tests wait for its dependencies' builds (`^build`).
describe('measure.mjs', () => {
  it('prints one JSON line with the timings, the GC counts and the page faults per step', () => {
    const out = execFileSync(process.execPath, ['src/measure.mjs', 'seed', 'plain'], {
      cwd: bench,
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const m = JSON.parse(lines[0]!);
    expect(m.steps).toBe(20_000);
    for (const key of ['usPerStep', 'wallMedianUs', 'cpuUsPerStep', 'loss', 'gcs', 'gcMs', 'faultsPerStep'])
      expect(Number.isFinite(m[key]), key).toBe(true);
    // A count of faults over the timed steps, divided by their number: whole and never negative.
    const faults = m.faultsPerStep * m.steps;
    expect(faults).toBeGreaterThanOrEqual(0);
    expect(faults).toBeCloseTo(Math.round(faults), 6);
  });
});
