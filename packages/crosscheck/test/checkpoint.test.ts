import {
  CrosscheckError,
  type ExperimentConfig,
  type ExperimentEvent,
  experimentEvents,
  type RunCheckpoint,
} from '@deltagrad/crosscheck';
import { describe, expect, it } from 'vitest';

/** Every event of a run to its end, the tables included (θ and every method's gradient). */
function drain(run: Generator<ExperimentEvent>): ExperimentEvent[] {
  return [...run];
}

/** The run's checkpoint after `epochs` epochs. */
function checkpointAt(config: Partial<ExperimentConfig>, epochs: number): RunCheckpoint {
  const run = experimentEvents(config, { table: true });
  for (let k = 0; k < epochs; k++) run.next();
  const c = run.checkpoint();
  if (!c) throw new Error('no checkpoint');
  return c;
}

describe('checkpoints', () => {
  // A 2-3-3-1 net with an injected mistake (the δ side's θ parts from autodiff's), forward mode
  // on, an L2 penalty, finite differences now and then and edits before and after the checkpoint.
  const config: Partial<ExperimentConfig> = {
    layers: [2, 3, 3, 1],
    method: ['autodiff', 'manual', 'forward'],
    bug: 'sumNotMean',
    regularization: 'l2',
    regularizationRate: 0.01,
    finiteDifferenceEvery: 7,
    epochs: 60,
    every: 1,
    edits: [
      { epoch: 5, layer: 1, kind: 'W', row: 0, col: 1, value: 0.75 },
      { epoch: 40, layer: 2, kind: 'b', row: 0, col: 2, value: -0.3 },
    ],
  };

  it('go on to the same events and result, bit for bit, as the run from epoch 0', () => {
    const whole = drain(experimentEvents(config, { table: true }));
    for (const at of [1, 5, 23, 40]) {
      const resumed = drain(experimentEvents(config, { table: true, from: checkpointAt(config, at) }));
      // toEqual tells +0 from −0 and NaN from numbers: every θ and gradient entry, every figure.
      expect(resumed, `from epoch ${at}`).toEqual(whole.slice(at));
    }
  });

  it('serve a run whose edits differ from the checkpoint on', () => {
    const edited = { ...config, edits: [config.edits![0]!, { ...config.edits![1]!, value: 2 }] };
    const whole = drain(experimentEvents(edited, { table: true }));
    const resumed = drain(experimentEvents(edited, { table: true, from: checkpointAt(config, 30) }));
    expect(resumed).toEqual(whole.slice(30));
  });

  it('written into an earlier one, allocate no new parameter arrays', () => {
    const run = experimentEvents(config);
    run.next();
    const first = run.checkpoint()!;
    const arrays = first.params.flatMap((set) => set.flatMap((p) => [p.W, p.b]));
    run.next();
    const second = run.checkpoint(first)!;
    expect(second.epoch).toBe(2);
    expect(second.params.flatMap((set) => set.flatMap((p) => [p.W, p.b]))).toEqual(arrays);
    expect(second.params).toEqual(checkpointAt(config, 2).params);
    // A copy, not a view of the engines' arrays: training on leaves it as it was.
    const kept = structuredClone(second.params);
    run.next();
    expect(second.params).toEqual(kept);
  });

  it('are not offered where the state is more than the parameters, and a wrong one is refused', () => {
    expect(experimentEvents({ optimizer: 'adam' }).checkpoint()).toBeNull();
    expect(experimentEvents({ dataset: 'circle', batchSize: 10 }).checkpoint()).toBeNull();
    const ended = experimentEvents({ epochs: 2 });
    drain(ended);
    expect(ended.checkpoint()).toBeNull();
    const c = checkpointAt(config, 3);
    const refused = (overrides: Partial<ExperimentConfig>, from: RunCheckpoint, what: RegExp) => {
      expect(() => experimentEvents(overrides, { from })).toThrow(CrosscheckError);
      expect(() => experimentEvents(overrides, { from })).toThrow(what);
    };
    refused({ ...config, optimizer: 'momentum' }, c, /only with plain SGD on full batches/);
    refused({ ...config, method: ['autodiff', 'manual'] }, c, /holds 3 methods' parameters; this run has 2/);
    refused(
      { ...config, layers: [2, 4, 3, 1] },
      c,
      /W1 of method autodiff does not have this run's shape 2×4/,
    );
    refused({ ...config, epochs: 3, edits: [] }, c, /epoch must be an integer in \[0, 2\]; got 3/);
  });
});
