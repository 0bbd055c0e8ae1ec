import { CrosscheckError, experimentEvents, runExperimentSync } from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

describe('editing a weight of a running session', () => {
  it('sets the entry in every copy; both methods go on from it and still agree', () => {
    const run = experimentEvents({ every: 1, epochs: 200, optimizer: 'momentum', layers: [2, 3, 1] });
    for (let i = 0; i < 10; i++) run.next();
    run.setParameter({ layer: 1, kind: 'W' }, 4, 2.5);
    run.setParameter({ layer: 2, kind: 'b' }, 0, -1);
    expect(run.params().W1![1]![1]).toBe(2.5);
    expect(run.params().b2![0]![0]).toBe(-1);
    const next = run.next().value;
    expect(next.type).toBe('epoch');
    expect(run.table()!.find((r) => r.name === 'W1')!.value[4]).toBe(2.5);
    let last = next;
    for (;;) {
      const step = run.next();
      if (step.done) break;
      last = step.value;
    }
    if (last.type !== 'result') throw new Error('no result');
    expect(last.maxAbsGradDiff!).toBeLessThanOrEqual(1e-12);
    expect(last.maxParamDrift!).toBeLessThanOrEqual(1e-12);
    expect(last.params).not.toEqual(
      runExperimentSync({ epochs: 200, optimizer: 'momentum', layers: [2, 3, 1] }).params,
    );
  });

  it('takes an edit before the first epoch: the run starts from the edited weights', () => {
    const run = experimentEvents({ every: 1 });
    run.setParameter({ layer: 2, kind: 'W' }, 1, 0.25);
    run.next();
    expect(run.table()!.find((r) => r.name === 'W2')!.value[1]).toBe(0.25);
  });

  it('refuses a key, an index or a value that does not fit, and changes nothing', () => {
    const run = experimentEvents({ every: 1 });
    const before = run.params();
    expect(() => run.setParameter({ layer: 3, kind: 'W' }, 0, 1)).toThrow(CrosscheckError);
    expect(() => run.setParameter({ layer: 1, kind: 'W' }, 4, 1)).toThrow(
      /index must be an integer in \[0, 3\] \(W1 is 2×2\); got 4/,
    );
    expect(() => run.setParameter({ layer: 1, kind: 'b' }, 0, Number.NaN)).toThrow(
      /value must be a finite number; got NaN/,
    );
    expect(() => run.setParameter({ layer: 1, kind: 'x' as never }, 0, 1)).toThrow(/kind: 'W' \| 'b'/);
    expect(run.params()).toEqual(before);
  });
});
